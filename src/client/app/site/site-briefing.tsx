// The site page's briefing, read offline from this device: what changed since the previous
// visit, then per theme and action field the last visits' findings (with ratings, authors and
// photos) and the open follow-ups; fields nobody has looked at yet are named in one line per theme.
import { For, type JSX, Show } from 'solid-js';
import { THEMES, actionField } from '../../../shared/domain/action-fields';
import type { FieldBriefing, SiteBriefing } from '../../db/briefing-queries';
import { label, lang } from '../../i18n';
import { bt } from '../../i18n/briefing';
import { formatDate } from '../../i18n/format';
import { ThemeTitle } from '../components/theme-title';
import { FindingGroup } from './finding-item';
import { FollowUpLine } from './follow-up-line';
import { PhotoThumbs } from './photo-thumbs';
import { SinceLastVisit } from './since-last-visit';
import '../styles/briefing.css';

const hasContent = (f: FieldBriefing) => f.groups.length > 0 || f.openFollowUps.length > 0;
const fieldLabel = (f: FieldBriefing) =>
  f.fieldId ? label(actionField(f.fieldId)!) : bt('general');

/** One action field (or the visit-level notes): its last visits' findings and open follow-ups. */
function FieldSection(props: {
  field: FieldBriefing;
  briefing: SiteBriefing;
  children?: JSX.Element;
}) {
  const id = () => `bf-${props.field.fieldId ?? 'general'}`;
  return (
    <section class="brief-field" aria-labelledby={id()}>
      <Show
        when={props.field.fieldId}
        fallback={
          <h3 id={id()} class="theme-title">
            {fieldLabel(props.field)}
          </h3>
        }
      >
        <h4 id={id()}>{fieldLabel(props.field)}</h4>
      </Show>
      <For each={props.field.groups}>
        {(g) => (
          <FindingGroup visit={g.visit} findings={g.findings} photos={props.briefing.photos} />
        )}
      </For>
      <Show when={props.field.openFollowUps.length > 0}>
        <p class="brief-sub">{bt('openFollowUps')}</p>
        <ul class="brief-follow-ups">
          <For each={props.field.openFollowUps}>{(f) => <FollowUpLine followUp={f} />}</For>
        </ul>
      </Show>
      {props.children}
    </section>
  );
}

export function SiteBriefingView(props: { briefing: SiteBriefing }) {
  const b = () => props.briefing;
  const fieldsOf = (theme: string) =>
    b().fields.filter((f) => f.fieldId && actionField(f.fieldId)!.theme === theme);
  const general = () => b().fields.find((f) => f.fieldId === null)!;
  const latestPhotos = () => (b().latest ? b().visitPhotos[b().latest!.id] : undefined);
  return (
    <section class="briefing" aria-labelledby="briefing-h">
      <h2 id="briefing-h">{bt('title')}</h2>
      <Show when={b().latest} fallback={<p class="empty">{bt('empty')}</p>}>
        <p class="meta">{bt('intro')}</p>
        <Show when={b().since} fallback={<p class="meta">{bt('sinceNone')}</p>}>
          {(since) => <SinceLastVisit since={since()} />}
        </Show>
        <For each={THEMES}>
          {(theme) => {
            const shown = () => fieldsOf(theme.id).filter(hasContent);
            const blank = () => fieldsOf(theme.id).filter((f) => !hasContent(f));
            return (
              <div class="theme">
                <ThemeTitle theme={theme} />
                <For each={shown()}>{(f) => <FieldSection field={f} briefing={b()} />}</For>
                <Show when={blank().length > 0}>
                  <p class="empty brief-uncovered">
                    {bt('uncovered', { fields: blank().map(fieldLabel).join(' · ') })}
                  </p>
                </Show>
              </div>
            );
          }}
        </For>
        <Show when={hasContent(general()) || latestPhotos()}>
          <FieldSection field={general()} briefing={b()}>
            <Show when={b().latest && latestPhotos()}>
              <p class="brief-sub">
                {bt('visitPhotos', { date: formatDate(b().latest!.date, lang(), 'medium') })}
              </p>
              <PhotoThumbs photos={latestPhotos()} />
            </Show>
          </FieldSection>
        </Show>
      </Show>
    </section>
  );
}
