// Decides whether `npm start` must build the PWA first: dist/ missing, or older than any of
// the sources that go into it.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const BUILD_INPUTS = [
  'src/client',
  'src/shared',
  'public',
  'index.html',
  'vite.config.ts',
  // The build's plugins in the server's folder (vite.config.ts imports them).
  'src/server/http/precompress-build.ts',
  'src/server/http/first-visit-shell-build.ts',
  'src/server/http/export-assets-build.ts',
  'src/server/http/bundle-graph.ts',
  'package.json',
] as const;

export function newestMtime(path: string): number {
  let s;
  try {
    s = statSync(path);
  } catch {
    return 0;
  }
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

export function needsBuild(root: string): 'missing' | 'stale' | null {
  const built = newestMtime(join(root, 'dist/index.html'));
  if (built === 0) return 'missing';
  const sources = Math.max(...BUILD_INPUTS.map((p) => newestMtime(join(root, p))));
  return built < sources ? 'stale' : null;
}
