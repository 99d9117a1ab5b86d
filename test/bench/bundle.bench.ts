// Bundle sizes of the built app (dist/ or DIST_DIR), the same figures the budget test checks
// (test/e2e/budget.test.ts), in KB gzip -9: precache, largest lazy chunks, service worker.
// (The first route's JavaScript is js_initial_gzip_kb in capture.bench.ts.)
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  BUDGET_KB,
  kb,
  lazyChunks,
  precacheEntries,
  serviceWorkerFiles,
  stableName,
  sumGzip,
} from '../support/bundle-budget';
import type { Bench } from './run';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = resolve(process.env.DIST_DIR ?? join(ROOT, 'dist'));
const r1 = (x: number) => Math.round(x * 10) / 10;

const bench: Bench = async (report) => {
  if (!existsSync(join(DIST, 'index.html')))
    execSync(`npx vite build --outDir ${DIST}`, { cwd: ROOT, stdio: 'ignore' });
  const env = 'built dist/';
  const pre = precacheEntries(DIST);
  report({
    name: 'precache_gzip_kb',
    value: r1(kb(sumGzip(pre))),
    unit: 'KB',
    goal: `≤ ${BUDGET_KB.precache}`,
    env,
    note: `${pre.length} files, ${kb(pre.reduce((s, e) => s + e.bytes, 0)).toFixed(0)} KB raw (the server sends uncompressed); export code runtime-cached`,
  });
  const lazy = lazyChunks(DIST);
  const inPre = lazy.find((c) => c.precached)!;
  report({
    name: 'largest_precached_lazy_chunk_gzip_kb',
    value: r1(kb(inPre.gzipBytes)),
    unit: 'KB',
    goal: `≤ ${BUDGET_KB.largestPrecachedLazyChunk}`,
    env,
    note: stableName(inPre.file),
  });
  report({
    name: 'largest_lazy_chunk_gzip_kb',
    value: r1(kb(lazy[0]!.gzipBytes)),
    unit: 'KB',
    goal: `≤ ${BUDGET_KB.largestLazyChunk}`,
    env,
    note: `${stableName(lazy[0]!.file)} (${lazy[0]!.precached ? 'precached' : 'runtime-cached, loaded only for an export'})`,
  });
  const sw = serviceWorkerFiles(DIST);
  report({
    name: 'service_worker_gzip_kb',
    value: r1(kb(sumGzip(sw))),
    unit: 'KB',
    goal: `≤ ${BUDGET_KB.serviceWorker}`,
    env,
    note: sw.map((f) => stableName(f.file)).join(' + '),
  });
};
export default bench;
