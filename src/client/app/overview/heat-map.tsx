// The overview's heat map (docs/domain.md §Overview): an SVG grid of sites × the ten numbered
// action fields under their theme letters, each cell coloured by its value and printed with it
// (– for no value, apart from 0). The grid is one image (role="img") with a summary in words;
// the site names beside it stay in view while the grid scrolls sideways on a phone.
import { For, Show } from 'solid-js';
import type { HeatMode } from '../../../shared/analysis/heat-map';
import type { OverviewModel } from '../../reports/overview-model';
import './heat-map.css';

const CELL_W = 44;
const CELL_H = 40;
const THEME_H = 18;
const HEAD_H = THEME_H + 22;
const NAMES_W = 150;

/** A site name that fits the name column (the full name is its tooltip and in the table). */
const fit = (s: string, max = 22) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function HeatMap(props: { model: OverviewModel; mode: HeatMode }) {
  const m = () => props.model;
  const height = () => HEAD_H + m().rows.length * CELL_H + 2;
  const width = () => m().fields.length * CELL_W + 2;
  /** Where each theme's fields start, for its heading over them. */
  const themeSpans = () => {
    let at = 0;
    return m().themes.map((t) => {
      const span = { ...t, x: at * CELL_W };
      at += t.fields;
      return span;
    });
  };
  return (
    <div class="heat-scroll" role="region" aria-label={m().modeLabels[props.mode]} tabindex="0">
      <div class="heat-inner">
        <svg
          class="heat-names"
          aria-hidden="true"
          width={NAMES_W}
          height={height()}
          viewBox={`0 0 ${NAMES_W} ${height()}`}
        >
          <text x="4" y={HEAD_H - 8} class="heat-head">
            {m().labels.site}
          </text>
          <For each={m().rows}>
            {(r, i) => (
              <g transform={`translate(0 ${HEAD_H + i() * CELL_H})`}>
                <title>{r.siteName}</title>
                <text x="4" y="17" class="heat-site">
                  {fit(r.siteName)}
                </text>
                <text x="4" y="32" class="heat-meta">
                  {fit(r.meta, 28)}
                </text>
              </g>
            )}
          </For>
        </svg>
        <svg
          class="heat-cells"
          role="img"
          aria-label={m().summaries[props.mode]}
          width={width()}
          height={height()}
          viewBox={`0 0 ${width()} ${height()}`}
        >
          <For each={themeSpans()}>
            {(t) => (
              <g>
                <title>{t.label}</title>
                <rect
                  x={t.x + 2}
                  y="1"
                  width={t.fields * CELL_W - 4}
                  height={THEME_H - 4}
                  rx="3"
                  class="heat-theme"
                />
                <text
                  x={t.x + (t.fields * CELL_W) / 2}
                  y={THEME_H - 6}
                  class="heat-head"
                  text-anchor="middle"
                >
                  {t.id}
                </text>
              </g>
            )}
          </For>
          <For each={m().fields}>
            {(f, i) => (
              <text
                x={i() * CELL_W + CELL_W / 2}
                y={HEAD_H - 8}
                class="heat-head"
                text-anchor="middle"
              >
                <title>{f.label}</title>
                {f.number}
              </text>
            )}
          </For>
          <For each={m().rows}>
            {(r, row) => (
              <For each={r.views[props.mode]}>
                {(v, col) => (
                  <g
                    transform={`translate(${col() * CELL_W + 1} ${HEAD_H + row() * CELL_H})`}
                    data-value={v.value ?? ''}
                  >
                    <title>{`${r.siteName}, ${m().fields[col()]!.number} ${m().fields[col()]!.label}: ${v.detail}`}</title>
                    <rect
                      x="1"
                      y="1"
                      width={CELL_W - 2}
                      height={CELL_H - 2}
                      fill={v.fill}
                      class={v.value === null ? 'heat-cell heat-empty' : 'heat-cell'}
                    />
                    <text
                      x={CELL_W / 2}
                      y={v.mark ? 19 : 25}
                      fill={v.value === null ? '#4a5852' : v.ink}
                      class="heat-value"
                      text-anchor="middle"
                    >
                      {v.text}
                    </text>
                    <Show when={v.mark}>
                      <text
                        x={CELL_W / 2}
                        y="33"
                        fill={v.ink}
                        class="heat-mark"
                        text-anchor="middle"
                      >
                        {v.mark}
                      </text>
                    </Show>
                  </g>
                )}
              </For>
            )}
          </For>
        </svg>
      </div>
    </div>
  );
}

/** The mode's colour steps with the values and words they stand for. */
export function HeatLegend(props: { model: OverviewModel; mode: HeatMode }) {
  return (
    <div class="heat-legend">
      <span class="heat-legend-title">{props.model.words.legend}:</span>
      <ul>
        <For each={props.model.legends[props.mode]}>
          {(l) => (
            <li>
              <span class="heat-swatch" style={{ background: l.fill, color: l.ink }}>
                {l.values}
              </span>
              {l.label}
            </li>
          )}
        </For>
        <li>
          <span class="heat-swatch heat-empty-swatch">–</span>
          {props.model.words.legendEmpty}
        </li>
        <Show when={props.mode === 'needs'}>
          <li>
            <span class="heat-swatch">!n</span>n {props.model.words.legendOverdue}
          </li>
        </Show>
      </ul>
    </div>
  );
}
