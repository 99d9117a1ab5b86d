import { describe, expect, it } from 'vitest';
import { goalMet } from './support/goal';
import { type BenchOutcome, verdict } from './support/verdict';

const spec = (goal: string) => ({ goal, times: 'from a tap to the next paint' });

describe('goalMet', () => {
  it('reads the comparison and the number at the start, words may follow', () => {
    expect(goalMet('≤ 60', 60)).toBe(true);
    expect(goalMet('< 50', 50)).toBe(false);
    expect(goalMet('≥ 95', 94)).toBe(false);
    expect(goalMet('>= 95', 95)).toBe(true);
    expect(goalMet('0', 0)).toBe(true);
    expect(goalMet('0', 1)).toBe(false);
    expect(goalMet('≤ 1.05 (+200 KB)', 1.04)).toBe(true);
  });
  it('cannot read a goal without a leading comparison and number, nor judge NaN', () => {
    expect(goalMet('linear', 1)).toBeNull();
    expect(goalMet('', 1)).toBeNull();
    expect(goalMet(undefined, 1)).toBeNull();
    expect(goalMet('≤ 60KB', 1)).toBeNull();
    expect(goalMet('≤ 800', Number.NaN)).toBeNull();
  });
});

describe('verdict', () => {
  it('counts the summary from the table and names every unmet goal', () => {
    const v = verdict([
      {
        bench: 'a.bench.ts',
        declared: { x: spec('≤ 10'), y: spec('≥ 5'), z: spec('≤ 1') },
        reported: [
          { name: 'x', value: 3, unit: 'ms' },
          { name: 'y', value: 4, unit: 'count' },
          { name: 'z', value: 1, unit: 'ms' },
        ],
      },
    ]);
    expect(v.problems).toEqual([]);
    expect(v.unmet).toEqual(['y']);
    expect(v.summary).toBe('2 of 3 goals met. Not met: y.');
    expect(v.rows.map((r) => r.met)).toEqual(['yes', 'no', 'yes']);
  });

  it('never says every goal was met when a bench threw; its rows stay, failed', () => {
    const v = verdict([
      {
        bench: 'a.bench.ts',
        declared: { x: spec('≤ 10'), y: spec('≤ 10') },
        reported: [{ name: 'x', value: 3, unit: 'ms' }],
        error: 'Error: browser crashed',
      },
    ]);
    expect(v.rows.map((r) => [r.name, r.met])).toEqual([
      ['x', 'failed'],
      ['y', 'failed'],
    ]);
    expect(v.unmet).toEqual(['x', 'y']);
    expect(v.problems.join('\n')).toMatch(/a\.bench\.ts threw: Error: browser crashed/);
    expect(v.problems.join('\n')).toMatch(/^y \(a\.bench\.ts\): not reported/m);
    expect(v.summary).toBe('0 of 2 goals met. Not met: x, y. Failed: x, y.');
  });

  it('shows a failing bench that declares nothing as a failed row', () => {
    const v = verdict([
      { bench: 'old.bench.ts', reported: [], error: 'TypeError: boom' },
      {
        bench: 'b.bench.ts',
        declared: { x: spec('≤ 1') },
        reported: [{ name: 'x', value: 1, unit: 'ms' }],
      },
    ]);
    expect(v.rows).toHaveLength(2);
    expect(v.rows[0]).toMatchObject({ name: '(old.bench.ts)', met: 'failed' });
    expect(v.summary).toMatch(/^1 of 2 goals met\./);
    expect(v.problems).toHaveLength(1);
  });

  it('names the figure whose value is NaN or missing, or whose goal cannot be parsed', () => {
    const outcomes: BenchOutcome[] = [
      {
        bench: 'l.bench.ts',
        declared: { lcp_warm_ms: spec('≤ 800'), odd: spec('linear'), gone: spec('≤ 1') },
        reported: [
          { name: 'lcp_warm_ms', value: Number.NaN, unit: 'ms' },
          { name: 'odd', value: 2, unit: 'ms' },
        ],
      },
    ];
    const v = verdict(outcomes);
    expect(v.rows.map((r) => [r.name, r.met])).toEqual([
      ['lcp_warm_ms', 'failed'],
      ['odd', 'failed'],
      ['gone', 'failed'],
    ]);
    expect(v.unmet).toEqual(['lcp_warm_ms', 'odd', 'gone']);
    const problems = v.problems.join('\n');
    expect(problems).toMatch(/^lcp_warm_ms .*not a finite number/m);
    expect(problems).toMatch(/^odd .*goal 'linear' cannot be parsed/m);
    expect(problems).toMatch(/^gone .*not reported/m);
  });

  it('takes the goal from the declaration, and flags a figure that does not say what it times', () => {
    const v = verdict([
      {
        bench: 'a.bench.ts',
        declared: { x: spec('≤ 10') },
        reported: [
          { name: 'x', value: 3, unit: 'ms', goal: '≤ 2' },
          { name: 'extra', value: 1, unit: 'ms', goal: '≤ 2' },
        ],
      },
      { bench: 'old.bench.ts', reported: [{ name: 'y', value: 1, unit: 'ms', goal: '≤ 2' }] },
    ]);
    expect(v.rows.map((r) => [r.name, r.goal, r.met])).toEqual([
      ['x', '≤ 10', 'yes'],
      ['extra', '≤ 2', 'yes'],
      ['y', '≤ 2', 'yes'],
    ]);
    const problems = v.problems.join('\n');
    expect(problems).toMatch(/^x .*reported goal '≤ 2' ≠ declared '≤ 10'/m);
    expect(problems).toMatch(/^extra .*not declared/m);
    expect(problems).toMatch(/^extra .*does not say what it times/m);
    expect(problems).toMatch(/^y \(old\.bench\.ts\): does not say what it times/m);
  });
});
