// Long chaos run (npm run chaos:long): the browser chaos scenario with a 30-second outage.
// Prints the figures and exits non-zero unless the server holds exactly the capture within
// three sync cycles. Builds on dist/ (or DIST_DIR); run `npx vite build` first.
import { resolve } from 'node:path';
import { runChaos } from '../e2e/support/chaos-scenario';
import { startServer } from '../support/server-process';

const server = await startServer({ env: { DIST_DIR: resolve(process.env.DIST_DIR ?? 'dist') } });
try {
  const r = await runChaos(server, {
    outageMs: Number(process.env.OUTAGE_MS ?? 30_000),
    seed: Number(process.env.SEED ?? 30),
    log: (m) => console.log(m),
  });
  console.log(JSON.stringify(r, null, 2));
  const exact =
    JSON.stringify([...r.server.observations].sort()) ===
      JSON.stringify([...r.captured.observations].sort()) &&
    JSON.stringify([...r.server.photos].sort()) === JSON.stringify([...r.captured.photos].sort());
  const ok =
    r.converged &&
    r.cycles <= 3 &&
    exact &&
    r.server.blobsBad.length === 0 &&
    r.pageErrors.length === 0 &&
    r.reloads.length === 0;
  console.log(ok ? 'chaos:long PASSED' : 'chaos:long FAILED');
  process.exitCode = ok ? 0 : 1;
} finally {
  await server.stop();
}
