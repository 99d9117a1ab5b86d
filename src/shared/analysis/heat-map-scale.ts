// The heat map's colour scale: a value becomes one of five steps of its mode's hue, the text on
// a cell black or white, whichever reads better. The value is always printed too (colour alone
// says nothing to some readers). Shared by the SVG on the overview page and its PDF.
import type { HeatMode } from './heat-map';

/** Five steps, light to dark: coverage blue, ratings green, open needs orange. */
const HUES = {
  coverage: ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'],
  rating: ['#edf8e9', '#bae4b3', '#74c476', '#31a354', '#006d2c'],
  needs: ['#feedde', '#fdbe85', '#fd8d3c', '#e6550d', '#a63603'],
} as const;

/** A 0 (visited, nothing there) is white; an empty cell (no value) is drawn hatched grey. */
export const ZERO_FILL = '#ffffff';
export const EMPTY_FILL = '#eeeeee';

/** Counts: 1, 2, 3, 4–5, 6 and more; ratings: their own step 1–5. */
const COUNT_STEPS = [1, 2, 3, 4, 6] as const;

/** 0 for a zero, 1–5 for the colour step, null for no value. */
export function heatStep(mode: HeatMode, value: number | null): number | null {
  if (value === null) return null;
  if (mode === 'outside' || mode === 'local') return Math.min(5, Math.max(1, Math.round(value)));
  if (value <= 0) return 0;
  let step = 0;
  for (const [i, min] of COUNT_STEPS.entries()) if (value >= min) step = i + 1;
  return step;
}

export function heatFill(mode: HeatMode, value: number | null): string {
  const step = heatStep(mode, value);
  if (step === null) return EMPTY_FILL;
  if (step === 0) return ZERO_FILL;
  const hue = mode === 'coverage' ? HUES.coverage : mode === 'needs' ? HUES.needs : HUES.rating;
  return hue[step - 1]!;
}

/** The legend: each step's fill and the values it stands for ('4–5', '6+' for counts). */
export function heatLegend(mode: HeatMode): { fill: string; values: string; step: number }[] {
  if (mode === 'outside' || mode === 'local')
    return [1, 2, 3, 4, 5].map((v) => ({ fill: heatFill(mode, v), values: String(v), step: v }));
  return [
    { fill: ZERO_FILL, values: '0', step: 0 },
    ...COUNT_STEPS.map((min, i) => {
      const next = COUNT_STEPS[i + 1];
      const values =
        next === undefined ? `${min}+` : next - 1 === min ? String(min) : `${min}–${next - 1}`;
      return { fill: heatFill(mode, min), values, step: i + 1 };
    }),
  ];
}

/** The colour's 0–255 channels (for the PDF). */
export function rgbOf(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function luminance(hex: string): number {
  const [r, g, b] = rgbOf(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white text on `fill`, whichever has the higher contrast (WCAG formula). */
export function textOn(fill: string): '#000000' | '#ffffff' {
  const l = luminance(fill);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}
