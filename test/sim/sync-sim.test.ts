// The multi-device simulation: real AppDb per device on its own
// fake-indexeddb, the real server on a SQLite file, a seeded fault injector, and the oracle (support/oracle.ts).
// SIM_SEED=<n> replays one run; SIM_RUNS=<n> runs more (npm run sim:long);
// SIM_FLAGS=a,b turns on operations that wait for fixes (support/sim-run.ts FLAGS).
import { describe, expect, it, vi } from 'vitest';
import { emptyStats, type FaultStats } from './support/network';
import { runSimulation, type RunOptions } from './support/sim-run';

// Ids and timestamps of the client mutators come from the run's seeded source (support/sim-ids.ts).
vi.mock('../../src/client/db/ids', async () => (await import('./support/sim-ids')).simIds);

const RUNS = Number(process.env['SIM_RUNS'] ?? 200);
const ONLY = process.env['SIM_SEED'] ? Number(process.env['SIM_SEED']) : null;
const BASE_SEED = Number(process.env['SIM_BASE_SEED'] ?? 1);
const FLAGS_ENV = process.env['SIM_FLAGS'] ? `SIM_FLAGS=${process.env['SIM_FLAGS']} ` : '';

async function runMany(label: string, count: number, opts: Omit<RunOptions, 'seed'>) {
  const total: FaultStats = emptyStats();
  let mutations = 0;
  let conflicts = 0;
  let blobs = 0;
  let resolutions = 0;
  const model = {
    modelled: 0,
    rejected: 0,
    restores: 0,
    lostByRestore: 0,
    clones: 0,
    replayed: 0,
    joined: 0,
    reopened: 0,
    logoutChecks: 0,
  };
  const seeds = ONLY !== null ? [ONLY] : Array.from({ length: count }, (_, i) => BASE_SEED + i);
  for (const seed of seeds) {
    const r = await runSimulation({ ...opts, seed });
    for (const k of Object.keys(total) as (keyof FaultStats)[]) total[k] += r.stats[k];
    mutations += r.mutations;
    conflicts += r.conflicts;
    blobs += r.blobs;
    resolutions += r.resolutions;
    for (const k of Object.keys(model) as (keyof typeof model)[]) model[k] += r[k];
    if (r.problems.length > 0 || (ONLY !== null && process.env['SIM_TRACE'])) {
      console.error(
        `[sim ${label}] seed ${seed} — replay: ${FLAGS_ENV}SIM_SEED=${seed} SIM_TRACE=1 npx vitest run --project slow test/sim/sync-sim.test.ts -t ${label}\n${r.problems.join('\n')}\n--- trace (last 60) ---\n${r.trace.slice(-60).join('\n')}`,
      );
    }
    expect(r.problems, `seed ${seed} (replay with SIM_SEED=${seed})`).toEqual([]);
  }
  console.log(
    `[sim ${label}] ${seeds.length} runs, ${mutations} mutations, ${conflicts} conflicts (${resolutions} resolved by a person), ${blobs} photo blobs, model ${JSON.stringify(model)}, faults ${JSON.stringify(total)}`,
  );
}

// Each kind of run: its test name, log label, share of RUNS and simulation options.
const KINDS: { name: string; label: string; runs: number; opts: Omit<RunOptions, 'seed'> }[] = [
  {
    name: 'concurrent editing under faults: ledger, convergence, no resurrection, conflicts recorded',
    label: 'concurrent',
    runs: Math.ceil(RUNS * 0.75),
    opts: { steps: 20, devices: 3, concurrent: true },
  },
  {
    name: 'one device at a time under faults: same invariants and zero conflicts',
    label: 'sequential',
    runs: Math.floor(RUNS * 0.25),
    opts: { steps: 8, devices: 3, concurrent: false },
  },
  {
    name: 'photos under faults: bytes verified on the server, never lost on the device, downloadable',
    label: 'photos',
    runs: Math.ceil(RUNS * 0.06),
    opts: { steps: 16, devices: 3, concurrent: true, photos: true },
  },
];

describe('multi-device sync simulation', () => {
  for (const k of KINDS) {
    it(k.name, () => runMany(k.label, k.runs, k.opts), Math.max(600_000, RUNS * 3_000));
  }
});
