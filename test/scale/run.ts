// `npm run scale`: the scale run from the command line, printing its figures and every problem
// the checks found (exit code 1 when there is one).
//   npm run scale -- [--devices 50] [--seconds 120] [--backend postgres-s3|sqlite] [--servers 2]
//                    [--no-kill] [--no-faults] [--think 250] [--seed N]
// PostgreSQL and radosgw are started for the run unless SB_TEST_PG_URL / SB_TEST_S3_* name them.
import { parseArgs } from 'node:util';
import { runScale } from './driver';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '120' },
    backend: { type: 'string', default: 'postgres-s3' },
    servers: { type: 'string' },
    'no-kill': { type: 'boolean', default: false },
    'no-faults': { type: 'boolean', default: false },
    think: { type: 'string', default: '250' },
    seed: { type: 'string' },
  },
});
const backend = values.backend;
if (backend !== 'postgres-s3' && backend !== 'sqlite') {
  console.error(`--backend must be postgres-s3 or sqlite, not ${backend}`);
  process.exit(2);
}
const started = Date.now();
try {
  const run = await runScale({
    backend,
    devices: Number(values.devices),
    seconds: Number(values.seconds),
    ...(values.servers ? { servers: Number(values.servers) } : {}),
    ...(values['no-kill'] ? { kill: false } : {}),
    ...(values['no-faults'] ? { faults: null } : {}),
    thinkMs: Number(values.think),
    ...(values.seed ? { seed: Number(values.seed) } : {}),
    log: (line) => console.error(line),
  });
  console.log(JSON.stringify(run.figures, null, 2));
  for (const p of run.problems) console.log(`PROBLEM (${p.check}) ${p.message}`);
  console.log(
    `${run.problems.length ? 'FAILED' : 'ok'}: ${run.problems.length} problem(s), whole run ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  process.exitCode = run.problems.length ? 1 : 0;
} catch (e) {
  console.error(e);
  process.exitCode = 1;
}
