// The visit's checklists, one collapsible group per template; each item is open /
// done / not applicable with a note, saved on change.
import { For, Show } from 'solid-js';
import { CHECKLIST_TEMPLATES } from '../../../shared/domain/checklist-templates';
import type { ChecklistItem } from '../../../shared/domain/schemas';
import { CHECK_STATES } from '../../../shared/domain/vocab';
import { updateChecklistItem } from '../../db/mutators';
import { label, lang, t } from '../../i18n';
import { checklistProgressText } from '../../i18n/checklist';
import { checklistProgress } from '../../../shared/domain/checklist-progress';
import { ByLine } from '../components/by-line';
import { TextField } from '../components/fields';
import { saveNow } from '../autosave';
import { useDb } from '../../db/db-context';
import '../styles/checklist.css';

const STATES = ['open', 'done', 'na'] as const;

function ItemRow(props: { item: ChecklistItem; text: string }) {
  const db = useDb();
  const setState = (state: ChecklistItem['state']) =>
    void saveNow(`check:${props.item.id}:state`, () =>
      updateChecklistItem(db, props.item.id, { state }),
    );
  return (
    <li class="check-item" data-state={props.item.state}>
      <fieldset>
        <legend>{props.text}</legend>
        <div class="check-controls">
          <div class="segmented">
            <For each={STATES}>
              {(s) => (
                <label class="seg" data-value={s}>
                  <input
                    type="radio"
                    name={`state-${props.item.id}`}
                    value={s}
                    checked={props.item.state === s}
                    onChange={() => setState(s)}
                  />
                  <span>{label(CHECK_STATES[s])}</span>
                </label>
              )}
            </For>
          </div>
          <TextField
            class="compact"
            label={`${t('check.note')}: ${props.text}`}
            hideLabel
            saveKey={`check:${props.item.id}:note`}
            placeholder={t('check.note')}
            value={props.item.note}
            onSave={(note) => updateChecklistItem(db, props.item.id, { note })}
          />
        </div>
        <ByLine row={props.item} changesOnly />
      </fieldset>
    </li>
  );
}

export function ChecklistSection(props: { items: readonly ChecklistItem[] }) {
  const itemsOf = (templateId: string) => props.items.filter((i) => i.templateId === templateId);
  return (
    <section aria-labelledby="checklists-h">
      <h2 id="checklists-h">{t('visit.checklists')}</h2>
      <For each={CHECKLIST_TEMPLATES}>
        {(tpl) => {
          const labelOf = (itemId: string) => {
            const ti = tpl.items.find((x) => x.id === itemId);
            return ti ? label(ti.label) : itemId;
          };
          return (
            <Show when={itemsOf(tpl.id).length > 0}>
              <details class="card checklist">
                <summary>
                  <span class="summary-title">{label(tpl.title)}</span>
                  <span class="meta">
                    {checklistProgressText(checklistProgress(itemsOf(tpl.id)), lang())}
                  </span>
                </summary>
                <ul class="check-list">
                  <For each={itemsOf(tpl.id)}>
                    {(item) => <ItemRow item={item} text={labelOf(item.templateItemId)} />}
                  </For>
                </ul>
              </details>
            </Show>
          );
        }}
      </For>
    </section>
  );
}
