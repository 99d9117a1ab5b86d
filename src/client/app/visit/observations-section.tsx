// Observations grouped by theme, then action field (official order and labels).
// "Add" creates an empty observation at once, so there is nothing to forget to save.
// A long visit renders its first cards with the page and the rest in idle chunks (in page
// order), so the page paints at once; a card once shown stays, so a field being edited keeps
// its input and focus. Every field's section (the coverage strip's anchors) is there at once.
import { For, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import { THEMES, fieldsOfTheme } from '../../../shared/domain/action-fields';
import type { ActionFieldId, Observation } from '../../../shared/domain/schemas';
import { addObservation } from '../../db/mutators';
import { defaultPerspective } from '../../../shared/policy';
import { usePolicy } from '../shell/use-policy';
import type { FieldKey, PreviousFindings as PreviousFindingsOf } from '../../db/briefing-queries';
import type { PhotosByTarget } from '../../db/queries';
import { label, t } from '../../i18n';
import { saveNow } from '../autosave';
import { useDb } from '../../db/db-context';
import { whenIdle } from '../idle';
import { idleAfterNextPaint } from './after-paint';
import { CARD_MS_GUESS, chunkSize } from './card-chunks';
import { ThemeTitle } from '../components/theme-title';
import { PreviousFindings } from '../site/previous-findings';
import { ObservationCard } from './observation-card';
import { Editable } from '../components/read-only';

/**
 * Cards rendered with the page's first frame. The first card starts below the first screen of a
 * phone or a laptop (about 1,100 px down, under the coverage strip, details and checklists);
 * three reach down past a tall monitor's screen, so no card arriving later moves what is seen.
 * They are made as boxes (a third of the script of a card with its controls, about 25 ms less
 * in the first frame at 4× CPU) and get their controls in the first idle moment after that
 * frame is painted, wherever they are: a short visit has nothing waiting. The boxes are drawn
 * like the controls, so nothing moves when they wake.
 */
const FIRST_CARDS = 3;
/** The observations of one place (an action field, or general) and the button adding one there. */
function ObservationList(props: {
  list: readonly Observation[];
  place: string;
  focusId: string | null;
  photos: PhotosByTarget | undefined;
  shown: (id: string) => boolean;
  /** When a card's waiting fields wake besides coming near the screen (the first cards'). */
  wakes: (id: string) => (() => boolean) | undefined;
  onAdd: () => void;
  onDeleted: (id: string) => void;
}) {
  // The shown cards of a place are always the first ones of its list, so i() is the card's number.
  const shown = () => props.list.filter((o) => props.shown(o.id));
  return (
    <>
      <For each={shown()}>
        {(o, i) => (
          <ObservationCard
            obs={o}
            n={i() + 1}
            autofocus={props.focusId === o.id}
            photos={props.photos?.[o.id]}
            onDeleted={props.onDeleted}
            wakes={props.wakes(o.id)}
          />
        )}
      </For>
      <Editable>
        <button
          type="button"
          class="btn add"
          aria-label={t('obs.addTo', { field: props.place })}
          onClick={() => props.onAdd()}
        >
          + {t('obs.add')}
        </button>
      </Editable>
    </>
  );
}

export function ObservationsSection(props: {
  visitId: string;
  observations: readonly Observation[];
  /** The visit's photos by observation (the page's one photo query). */
  photos: PhotosByTarget | undefined;
  /** What the visits before found per field, shown collapsed above each field's cards. */
  previous: PreviousFindingsOf | undefined;
  onDeleted: (id: string) => void;
}) {
  const db = useDb();
  const before = (key: FieldKey) => (
    <PreviousFindings
      group={props.previous?.byField[key]}
      previousId={props.previous?.previous?.id ?? null}
      photos={props.previous?.photos ?? {}}
    />
  );
  const [focusId, setFocusId] = createSignal<string | null>(null);
  const byField = createMemo(() => {
    const m = new Map<string, Observation[]>();
    for (const o of props.observations)
      if (o.fieldId) {
        const list = m.get(o.fieldId);
        if (list) list.push(o);
        else m.set(o.fieldId, [o]);
      }
    return m;
  });
  const general = createMemo(() => props.observations.filter((o) => !o.fieldId));
  // Render order = page order: themes, their fields, then general.
  const pageOrder = createMemo(() => {
    const ids: string[] = [];
    for (const theme of THEMES)
      for (const field of fieldsOfTheme(theme.id))
        for (const o of byField().get(field.id) ?? []) ids.push(o.id);
    for (const o of general()) ids.push(o.id);
    return ids;
  });
  const [limit, setLimit] = createSignal(FIRST_CARDS);
  const [firstAwake, setFirstAwake] = createSignal(false);
  const shownIds = createMemo(() => {
    const n = limit();
    return n === Infinity ? null : new Set(pageOrder().slice(0, n));
  });
  const shown = (id: string) => shownIds()?.has(id) !== false || focusId() === id;
  // The first frame's cards wake after that frame; the later ones wait as boxes until they come
  // near the screen (components/dormant.tsx).
  const firstIds = createMemo(() => new Set(pageOrder().slice(0, FIRST_CARDS)));
  const wakes = (id: string) => (firstIds().has(id) ? firstAwake : undefined);
  createEffect(
    on(
      () => props.visitId,
      () => setLimit(FIRST_CARDS),
      { defer: true },
    ),
  );
  // Measured on this device: a fast laptop makes dozens of cards per chunk, a slow phone a few.
  let cardMs = CARD_MS_GUESS;
  createEffect(() => {
    const n = limit();
    // The first idle moment after the first frame wakes its cards (a task of its own); the
    // chunks come after that. It waits for that frame to be on screen: an idle callback may
    // otherwise come before that frame and hold it up.
    if (!firstAwake()) return void onCleanup(idleAfterNextPaint(() => setFirstAwake(true), 100));
    if (n === Infinity) return;
    if (n >= pageOrder().length) return void setLimit(Infinity); // from now on every card at once
    const more = () => {
      const count = chunkSize(cardMs);
      const start = performance.now();
      setLimit(n + count); // renders the cards now, synchronously
      cardMs = Math.max(0.1, (performance.now() - start) / count);
    };
    onCleanup(whenIdle(more, 100, 1));
  });
  // A new observation starts in the role's perspective (Quartiersmanagement: Innensicht).
  const { user } = usePolicy();
  const perspective = () => defaultPerspective(user()?.role ?? 'member');
  const add = (fieldId: ActionFieldId | null) =>
    void saveNow(`obs:add:${fieldId ?? 'general'}`, async () => {
      const o = await addObservation(db, {
        visitId: props.visitId,
        fieldId,
        perspective: perspective(),
      });
      setFocusId(o.id);
    });

  return (
    <section aria-labelledby="obs-h">
      <h2 id="obs-h">{t('visit.observations')}</h2>
      <For each={THEMES}>
        {(theme) => (
          <div class="theme">
            <ThemeTitle theme={theme} />
            <For each={fieldsOfTheme(theme.id)}>
              {(field) => {
                const list = () => byField().get(field.id) ?? [];
                return (
                  <section
                    class="field-block"
                    id={`field-${field.id}`}
                    aria-labelledby={`fh-${field.id}`}
                    data-count={list().length}
                  >
                    <h4 id={`fh-${field.id}`}>{label(field)}</h4>
                    {before(field.id)}
                    <ObservationList
                      list={list()}
                      place={label(field)}
                      focusId={focusId()}
                      photos={props.photos}
                      shown={shown}
                      wakes={wakes}
                      onAdd={() => add(field.id)}
                      onDeleted={props.onDeleted}
                    />
                  </section>
                );
              }}
            </For>
          </div>
        )}
      </For>
      <section class="field-block general" id="field-general" aria-labelledby="fh-general">
        <h3 id="fh-general" class="theme-title">
          {t('obs.general')}
        </h3>
        {before('general')}
        <ObservationList
          list={general()}
          place={t('obs.general')}
          focusId={focusId()}
          photos={props.photos}
          shown={shown}
          wakes={wakes}
          onAdd={() => add(null)}
          onDeleted={props.onDeleted}
        />
      </section>
    </section>
  );
}
