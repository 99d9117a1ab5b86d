// Observations grouped by theme, then action field (official order and labels).
// "Add" creates an empty observation at once, so there is nothing to forget to save.
import { For, createMemo, createSignal } from 'solid-js';
import { THEMES, fieldsOfTheme } from '../../../shared/domain/action-fields';
import type { ActionFieldId, Observation } from '../../../shared/domain/schemas';
import { addObservation } from '../../db/mutators';
import { label, t } from '../../i18n';
import { saveNow } from '../autosave';
import { useDb } from '../../db/db-context';
import { ObservationCard } from './observation-card';

/** The observations of one place (an action field, or general) and the button adding one there. */
function ObservationList(props: {
  list: readonly Observation[];
  place: string;
  focusId: string | null;
  onAdd: () => void;
  onDeleted: (id: string) => void;
}) {
  return (
    <>
      <For each={props.list}>
        {(o, i) => (
          <ObservationCard
            obs={o}
            n={i() + 1}
            autofocus={props.focusId === o.id}
            onDeleted={props.onDeleted}
          />
        )}
      </For>
      <button
        type="button"
        class="btn add"
        aria-label={t('obs.addTo', { field: props.place })}
        onClick={() => props.onAdd()}
      >
        + {t('obs.add')}
      </button>
    </>
  );
}

export function ObservationsSection(props: {
  visitId: string;
  observations: readonly Observation[];
  onDeleted: (id: string) => void;
}) {
  const db = useDb();
  const [focusId, setFocusId] = createSignal<string | null>(null);
  const byField = createMemo(() => {
    const m = new Map<string, Observation[]>();
    for (const o of props.observations)
      if (o.fieldId) m.set(o.fieldId, [...(m.get(o.fieldId) ?? []), o]);
    return m;
  });
  const general = () => props.observations.filter((o) => !o.fieldId);
  const add = (fieldId: ActionFieldId | null) =>
    void saveNow(`obs:add:${fieldId ?? 'general'}`, async () => {
      const o = await addObservation(db, { visitId: props.visitId, fieldId });
      setFocusId(o.id);
    });

  return (
    <section aria-labelledby="obs-h">
      <h2 id="obs-h">{t('visit.observations')}</h2>
      <For each={THEMES}>
        {(theme) => (
          <div class="theme">
            <h3 class="theme-title">
              <span class="theme-letter" aria-hidden="true">
                {theme.id}
              </span>
              {label(theme)}
            </h3>
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
                    <ObservationList
                      list={list()}
                      place={label(field)}
                      focusId={focusId()}
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
        <ObservationList
          list={general()}
          place={t('obs.general')}
          focusId={focusId()}
          onAdd={() => add(null)}
          onDeleted={props.onDeleted}
        />
      </section>
    </section>
  );
}
