// The visit's checklists, one collapsible group per template version, its sections as
// sub-headings; each item (with its hint) is open / done / not applicable with a note, saved on
// change.
import { For, Show, createMemo } from 'solid-js';
import { templateText, templateVersion } from '../../../shared/domain/template-versions';
import { templateItem, templateParts } from '../../../shared/domain/template-layout';
import type { ChecklistItem } from '../../../shared/domain/schemas';
import { CHECK_STATES } from '../../../shared/domain/vocab';
import { updateChecklistItem } from '../../db/mutators';
import { label, lang, t } from '../../i18n';
import { checklistProgressText } from '../../i18n/checklist';
import { checklistProgress } from '../../../shared/domain/checklist-progress';
import { ByLine } from '../components/by-line';
import { CommentsAt } from '../review/comment-thread';
import { RecordHistory } from '../history/record-history';
import { TextField } from '../components/fields';
import { saveNow } from '../autosave';
import { useDb } from '../../db/db-context';
import { createLiveQuery } from '../../db/live';
import { templateVersions } from '../../db/template-queries';
import '../styles/checklist.css';
import { ReadOnlyValue, useReadOnly } from '../components/read-only';
import { createAfterFirstPaint } from './after-first-paint';
import { DormantScope, useDormancy } from '../components/dormant';
import { useRecordConflict } from '../components/conflict-marks';
import { createOpenedOnce } from '../components/opened-once';

const STATES = ['open', 'done', 'na'] as const;

/** A part of a checklist by its section (items without a section: the empty key). */
const partKey = (part: { section: { id: string } | null }) => part.section?.id ?? '';
const sameKeys = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((k, i) => k === b[i]);

/**
 * The item's state as three segments: radios, or, while the row waits (its group was never
 * opened; its note waits as a box too, dormant.tsx), the same segments without the radios,
 * `data-checked` on the stored one. Nobody sees those but a printout and the page's find, which
 * opens the group.
 */
function StateSegments(props: {
  item: ChecklistItem;
  onChange: (state: ChecklistItem['state']) => void;
}) {
  const dormancy = useDormancy();
  const text = (s: ChecklistItem['state']) => label(CHECK_STATES[s]);
  return (
    <div class="segmented">
      <Show
        when={!dormancy?.asleep()}
        fallback={
          <For each={STATES}>
            {(s) => (
              <span
                class="seg"
                data-value={s}
                data-checked={props.item.state === s ? '' : undefined}
              >
                <span>{text(s)}</span>
              </span>
            )}
          </For>
        }
      >
        <For each={STATES}>
          {(s) => (
            <label class="seg" data-value={s}>
              <input
                type="radio"
                name={`state-${props.item.id}`}
                value={s}
                checked={props.item.state === s}
                onChange={() => props.onChange(s)}
              />
              <span>{text(s)}</span>
            </label>
          )}
        </For>
      </Show>
    </div>
  );
}

function ItemRow(props: {
  item: ChecklistItem;
  label: string;
  hint: string;
  groupOpened: () => boolean;
}) {
  const db = useDb();
  const readOnly = useReadOnly();
  // An open conflict's mark must show and "Bearbeiten" focuses the field: that row is awake.
  const conflicted = useRecordConflict('checklistItem', () => props.item.id);
  const setState = (state: ChecklistItem['state']) =>
    void saveNow(`check:${props.item.id}:state`, () =>
      updateChecklistItem(db, props.item.id, { state }),
    );
  return (
    <DormantScope awake={() => props.groupOpened() || conflicted()}>
      <li class="check-item" data-state={props.item.state}>
        <fieldset>
          <legend>{props.label}</legend>
          <Show when={props.hint}>
            <p class="check-hint">{props.hint}</p>
          </Show>
          <div class="check-controls">
            <Show
              when={!readOnly()}
              fallback={
                <ReadOnlyValue
                  label={props.label}
                  text={label(CHECK_STATES[props.item.state])}
                  class="check-state"
                />
              }
            >
              <StateSegments item={props.item} onChange={setState} />
            </Show>
            <TextField
              class="compact"
              label={`${t('check.note')}: ${props.label}`}
              hideLabel
              saveKey={`check:${props.item.id}:note`}
              placeholder={t('check.note')}
              value={props.item.note}
              onSave={(note) => updateChecklistItem(db, props.item.id, { note })}
            />
          </div>
          <ByLine row={props.item} changesOnly />
          <CommentsAt target={{ entity: 'checklistItem', id: props.item.id }} what={props.label} />
          <RecordHistory entity="checklistItem" id={props.item.id} what={props.label} />
        </fieldset>
      </li>
    </DormantScope>
  );
}

/**
 * One group per template version the items name, in the items' order; labels, hints and
 * sections from that version (docs/architecture.md §Templates). An item whose version is not
 * on this device shows its template item id. The groups start closed: their rows come after the
 * page's first paint (after-first-paint.tsx; in traces at 4× CPU the first render's task went
 * from 130–152 to 97–112 ms), at once when a group is opened before that or a link names a record.
 */
export function ChecklistSection(props: { items: readonly ChecklistItem[] }) {
  const db = useDb();
  const rows = createAfterFirstPaint();
  const versions = createLiveQuery(() => db, templateVersions);
  const templateIds = () => [...new Set(props.items.map((i) => i.templateId))];
  return (
    <section aria-labelledby="checklists-h">
      <h2 id="checklists-h">{t('visit.checklists')}</h2>
      <For each={templateIds()}>
        {(templateId) => {
          const tpl = () => templateVersion(versions() ?? new Map(), templateId);
          const items = () => props.items.filter((i) => i.templateId === templateId);
          // The parts are rendered by their section, each item by its row, so a new read keeps
          // the rows in place: keyed by part objects, the template versions' answer arriving after
          // the rows were built made all 28 again (about 200 ms of main thread at 4× CPU).
          const parts = createMemo(() => templateParts(tpl(), items()));
          const partKeys = createMemo(() => parts().map(partKey), [], { equals: sameKeys });
          const text = (item: ChecklistItem) => {
            const ti = templateItem(tpl(), item.templateItemId);
            return {
              label: ti ? templateText(ti.label, lang()) : item.templateItemId,
              hint: ti?.hint ? templateText(ti.hint, lang()) : '',
            };
          };
          // The rows' controls are made when the group is first opened (then for good): closed,
          // their radios and note fields cost Chromium's form scan a forced style and layout of
          // the group's hidden content, about 20 ms per group at 4× CPU.
          const { opened, onToggle } = createOpenedOnce(rows.show);
          return (
            <details class="card checklist" onToggle={onToggle}>
              <summary>
                <span class="summary-title">
                  {tpl() ? templateText(tpl()!.title, lang()) : templateId}
                </span>
                <span class="meta">
                  {checklistProgressText(checklistProgress(items()), lang())}
                </span>
              </summary>
              <Show when={rows.shown()}>
                <For each={partKeys()}>
                  {(key) => {
                    const part = () => parts().find((p) => partKey(p) === key);
                    return (
                      <>
                        <Show when={part()?.section}>
                          {(section) => (
                            <h3 class="check-section">{templateText(section().title, lang())}</h3>
                          )}
                        </Show>
                        <ul class="check-list">
                          <For each={part()?.items ?? []}>
                            {(item) => (
                              <ItemRow
                                item={item}
                                label={text(item).label}
                                hint={text(item).hint}
                                groupOpened={opened}
                              />
                            )}
                          </For>
                        </ul>
                      </>
                    );
                  }}
                </For>
              </Show>
            </details>
          );
        }}
      </For>
    </section>
  );
}
