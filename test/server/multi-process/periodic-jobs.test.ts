// The job runner (periodic-jobs.ts): jobs run only in the process that leads, each at the first
// tick it leads and then every `everyMs`; a change of lead is reported; a tick still running is
// joined, not repeated; a failing job or a failing lead question stops nothing else.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeJobRunner } from '../../../src/server/periodic-jobs';

afterEach(() => vi.restoreAllMocks());

function setup(lead: () => Promise<boolean>) {
  let now = 0;
  const runs: string[] = [];
  const changes: boolean[] = [];
  const job = (name: string, everyMs: number) => ({
    name,
    everyMs,
    run: () => {
      runs.push(name);
      return Promise.resolve();
    },
  });
  const runner = makeJobRunner({ lead }, [job('hourly', 3600_000), job('daily', 86_400_000)], {
    lock: 'maintenance',
    now: () => now,
    onLeadChange: (l) => changes.push(l),
  });
  return { runner, runs, changes, advance: (ms: number) => (now += ms) };
}

describe('makeJobRunner', () => {
  it('runs nothing while another process leads, everything due once it leads', async () => {
    let leads = false;
    const asked: string[] = [];
    const t = setup((name = '') => (asked.push(name), Promise.resolve(leads)));
    await t.runner.tick();
    expect(t.runs).toEqual([]);
    expect(t.runner.leading).toBe(false);
    expect(t.changes).toEqual([]);
    expect(asked).toEqual(['maintenance']);

    leads = true;
    await t.runner.tick();
    expect(t.runs).toEqual(['hourly', 'daily']);
    expect(t.changes).toEqual([true]);

    t.advance(3600_000 - 1);
    await t.runner.tick();
    expect(t.runs).toEqual(['hourly', 'daily']);
    t.advance(1);
    await t.runner.tick();
    expect(t.runs).toEqual(['hourly', 'daily', 'hourly']);
    t.advance(23 * 3600_000);
    await t.runner.tick();
    expect(t.runs).toEqual(['hourly', 'daily', 'hourly', 'hourly', 'daily']);

    leads = false;
    t.advance(86_400_000);
    await t.runner.tick();
    expect(t.runs).toHaveLength(5);
    expect(t.changes).toEqual([true, false]);
  });

  it('joins a tick still running instead of starting a second one', async () => {
    let release = () => {};
    const gate = new Promise<void>((ok) => (release = ok));
    let asked = 0;
    const t = setup(async () => {
      asked++;
      await gate;
      return true;
    });
    const first = t.runner.tick();
    const second = t.runner.tick();
    release();
    await Promise.all([first, second]);
    expect(asked).toBe(1);
    expect(t.runs).toEqual(['hourly', 'daily']);
  });

  it('logs a failing job and runs the others; a failing lead question counts as not leading', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    let fail = true;
    const runs: string[] = [];
    const runner = makeJobRunner(
      {
        lead: () =>
          fail ? Promise.reject(new Error('connection refused')) : Promise.resolve(true),
      },
      [
        { name: 'broken', everyMs: 0, run: () => Promise.reject(new Error('disk full')) },
        { name: 'fine', everyMs: 0, run: () => Promise.resolve(runs.push('fine')) },
      ],
      { lock: 'maintenance' },
    );
    await runner.tick();
    expect(runner.leading).toBe(false);
    expect(runs).toEqual([]);
    expect(errors).toHaveBeenCalledWith(
      JSON.stringify({ event: 'lead_failed', error: 'Error: connection refused' }),
    );
    fail = false;
    await runner.tick();
    expect(runs).toEqual(['fine']);
    expect(errors).toHaveBeenCalledWith(
      JSON.stringify({ event: 'broken_failed', error: 'Error: disk full' }),
    );
  });
});
