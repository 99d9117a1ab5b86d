// `npm start`: builds the PWA when dist/ is missing or older than its sources, then starts the
// server (main.ts). One command, one process serving everything.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { needsBuild } from './build-check';
import { ROOT } from './config';

const reason = needsBuild(ROOT);
if (reason) {
  console.error(
    reason === 'missing'
      ? 'dist/ fehlt: baue die App (vite build) …'
      : 'dist/ ist älter als die Quellen: baue neu (vite build) …',
  );
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.status !== 0) {
    console.error('vite build failed');
    process.exit(run.status ?? 1);
  }
}
await import('./main');
