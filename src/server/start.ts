// `npm start`: builds the PWA when dist/ is missing or older than its sources, then starts the
// server (main.ts). One command, one process serving everything.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './config';

function newestMtime(path: string): number {
  let s;
  try { s = statSync(path); } catch { return 0; }
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

const built = newestMtime(join(ROOT, 'dist/index.html'));
const sources = Math.max(
  ...['src/client', 'src/shared', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => newestMtime(join(ROOT, p))),
);
if (built === 0 || built < sources) {
  console.error(built === 0 ? 'dist/ fehlt: baue die App (vite build) …' : 'dist/ ist älter als die Quellen: baue neu (vite build) …');
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  const run = spawnSync(process.execPath, [vite, 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) {
    console.error('vite build failed');
    process.exit(run.status ?? 1);
  }
}
await import('./main');
