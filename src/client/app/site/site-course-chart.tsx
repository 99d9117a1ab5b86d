// One action field's ratings over the site's visits as a small SVG chart: the outside view a
// solid line with dots, the self-assessment a dashed line with squares (told apart by shape and
// line, not by colour alone), phase runs as shaded bands, the scale 1–5 upwards. It is one image
// with a text alternative; the numbers behind it are in a table below it (site-course.tsx).
import { For, Show } from 'solid-js';
import type { PhaseCourse, RatingPoint } from '../../../shared/analysis/site-course';

const W = 320;
const H = 132;
const PAD = { left: 24, right: 8, top: 10, bottom: 24 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;
const STEPS = [1, 2, 3, 4, 5] as const;
/** At most this many date labels under the chart; the table has every date. */
const MAX_LABELS = 5;

/** Month and year ("03/24"): short enough for five labels at phone width in either language. */
export const monthYear = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(2, 4)}`;

export function CourseChart(props: {
  phases: readonly PhaseCourse[];
  visitCount: number;
  dates: readonly string[];
  outside: readonly RatingPoint[];
  local: readonly RatingPoint[];
  alt: string;
}) {
  const slot = () => PLOT_W / Math.max(props.visitCount, 1);
  const x = (index: number) => PAD.left + (index + 0.5) * slot();
  const y = (rating: number) => PAD.top + ((5 - rating) / 4) * PLOT_H;
  const line = (pts: readonly RatingPoint[]) =>
    pts.map((p) => `${x(p.index).toFixed(1)},${y(p.rating).toFixed(1)}`).join(' ');
  const bands = () => {
    let start = 0;
    return props.phases.map((p, i) => {
      const band = { x: PAD.left + start * slot(), w: p.visits.length * slot(), shaded: i % 2 };
      start += p.visits.length;
      return band;
    });
  };
  const every = () => Math.ceil(props.visitCount / MAX_LABELS);
  const labelled = (i: number) => i % every() === 0 || i === props.visitCount - 1;

  return (
    <svg
      class="course-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={props.alt}
      data-testid="course-chart"
    >
      <For each={bands()}>
        {(b) => (
          <rect
            x={b.x}
            y={PAD.top - 6}
            width={b.w}
            height={PLOT_H + 12}
            class={b.shaded ? 'band band-shaded' : 'band'}
          />
        )}
      </For>
      <For each={STEPS}>
        {(s) => (
          <>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(s)} y2={y(s)} class="grid" />
            <text x={PAD.left - 6} y={y(s) + 3.5} class="axis" text-anchor="end">
              {s}
            </text>
          </>
        )}
      </For>
      <For each={props.dates}>
        {(d, i) => (
          <Show when={labelled(i())}>
            <text x={x(i())} y={H - 6} class="axis" text-anchor="middle">
              {monthYear(d)}
            </text>
          </Show>
        )}
      </For>
      <polyline points={line(props.outside)} class="series outside" />
      <polyline points={line(props.local)} class="series local" />
      <For each={props.outside}>
        {(p) => <circle cx={x(p.index)} cy={y(p.rating)} r={4.5} class="dot outside" />}
      </For>
      <For each={props.local}>
        {(p) => (
          <rect x={x(p.index) - 4} y={y(p.rating) - 4} width={8} height={8} class="dot local" />
        )}
      </For>
    </svg>
  );
}

/** The legend shared by every chart of the section: the two series' marks and names. */
export function CourseLegend(props: { outside: string; local: string }) {
  return (
    <p class="course-legend" aria-hidden="true">
      <span>
        <svg viewBox="0 0 28 12" class="legend-mark">
          <line x1="2" x2="26" y1="6" y2="6" class="series outside" />
          <circle cx="14" cy="6" r="4" class="dot outside" />
        </svg>
        {props.outside}
      </span>
      <span>
        <svg viewBox="0 0 28 12" class="legend-mark">
          <line x1="2" x2="26" y1="6" y2="6" class="series local" />
          <rect x="10" y="2" width="8" height="8" class="dot local" />
        </svg>
        {props.local}
      </span>
    </p>
  );
}
