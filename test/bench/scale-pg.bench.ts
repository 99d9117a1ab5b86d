// The scale run's driver (test/scale/driver.ts) as a benchmark, on the two deployments side by
// side: two server processes on PostgreSQL with photos in S3 (radosgw), and one process on SQLite
// with photos in its data folder. The same 50 devices and seed for each: every device writes 1–5
// mutations in 60 % of its rounds, pulls a page each round (and up to five more while the server
// has more), and every fifth device uploads photos. No faults and no kill here: the figures time
// the deployments, not the injected delays. Each setup runs twice:
//   at a moderate load (each device syncs again 0.5–1.5 s after its answer, about what 50 people
//   typing at once cause): scale_{pg,sqlite}_push_p95_ms, scale_{pg,sqlite}_pull_p95_ms;
//   at capacity (each device syncs again at once): scale_{pg,sqlite}_mutations_per_s,
//   scale_{pg,sqlite}_requests_per_s.
// Every run must still pass every check of the scale run (a run that breaks one throws).
// PostgreSQL and radosgw are started for each run (SB_TEST_PG_URL / SB_TEST_S3_* name running
// ones instead). On this 2-core machine the servers, PostgreSQL, radosgw and the 50 devices share
// the cores, and other load moves these figures a lot: compare the two setups of one run.
import { type ScaleFigures, type ScaleOptions, runScale } from '../scale/driver';
import type { Bench, FigureSpec } from './run';

const DEVICES = 50;
const SECONDS = 15;
const SEED = 4242;
/** Think time of the latency runs; the capacity runs have none. */
const MODERATE_THINK_MS = 1000;

const SETUPS = {
  pg: { backend: 'postgres-s3', label: '2 processes on PostgreSQL, photos in S3 (radosgw)' },
  sqlite: { backend: 'sqlite', label: '1 process on SQLite, photos in its data folder' },
} as const;

const moderate = `${DEVICES} devices for ${SECONDS} s, each syncing again 0.5–1.5 s after its answer, through a proxy on loopback`;
const capacity = `${DEVICES} devices for ${SECONDS} s, each syncing again as soon as its answer arrived`;

export const figures: Record<string, FigureSpec> = Object.fromEntries(
  Object.entries(SETUPS).flatMap(([key, s]) => [
    [
      `scale_${key}_push_p95_ms`,
      {
        goal: '≤ 500',
        times: `p95 time from sending a sync request that carries 1–5 mutations until its answer (the mutations committed, one pull page) has arrived at the device; ${s.label}; ${moderate}`,
      },
    ],
    [
      `scale_${key}_pull_p95_ms`,
      {
        goal: '≤ 300',
        times: `p95 time from sending a sync request without mutations until its pull page has arrived; ${s.label}; the same run`,
      },
    ],
    [
      `scale_${key}_mutations_per_s`,
      {
        goal: '≥ 200',
        times: `mutations applied per second (first applications, not replays); ${s.label}; ${capacity}`,
      },
    ],
    [
      `scale_${key}_requests_per_s`,
      {
        goal: '≥ 100',
        times: `sync requests answered 200 per second; ${s.label}; the same run`,
      },
    ],
  ]),
);

async function measure(opts: ScaleOptions): Promise<{ f: ScaleFigures; note: string }> {
  const started = Date.now();
  const run = await runScale(opts);
  if (run.problems.length)
    throw new Error(
      `scale run on ${opts.backend} broke ${run.problems.length} invariant(s): ${run.problems
        .slice(0, 3)
        .map((p) => `(${p.check}) ${p.message}`)
        .join('; ')}`,
    );
  const f = run.figures;
  const note = `${f.pushes} pushes, ${f.pulls} pulls, ${f.mutations} mutations, ${f.photos} photos (${Math.round(f.photoBytes / 1024)} KB); push p50 ${f.pushP50Ms} ms, pull p50 ${f.pullP50Ms} ms; run ${Math.round((Date.now() - started) / 1000)} s`;
  return { f, note };
}

const bench: Bench = async (report) => {
  for (const [key, setup] of Object.entries(SETUPS)) {
    const common = {
      backend: setup.backend,
      devices: DEVICES,
      seconds: SECONDS,
      faults: null,
      kill: false,
      seed: SEED,
    } as const;
    const low = await measure({ ...common, thinkMs: MODERATE_THINK_MS });
    report({
      name: `scale_${key}_push_p95_ms`,
      value: low.f.pushP95Ms,
      unit: 'ms',
      note: low.note,
    });
    report({ name: `scale_${key}_pull_p95_ms`, value: low.f.pullP95Ms, unit: 'ms' });
    const high = await measure({ ...common, thinkMs: 0 });
    report({
      name: `scale_${key}_mutations_per_s`,
      value: high.f.mutationsPerSecond,
      unit: '1/s',
      note: high.note,
    });
    report({ name: `scale_${key}_requests_per_s`, value: high.f.requestsPerSecond, unit: '1/s' });
  }
};
export default bench;
