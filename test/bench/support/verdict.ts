// The bench runner's verdict, kept pure so it can be tested (test/bench/verdict.test.ts): from
// what each bench declared and reported (and whether it threw) to the table rows, the list of
// goals not met, the problems that make `npm run bench` exit non-zero, and the summary line.
import { goalMet } from './goal';

/** What a bench file declares for one figure (its export `figures`): the goal and what it times. */
export type FigureSpec = {
  /** The target, starting with a comparison: '≤ 60', '< 50', '≥ 95', '0' (means ≤ 0). */
  goal: string;
  /** What the figure times or counts, from where to where, from the user's point of view. */
  times: string;
};

/** One figure as a bench reports it (run.ts calls it Figure). */
export type Reported = {
  name: string;
  value: number;
  unit: string;
  /** Only for bench files that do not declare `figures` yet; a declared goal wins. */
  goal?: string;
  note?: string;
  /** Where it was measured beyond the host, e.g. 'Chromium 156, CPU 4× (CDP)'; default 'node'. */
  env?: string;
};

export type BenchOutcome = {
  bench: string;
  declared?: Record<string, FigureSpec>;
  reported: Reported[];
  /** The first line of what the bench threw, if it threw. */
  error?: string;
};

export type Row = {
  bench: string;
  name: string;
  value: number | null;
  unit: string;
  goal: string;
  times: string;
  /** 'failed': no finite value, a goal that cannot be read, or the bench threw. */
  met: 'yes' | 'no' | 'failed';
  note: string;
  env: string;
};

export type Verdict = {
  rows: Row[];
  /** Every figure whose goal is not met, failed ones included. */
  unmet: string[];
  /** Each one names its figure (or bench); any problem makes the run exit non-zero. */
  problems: string[];
  summary: string;
};

export function verdict(outcomes: BenchOutcome[]): Verdict {
  const rows: Row[] = [];
  const problems: string[] = [];
  for (const o of outcomes) {
    const seen = new Set<string>();
    if (o.error) problems.push(`${o.bench} threw: ${o.error}`);
    for (const r of o.reported) {
      if (seen.has(r.name)) {
        problems.push(`${r.name} (${o.bench}): reported more than once`);
        continue;
      }
      seen.add(r.name);
      const spec = o.declared?.[r.name];
      if (o.declared && !spec) problems.push(`${r.name} (${o.bench}): not declared in its figures`);
      if (spec && r.goal !== undefined && r.goal !== spec.goal)
        problems.push(
          `${r.name} (${o.bench}): reported goal '${r.goal}' ≠ declared '${spec.goal}'`,
        );
      const goal = spec?.goal ?? r.goal ?? '';
      const times = spec?.times ?? '';
      if (!times.trim()) problems.push(`${r.name} (${o.bench}): does not say what it times`);
      let met: Row['met'];
      if (typeof r.value !== 'number' || !Number.isFinite(r.value)) {
        problems.push(`${r.name} (${o.bench}): value ${String(r.value)} is not a finite number`);
        met = 'failed';
      } else {
        const m = goalMet(goal, r.value);
        if (m === null) problems.push(`${r.name} (${o.bench}): goal '${goal}' cannot be parsed`);
        met = m === null || o.error ? 'failed' : m ? 'yes' : 'no';
      }
      rows.push({
        bench: o.bench,
        name: r.name,
        value: typeof r.value === 'number' && Number.isFinite(r.value) ? r.value : null,
        unit: r.unit,
        goal,
        times,
        met,
        note: r.note ?? '',
        env: r.env ?? 'node',
      });
    }
    for (const [name, spec] of Object.entries(o.declared ?? {})) {
      if (seen.has(name)) continue;
      problems.push(`${name} (${o.bench}): not reported${o.error ? ' (the bench threw)' : ''}`);
      if (goalMet(spec.goal, 0) === null)
        problems.push(`${name} (${o.bench}): goal '${spec.goal}' cannot be parsed`);
      rows.push({
        bench: o.bench,
        name,
        value: null,
        unit: '',
        goal: spec.goal,
        times: spec.times,
        met: 'failed',
        note: o.error ? `the bench threw: ${o.error}` : 'not reported',
        env: '',
      });
    }
    if (o.error && !o.declared) {
      // Which figures it would have reported is unknown: one row says that it failed.
      rows.push({
        bench: o.bench,
        name: `(${o.bench})`,
        value: null,
        unit: '',
        goal: '',
        times: '',
        met: 'failed',
        note: `the bench threw: ${o.error}; it declares no figures, so those it did not report are unknown`,
        env: '',
      });
    }
  }
  const unmet = rows.filter((r) => r.met !== 'yes').map((r) => r.name);
  const met = rows.length - unmet.length;
  const failed = rows.filter((r) => r.met === 'failed').map((r) => r.name);
  const summary =
    `${met} of ${rows.length} goals met.` +
    (unmet.length
      ? ` Not met: ${unmet.join(', ')}.` + (failed.length ? ` Failed: ${failed.join(', ')}.` : '')
      : '');
  return { rows, unmet, problems, summary };
}
