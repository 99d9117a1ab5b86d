// The heat map's four views as one radio group (segmented): coverage, outside view,
// self-assessment, open needs; the chosen view's meaning is said right below it.
import { For } from 'solid-js';
import type { HeatMode } from '../../../shared/analysis/heat-map';
import type { OverviewModel } from '../../reports/overview-model';

export function ModeSwitch(props: {
  model: OverviewModel;
  mode: HeatMode;
  onChange: (mode: HeatMode) => void;
}) {
  return (
    <fieldset class="heat-modes">
      <legend>{props.model.words.mode}</legend>
      <div class="segmented">
        <For each={props.model.modes}>
          {(m) => (
            <label class="seg">
              <input
                type="radio"
                name="heat-mode"
                value={m}
                checked={props.mode === m}
                onChange={() => props.onChange(m)}
              />
              <span>{props.model.modeLabels[m]}</span>
            </label>
          )}
        </For>
      </div>
      <p class="muted small">{props.model.modeHints[props.mode]}</p>
    </fieldset>
  );
}
