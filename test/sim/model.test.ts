// The simulation's own guarantees: a seed replays exactly (same server state, same trace), and the
// reference model (support/model.ts) and the ledger by content (support/oracle.ts) notice a server
// or a device that is wrong behind their back.
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { runSimulation, type RunOptions } from './support/sim-run';

vi.mock('../../src/client/db/ids', async () => (await import('./support/sim-ids')).simIds);

const OPTS: Omit<RunOptions, 'seed'> = { steps: 20, devices: 3, concurrent: true };

/** A seed whose run has conflicts (found by searching from 1), so resolutions take part too. */
async function runWithConflicts(extra: Partial<RunOptions> = {}) {
  for (let seed = 1; seed < 40; seed++) {
    const r = await runSimulation({ ...OPTS, ...extra, seed });
    if (r.conflicts > 0) return { seed, r };
  }
  throw new Error('no seed with conflicts below 40');
}

describe('simulation: replay and the reference model', () => {
  it('one seed run twice ends in the same server state and the same trace', async () => {
    const { seed, r: first } = await runWithConflicts();
    const second = await runSimulation({ ...OPTS, seed });
    expect(first.problems).toEqual([]);
    expect(second.problems).toEqual([]);
    expect(second.trace).toEqual(first.trace);
    expect(second.digest).toBe(first.digest);
    expect(first.modelled).toBeGreaterThan(20);
  }, 60_000);

  it('notices a server record that lost a field and a device row that differs', async () => {
    const tampered = await runSimulation({
      ...OPTS,
      seed: 1,
      async tamper(server, devices) {
        await server.restart((file) => {
          const db = new Database(file);
          db.exec(
            "UPDATE records SET data = json_remove(data, '$.goals') WHERE entity = 'visit' AND id = (SELECT min(id) FROM records WHERE entity = 'visit')",
          );
          db.close();
        });
        const d = devices[1]!;
        const o = await d.db.observations.orderBy('id').first();
        if (!o) throw new Error('seed 1 has no observation');
        // Behind the outbox guard's back, as a broken sync-apply would write it.
        await d.db.transaction('rw', [d.db.observations, d.db.outbox], () =>
          d.db.observations.put({ ...o, text: `${o.text} (changed)` }),
        );
      },
    });
    const text = tampered.problems.join('\n');
    expect(text).toMatch(/server visit:\S+\.data = .*the model has/);
    expect(text).toMatch(/breaks the visit schema: goals/);
    expect(text).toMatch(/d1\/tab0: observation:\S+ = .*\(changed\).*the model has/);
  }, 60_000);

  it('notices a mutation the server forgot and an answer it stored wrong', async () => {
    const tampered = await runSimulation({
      ...OPTS,
      seed: 1,
      async tamper(server) {
        await server.restart((file) => {
          const db = new Database(file);
          // The last applied mutation is forgotten; the first one is stored as a conflict.
          db.exec(`
            DELETE FROM applied_mutations WHERE server_seq =
              (SELECT max(server_seq) FROM applied_mutations WHERE status = 'applied');
            UPDATE applied_mutations
              SET status = 'conflict', result_json = json_set(result_json, '$.status', 'conflict')
              WHERE server_seq = (SELECT min(server_seq) FROM applied_mutations WHERE status = 'applied');`);
          db.close();
        });
      },
    });
    const text = tampered.problems.join('\n');
    expect(text).toMatch(/the model expects applied, the server answered conflict/);
    expect(text).toMatch(/d\d+c?: committed \w+ \w+ \S+ \(seq \d+\) never reached the server/);
  }, 60_000);
});
