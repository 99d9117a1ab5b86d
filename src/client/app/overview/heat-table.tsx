// The heat map's numbers as a real table (behind "Als Tabelle"): a row per site, a column per
// action field, each cell the value of the chosen view and what it means in words.
import { For, Show } from 'solid-js';
import type { HeatMode } from '../../../shared/analysis/heat-map';
import type { OverviewModel } from '../../reports/overview-model';

export function HeatTable(props: { model: OverviewModel; mode: HeatMode }) {
  const m = () => props.model;
  return (
    <details class="heat-table">
      <summary>{m().words.asTable}</summary>
      <div class="overview-scroll" role="region" aria-label={m().words.asTable} tabindex="0">
        <table class="overview-table">
          <caption class="sr-only">
            {m().labels.overviewTitle}: {m().modeLabels[props.mode]}
          </caption>
          <thead>
            <tr>
              <th scope="col">{m().labels.site}</th>
              <For each={m().fields}>
                {(f) => (
                  <th scope="col">
                    <abbr title={f.label}>{f.number}</abbr>
                    <span class="sr-only"> {f.label}</span>
                  </th>
                )}
              </For>
            </tr>
          </thead>
          <tbody>
            <For each={m().rows}>
              {(r) => (
                <tr>
                  <th scope="row">
                    {r.siteName}
                    <br />
                    <span class="meta">{r.meta}</span>
                  </th>
                  <For each={r.views[props.mode]}>
                    {(v) => (
                      <td class={v.value === null ? 'empty-cell' : undefined}>
                        <strong>{v.text}</strong>
                        <Show when={v.value}>
                          <br />
                          <span class="meta">{v.detail}</span>
                        </Show>
                      </td>
                    )}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </details>
  );
}
