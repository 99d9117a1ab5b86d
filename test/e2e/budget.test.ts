// Performance budget on the built app: the JavaScript the first route loads (entry
// script, its modulepreloads and their static imports) must stay within 60 KB gzip.
// Lazy chunks (pages, PDF/DOCX export, the sync engine) are not part of it.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INITIAL_JS_BUDGET_KB, initialJsGzipKb, precacheBytes } from '../support/initial-js';

const DIST = resolve(process.env.DIST_DIR ?? 'dist');
/** Everything the service worker downloads on the first visit, often on a weak mobile connection. */
const PRECACHE_BUDGET_KB = 1500;

describe('bundle budget', () => {
  it('has a build to measure', () => {
    expect(existsSync(join(DIST, 'index.html')), `no build in ${DIST}: run \`npx vite build\` first`).toBe(true);
  });

  it(`loads at most ${INITIAL_JS_BUDGET_KB} KB of JavaScript (gzip) for the first route`, () => {
    const { kb, chunks } = initialJsGzipKb(DIST);
    const list = chunks.map((c) => `${c.file} ${(c.gzipBytes / 1024).toFixed(1)} KB`).join(', ');
    console.log(`initial JS: ${kb.toFixed(1)} KB gzip (${list})`);
    expect(chunks.length).toBeGreaterThan(0);
    const zod = chunks.filter((c) => c.hasZod).map((c) => c.file);
    const hint = zod.length ? ` zod is in the first route (${zod.join(', ')}): a module of the shell imports db/write, db/mutators, db/index or the shared schemas statically; import db/schema, db/meta-keys or load it lazily.` : '';
    expect(kb, `initial JavaScript is ${kb.toFixed(1)} KB gzip, over the ${INITIAL_JS_BUDGET_KB} KB budget. Chunks: ${list}.${hint}`)
      .toBeLessThanOrEqual(INITIAL_JS_BUDGET_KB);
  });

  it(`precaches the shell and every chunk of the first route, within ${PRECACHE_BUDGET_KB} KB`, () => {
    const { bytes, entries, urls } = precacheBytes(DIST);
    console.log(`precache: ${entries} entries, ${(bytes / 1024).toFixed(0)} KB`);
    expect(bytes / 1024, `precache is ${(bytes / 1024).toFixed(0)} KB, over ${PRECACHE_BUDGET_KB} KB`).toBeLessThanOrEqual(PRECACHE_BUDGET_KB);
    const missing = ['index.html', ...initialJsGzipKb(DIST).chunks.map((c) => c.file)].filter((f) => !urls.includes(f));
    expect(missing).toEqual([]);
  });
});
