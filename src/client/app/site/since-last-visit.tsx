// "Seit dem vorigen Besuch": what changed between the site's last two visits with findings —
// ratings up or down per field (each perspective's field rating, else each kind of finding's
// average, never one average across kinds), fields newly covered or left out, follow-ups agreed
// at the latest visit and those closed since the previous one.
import { For, type JSX, Show } from 'solid-js';
import { actionField } from '../../../shared/domain/action-fields';
import type { ActionFieldId } from '../../../shared/domain/schemas';
import { OBSERVATION_KINDS } from '../../../shared/domain/vocab';
import type { RatingBasis, SinceLastVisit } from '../../db/briefing-queries';
import { label, lang } from '../../i18n';
import { bt } from '../../i18n/briefing';
import { rat } from '../../i18n/ratings';
import { formatDate, formatDecimal } from '../../i18n/format';
import { FollowUpLine } from './follow-up-line';

const fieldName = (id: ActionFieldId) => label(actionField(id)!);
/** What a change compares: "Außensicht", or "Befunde „Stärke“, Durchschnitt". */
const basisName = (b: RatingBasis) =>
  'view' in b
    ? rat(b.view === 'outside' ? 'outsideShort' : 'localShort')
    : rat('sinceKind', { kind: label(OBSERVATION_KINDS[b.kind]) });

function Part(props: { when: boolean; title: string; children: JSX.Element }) {
  return (
    <Show when={props.when}>
      <h4>{props.title}</h4>
      {props.children}
    </Show>
  );
}

function FieldNames(props: { ids: readonly ActionFieldId[] }) {
  return (
    <ul class="since-fields">
      <For each={props.ids}>{(id) => <li>{fieldName(id)}</li>}</For>
    </ul>
  );
}

export function SinceLastVisit(props: { since: SinceLastVisit }) {
  const s = () => props.since;
  const date = (iso: string) => formatDate(iso, lang(), 'medium');
  const nothing = () =>
    !s().ratings.length &&
    !s().newlyCovered.length &&
    !s().noLongerCovered.length &&
    !s().newFollowUps.length &&
    !s().closedFollowUps.length;
  return (
    <section class="card since" aria-labelledby="since-h">
      <h3 id="since-h">{bt('since')}</h3>
      <p class="meta">
        {bt('sinceCompared', { latest: date(s().latest.date), previous: date(s().previous.date) })}
      </p>
      <Show when={nothing()}>
        <p class="empty">{bt('sinceNothing')}</p>
      </Show>
      <Part when={s().ratings.length > 0} title={rat('sinceRatings')}>
        <ul class="since-ratings">
          <For each={s().ratings}>
            {(r) => {
              const up = () => r.after > r.before;
              return (
                <li data-trend={up() ? 'up' : 'down'}>
                  <span class="trend" aria-hidden="true">
                    {up() ? '↑' : '↓'}
                  </span>{' '}
                  {fieldName(r.fieldId)} ({basisName(r.basis)}): {formatDecimal(r.before, lang())} →{' '}
                  {formatDecimal(r.after, lang())}{' '}
                  <span class="meta">({up() ? bt('ratingUp') : bt('ratingDown')})</span>
                </li>
              );
            }}
          </For>
        </ul>
      </Part>
      <Part when={s().newlyCovered.length > 0} title={bt('newlyCovered')}>
        <FieldNames ids={s().newlyCovered} />
      </Part>
      <Part when={s().noLongerCovered.length > 0} title={bt('noLongerCovered')}>
        <FieldNames ids={s().noLongerCovered} />
      </Part>
      <Part when={s().newFollowUps.length > 0} title={bt('newFollowUps')}>
        <ul class="brief-follow-ups">
          <For each={s().newFollowUps}>{(f) => <FollowUpLine followUp={f} />}</For>
        </ul>
      </Part>
      <Part when={s().closedFollowUps.length > 0} title={bt('closedFollowUps')}>
        <ul class="brief-follow-ups">
          <For each={s().closedFollowUps}>{(f) => <FollowUpLine followUp={f} />}</For>
        </ul>
      </Part>
    </section>
  );
}
