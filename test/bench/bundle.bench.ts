// Bundle sizes of the built app (dist/ or DIST_DIR), the same figures the budget test checks
// (test/e2e/budget.test.ts), in KB gzip -9: precache, largest lazy chunks, service worker.
// (The static closure of index.html is js_initial_gzip_kb in capture.bench.ts.)
// The first screens as the user waits for them, from Chromium's network log (Resource Timing)
// against the real server; "interactive" as defined in test/support/initial-js.ts:
//   js_signin_interactive_gzip_kb   every .js file requested from navigation start until the
//                                   sign-in form's submit button is enabled (fresh profile)
//   js_visits_interactive_gzip_kb   every .js file requested from reload until the first visit
//                                   card's link of the signed-in visits list is in the DOM, with
//                                   service workers blocked (the note adds the figure under one)
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
import {
  INITIAL_JS_BUDGET_KB,
  type ScreenJs,
  signInScreenJs,
  visitsScreenJs,
} from '../support/initial-js';
import { startServer } from '../support/server-process';
import { signIn } from '../support/accounts';
import { launchBrowser } from '../e2e/support/browser';
import type { Bench, FigureSpec } from './run';
import { chromiumEnv } from './support/env';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = resolve(process.env.DIST_DIR ?? join(ROOT, 'dist'));
const r1 = (x: number) => Math.round(x * 10) / 10;

export const figures: Record<string, FigureSpec> = {
  precache_gzip_kb: {
    goal: `≤ ${BUDGET_KB.precache}`,
    times:
      'KB gzip -9 the service worker downloads on the first visit (its precache manifest): what a new phone fetches before the app works offline',
  },
  largest_precached_lazy_chunk_gzip_kb: {
    goal: `≤ ${BUDGET_KB.largestPrecachedLazyChunk}`,
    times:
      'KB gzip -9 of the largest precached chunk the first route does not load statically: the most a route change waits for on a slow parse',
  },
  largest_lazy_chunk_gzip_kb: {
    goal: `≤ ${BUDGET_KB.largestLazyChunk}`,
    times:
      'KB gzip -9 of the largest chunk at all (export code, runtime-cached): what the first export downloads at most in one file',
  },
  service_worker_gzip_kb: {
    goal: `≤ ${BUDGET_KB.serviceWorker}`,
    times: 'KB gzip -9 of sw.js plus the workbox runtime: checked on every app start',
  },
  js_signin_interactive_gzip_kb: {
    goal: `≤ ${INITIAL_JS_BUDGET_KB}`,
    times:
      'KB gzip -9 of every .js file Chromium requests from navigation start until the sign-in form is usable (submit button in the DOM and enabled), fresh profile (Resource Timing)',
  },
  js_visits_interactive_gzip_kb: {
    goal: `≤ ${INITIAL_JS_BUDGET_KB}`,
    times:
      'KB gzip -9 of every .js file Chromium requests from reload until the signed-in visits list is usable (first visit card link in the DOM), with one site and one visit stored, service workers blocked: the larger case, the shell the server sends also preloads the sign-in form (Resource Timing)',
  },
};

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
    note: `${pre.length} files, ${kb(pre.reduce((s, e) => s + e.bytes, 0)).toFixed(0)} KB raw (the server sends the build's brotli/gzip copies); export code runtime-cached`,
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

  const server = await startServer({ env: { DIST_DIR: DIST } });
  const browser = await launchBrowser();
  try {
    const screen = (r: ScreenJs, where: string) =>
      `${where}; ${r.chunks.length} files (${r.chunks
        .slice(0, 6)
        .map((c) => `${stableName(c.file)} ${kb(c.gzipBytes).toFixed(1)}`)
        .join(
          ', ',
        )}${r.chunks.length > 6 ? ', …' : ''}); loaded after: ${r.later.map(stableName).join(', ') || 'nothing'}`;
    const a = await signInScreenJs(browser, server.url, DIST);
    report({
      name: 'js_signin_interactive_gzip_kb',
      value: r1(a.kb),
      unit: 'KB',
      goal: `≤ ${INITIAL_JS_BUDGET_KB}`,
      env: chromiumEnv('unthrottled; sizes are gzip -9 of the built files'),
      note: screen(a, 'fresh profile, navigation start → sign-in submit button enabled'),
    });
    const visits = (shell: 'service worker' | 'network') =>
      visitsScreenJs(browser, server.url, DIST, (page) => signIn(page, server), shell);
    const b = await visits('network');
    const sw = await visits('service worker');
    report({
      name: 'js_visits_interactive_gzip_kb',
      value: r1(b.kb),
      unit: 'KB',
      goal: `≤ ${INITIAL_JS_BUDGET_KB}`,
      env: chromiumEnv('unthrottled; sizes are gzip -9 of the built files'),
      note: `${screen(b, "signed in, 1 site + 1 visit, service workers blocked (the server's first-visit shell, which also preloads the sign-in form), reload → first visit card link in the DOM")}; answered by the service worker (a signed-in device's app start): ${r1(sw.kb)} KB in ${sw.chunks.length} files`,
    });
  } finally {
    await browser.close();
    await server.stop();
  }
};
export default bench;
