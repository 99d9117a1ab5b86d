// Long crash run (npm run crash:long): RUNS (default 20) SIGKILLs of Chromium right after
// "Auf diesem Gerät gespeichert", each followed by a relaunch with the same profile.
// Builds on dist/ (or DIST_DIR); run `npx vite build` first.
import { resolve } from 'node:path';
import { runCrashes } from '../e2e/support/crash-scenario';
import { startServer } from '../support/server-process';

const server = await startServer({ env: { DIST_DIR: resolve(process.env.DIST_DIR ?? 'dist') } });
try {
  const r = await runCrashes(server, Number(process.env.RUNS ?? 20), (m) => console.log(m));
  console.log(JSON.stringify(r));
  const ok = r.missing.length === 0 && r.found === r.runs;
  console.log(ok ? 'crash:long PASSED' : 'crash:long FAILED');
  process.exitCode = ok ? 0 : 1;
} finally {
  await server.stop();
}
