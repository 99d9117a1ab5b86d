// Size figures of the built app beyond the first route (test/support/initial-js.ts): what the
// service worker precaches, the lazy chunks, the service worker itself. Shared by the budget
// test (test/e2e/budget.test.ts) and the benchmarks. All sizes are gzip -9, the transfer size
// the budgets are stated in (BENCHMARKS.md); raw bytes are given too.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { initialChunks } from './initial-js';

export type Sized = { file: string; bytes: number; gzipBytes: number };

/** Budgets in KB gzip. Why each number: see test/e2e/budget.test.ts. */
export const BUDGET_KB = {
  precache: 350,
  largestPrecachedLazyChunk: 35,
  largestLazyChunk: 520,
  serviceWorker: 10,
} as const;

function sized(distDir: string, file: string): Sized {
  const buf = readFileSync(join(distDir, file));
  return { file, bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length };
}

/** A chunk's name without its content hash (assets/visit-page-C1j5Mt5-.js → visit-page.js). */
export function stableName(file: string): string {
  return file.replace(/^assets\//, '').replace(/-[\w-]{8}(\.\w+)$/, '$1');
}

/** The service worker's precache manifest: unique URLs with their sizes, largest first. */
export function precacheEntries(distDir: string): Sized[] {
  const sw = readFileSync(join(distDir, 'sw.js'), 'utf8');
  const urls = [
    ...new Set([...sw.matchAll(/url:\s*"([^"]+)"/g)].map((m) => m[1]!.replace(/^\//, ''))),
  ];
  return urls
    .filter((u) => existsSync(join(distDir, u)))
    .map((u) => sized(distDir, u))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}

/** Every JavaScript chunk the first route does not load statically, largest first. */
export function lazyChunks(distDir: string): (Sized & { precached: boolean })[] {
  const initial = new Set(initialChunks(distDir).map((c) => c.file));
  const precached = new Set(precacheEntries(distDir).map((e) => e.file));
  return readdirSync(join(distDir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`)
    .filter((f) => !initial.has(f))
    .map((f) => ({ ...sized(distDir, f), precached: precached.has(f) }))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}

/** sw.js plus the workbox runtime it imports. */
export function serviceWorkerFiles(distDir: string): Sized[] {
  return readdirSync(distDir)
    .filter((f) => f === 'sw.js' || /^workbox-[\w-]+\.js$/.test(f))
    .map((f) => sized(distDir, f));
}

export const kb = (bytes: number) => bytes / 1024;
export const sumGzip = (xs: Sized[]) => xs.reduce((s, x) => s + x.gzipBytes, 0);

/** Chunks that grew against the recorded baseline (stable name → gzip bytes, chunks of the same
 * name summed), biggest growth first: the message of a broken budget names them. */
export function grownSince(baseline: Record<string, number>, now: Sized[]): string {
  const byName = new Map<string, number>();
  for (const c of now)
    byName.set(stableName(c.file), (byName.get(stableName(c.file)) ?? 0) + c.gzipBytes);
  const grown = [...byName]
    .map(([name, bytes]) => ({
      name,
      delta: bytes - (baseline[name] ?? 0),
      isNew: !(name in baseline),
    }))
    .filter((g) => g.delta > 256)
    .sort((a, b) => b.delta - a.delta)
    .slice(0, 5);
  return grown.length
    ? grown
        .map((g) => `${g.name} ${g.isNew ? '(new) ' : ''}+${kb(g.delta).toFixed(1)} KB`)
        .join(', ')
    : 'no chunk grew by more than 0.25 KB';
}
