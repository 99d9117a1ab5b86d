// The key to the heat map's column numbers: the ten action fields under their themes.
import { For } from 'solid-js';
import type { OverviewModel } from '../../reports/overview-model';

export function FieldKey(props: { model: OverviewModel }) {
  return (
    <details class="heat-key">
      <summary>{props.model.words.fieldKey}</summary>
      <For each={props.model.themes}>
        {(t) => (
          <div>
            <p class="small">
              <strong>
                {t.id} {t.label}
              </strong>
            </p>
            <ol class="small">
              <For each={props.model.fields.filter((f) => f.theme === t.id)}>
                {(f) => <li value={f.number}>{f.label}</li>}
              </For>
            </ol>
          </div>
        )}
      </For>
    </details>
  );
}
