// The checklists a new visit gets: the current version of every published template, the
// default ones ticked (docs/architecture.md §Templates). The page passes the chosen versions to
// createVisit, in the templates' order.
import { For, Show, createSignal } from 'solid-js';
import type { ChecklistTemplate } from '../../../shared/domain/schemas';
import { templateText } from '../../../shared/domain/template-versions';
import { createLiveQuery } from '../../db/live';
import { choosableTemplates } from '../../db/template-queries';
import { useDb } from '../../db/db-context';
import { lang } from '../../i18n';
import { vt } from '../../i18n/visit-templates';
import '../styles/checklist.css';

/** The choice and its current value: the ticked versions, in order. */
export function createTemplateChoice() {
  const db = useDb();
  const offered = createLiveQuery(() => db, choosableTemplates);
  // Keys the person changed; everything else follows its template's default.
  const [changed, setChanged] = createSignal(new Map<string, boolean>());
  const ticked = (t: ChecklistTemplate) => changed().get(t.key) ?? t.isDefault;
  // Before the list has loaded: undefined, and createVisit takes the default templates itself.
  const chosen = () => (offered.ready() ? (offered() ?? []).filter(ticked) : undefined);
  const toggle = (t: ChecklistTemplate, on: boolean) =>
    setChanged((m) => new Map(m).set(t.key, on));
  const view = () => (
    <Show when={(offered() ?? []).length > 0}>
      <fieldset class="template-choice">
        <legend>{vt('legend')}</legend>
        <p class="muted">{vt('hint')}</p>
        <For each={offered()}>
          {(t) => (
            <label class="template-option">
              <input
                type="checkbox"
                name="templates"
                value={t.key}
                checked={ticked(t)}
                onChange={(e) => toggle(t, e.currentTarget.checked)}
              />
              <span>{templateText(t.title, lang())}</span>
            </label>
          )}
        </For>
      </fieldset>
    </Show>
  );
  // The page shows its form once the list has loaded: a list that appeared later would push the
  // form's button down under the person's finger (a layout shift).
  return { chosen, view, ready: () => offered.ready() };
}
