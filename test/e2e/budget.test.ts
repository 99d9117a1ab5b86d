// Performance budgets on the built app (goals in BENCHMARKS.md), all in KB gzip -9:
// - initial JavaScript: the entry script, its modulepreloads and their static imports ≤ 60 KB;
// - the first screens as Chromium loads them (test/support/initial-js.ts, where "interactive" is
//   defined): every .js file requested before the sign-in form is interactive (fresh profile),
//   and before the signed-in visits list is interactive (reload with data), ≤ 60 KB each (the
//   visits list is held to its lower VISITS_JS_CEILING_KB, so that it cannot grow unnoticed);
// - precache: every file the service worker downloads on the first visit ≤ 350 KB (Russell's
//   P75 budget is 300–350 KB gzipped; the server sends the precompressed copies, brotli is
//   smaller still), the raw size is printed beside it. It was 300 KB until the advisory pages
//   came (the needs list, the offers, ratings, a site's course, the heat map: 298 → 336 KB):
//   every page is precached so that all of them work offline from the first visit;
// - largest lazy chunk in the precache (a page or library a route pulls in offline) ≤ 35 KB;
// - largest lazy chunk at all (the PDF renderer, pdf-lib with its subset fonts, runtime-cached and loaded
//   only for an export) ≤ 520 KB: its size when the budget was set (494 KB) plus ~5 % (P3: fail
//   on a +5 % regression);
// - service worker plus the workbox runtime ≤ 10 KB.
// A broken budget names the chunks that grew against test/e2e/budget-baseline.json (the sizes
// when the budgets were set; refresh it when a growth was accepted).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  INITIAL_JS_BUDGET_KB,
  VISITS_JS_CEILING_KB,
  type ScreenJs,
  initialJsGzipKb,
  signInScreenJs,
  visitsScreenJs,
} from '../support/initial-js';
import { signIn } from '../support/accounts';
import { addSiteAndVisit } from '../support/initial-js';
import { FIRST_VISIT_SHELL } from '../../src/server/http/first-visit-shell-build';
import { serveBuiltApp } from './support/built-app';
import { PHONE } from './support/browser';
import {
  BUDGET_KB,
  grownSince,
  kb,
  lazyChunks,
  precacheEntries,
  serviceWorkerFiles,
  stableName,
  sumGzip,
} from '../support/bundle-budget';

const DIST = resolve(process.env.DIST_DIR ?? 'dist');
const baseline = JSON.parse(
  readFileSync(join(import.meta.dirname, 'budget-baseline.json'), 'utf8'),
) as Record<string, number>;
const list = (xs: { file: string; gzipBytes: number }[], n = 6) =>
  xs
    .slice(0, n)
    .map((c) => `${stableName(c.file)} ${kb(c.gzipBytes).toFixed(1)} KB`)
    .join(', ');

describe('bundle budget', () => {
  it('has a build to measure', () => {
    expect(
      existsSync(join(DIST, 'index.html')),
      `no build in ${DIST}: run \`npx vite build\` first`,
    ).toBe(true);
  });

  it(`loads at most ${INITIAL_JS_BUDGET_KB} KB of JavaScript (gzip) for the first route`, () => {
    const { kb: total, chunks } = initialJsGzipKb(DIST);
    console.log(`initial JS: ${total.toFixed(1)} KB gzip (${list(chunks, 20)})`);
    expect(chunks.length).toBeGreaterThan(0);
    const zod = chunks.filter((c) => c.hasZod).map((c) => c.file);
    const hint = zod.length
      ? ` zod is in the first route (${zod.join(', ')}): a module of the shell imports db/write, db/mutators, db/index or the shared schemas statically; import db/schema, db/meta-keys, db/local-writes or load it lazily.`
      : '';
    expect(
      total,
      `initial JavaScript is ${total.toFixed(1)} KB gzip, over the ${INITIAL_JS_BUDGET_KB} KB budget. Grew: ${grownSince(baseline, chunks)}. Chunks: ${list(chunks, 20)}.${hint}`,
    ).toBeLessThanOrEqual(INITIAL_JS_BUDGET_KB);
  });

  it(`precaches the shell and every chunk of the first route, within ${BUDGET_KB.precache} KB gzip`, () => {
    const entries = precacheEntries(DIST);
    const total = kb(sumGzip(entries));
    console.log(
      `precache: ${entries.length} files, ${total.toFixed(1)} KB gzip, ${kb(entries.reduce((s, e) => s + e.bytes, 0)).toFixed(0)} KB raw`,
    );
    expect(
      total,
      `precache is ${total.toFixed(1)} KB gzip, over the ${BUDGET_KB.precache} KB budget. Grew: ${grownSince(baseline, entries)}. Largest: ${list(entries)}. Export-only code belongs in workbox.globIgnores (runtime-cached) in vite.config.ts.`,
    ).toBeLessThanOrEqual(BUDGET_KB.precache);
    const urls = entries.map((e) => e.file);
    const missing = ['index.html', ...initialJsGzipKb(DIST).chunks.map((c) => c.file)].filter(
      (f) => !urls.includes(f),
    );
    expect(missing, 'the first route must start offline').toEqual([]);
  });

  it(`keeps every precached lazy chunk within ${BUDGET_KB.largestPrecachedLazyChunk} KB gzip`, () => {
    const lazy = lazyChunks(DIST).filter((c) => c.precached);
    const top = lazy[0]!;
    console.log(
      `largest precached lazy chunk: ${stableName(top.file)} ${kb(top.gzipBytes).toFixed(1)} KB gzip`,
    );
    const over = lazy.filter((c) => kb(c.gzipBytes) > BUDGET_KB.largestPrecachedLazyChunk);
    expect(
      over.map((c) => stableName(c.file)),
      `lazy chunks over ${BUDGET_KB.largestPrecachedLazyChunk} KB gzip: ${list(over)} (baseline: ${over.map((c) => `${stableName(c.file)} ${kb(baseline[stableName(c.file)] ?? 0).toFixed(1)} KB`).join(', ')})`,
    ).toEqual([]);
  });

  it(`keeps the largest lazy chunk (export code) within ${BUDGET_KB.largestLazyChunk} KB gzip`, () => {
    const lazy = lazyChunks(DIST);
    const top = lazy[0]!;
    console.log(
      `largest lazy chunk: ${stableName(top.file)} ${kb(top.gzipBytes).toFixed(1)} KB gzip (${top.precached ? 'precached' : 'runtime-cached'})`,
    );
    expect(
      kb(top.gzipBytes),
      `the largest lazy chunk ${stableName(top.file)} is ${kb(top.gzipBytes).toFixed(1)} KB gzip (baseline ${kb(baseline[stableName(top.file)] ?? 0).toFixed(1)} KB), over the ${BUDGET_KB.largestLazyChunk} KB budget`,
    ).toBeLessThanOrEqual(BUDGET_KB.largestLazyChunk);
  });

  it(`keeps the service worker and workbox within ${BUDGET_KB.serviceWorker} KB gzip`, () => {
    const files = serviceWorkerFiles(DIST);
    const total = kb(sumGzip(files));
    console.log(`service worker: ${total.toFixed(1)} KB gzip (${list(files)})`);
    expect(files.map((f) => f.file)).toContain('sw.js');
    expect(
      total,
      `the service worker is ${total.toFixed(1)} KB gzip, over the ${BUDGET_KB.serviceWorker} KB budget. Grew: ${grownSince(baseline, files)}. Files: ${list(files)}`,
    ).toBeLessThanOrEqual(BUDGET_KB.serviceWorker);
  });
});

describe('JavaScript before the first screen is interactive (Chromium network log)', () => {
  const app = serveBuiltApp();
  const visitsScreen = (shell: 'service worker' | 'network') =>
    visitsScreenJs(app.browser, app.server.url, DIST, (page) => signIn(page, app.server), shell);
  const check = (what: string, r: ScreenJs, budget = INITIAL_JS_BUDGET_KB) => {
    console.log(
      `${what}: ${r.kb.toFixed(1)} KB gzip before interactive at ${Math.round(r.readyMs)} ms (${list(r.chunks, 30)}); requested later: ${r.later.map(stableName).join(', ') || 'none'}`,
    );
    expect(r.chunks.length).toBeGreaterThan(0);
    const zod = r.chunks.filter((c) => c.hasZod).map((c) => stableName(c.file));
    expect(
      r.kb,
      `${what}: ${r.kb.toFixed(1)} KB gzip of JavaScript before interactive, over the ${budget} KB budget. Grew: ${grownSince(baseline, r.chunks)}. Chunks: ${list(r.chunks, 30)}.${zod.length ? ` zod is loaded before interactive (${zod.join(', ')}).` : ''}`,
    ).toBeLessThanOrEqual(budget);
  };

  it(`loads at most ${INITIAL_JS_BUDGET_KB} KB gzip of JS before the sign-in form is interactive`, async () => {
    const r = await signInScreenJs(app.browser, app.server.url, DIST);
    check('sign-in form', r);
    // The first visit's shell (first-visit-shell-build.ts) names every chunk the form needs
    // beyond the entry's, so that none of them waits until the entry script ran.
    const shell = readFileSync(join(DIST, FIRST_VISIT_SHELL), 'utf8');
    const entry = new Set(initialJsGzipKb(DIST).chunks.map((c) => c.file));
    const late = r.chunks
      .map((c) => c.file)
      .filter((f) => !entry.has(f) && !shell.includes(`href="/${f}"`));
    expect(late, `not preloaded by ${FIRST_VISIT_SHELL}`).toEqual([]);
    expect(r.chunks.length).toBeGreaterThan(entry.size);
  }, 60_000);

  // The goal is INITIAL_JS_BUDGET_KB; met, and held to the lower VISITS_JS_CEILING_KB under the
  // service worker, which answers every app start of a signed-in device once it is installed.
  it(`loads at most ${VISITS_JS_CEILING_KB} KB gzip of JS before the signed-in visits list is interactive`, async () => {
    const r = await visitsScreen('service worker');
    check('visits list', r, VISITS_JS_CEILING_KB);
    // The service worker's shell is index.html, which does not load the sign-in form.
    expect(r.chunks.map((c) => stableName(c.file))).not.toContain('sign-in-page.js');
    // The list checks its rows with a structural guard until zod and the entity schemas load,
    // after the first screen (docs/architecture.md §Device safety).
    const zod = r.chunks.filter((c) => c.hasZod).map((c) => stableName(c.file));
    expect(zod, 'zod is loaded before the visits list is interactive').toEqual([]);
    // Nor Dexie: the list paints from a plain IndexedDB read, and Dexie loads after (app/app.tsx).
    const dexie = r.chunks.filter((c) => c.hasDexie).map((c) => stableName(c.file));
    expect(dexie, 'Dexie is loaded before the visits list is interactive').toEqual([]);
    // Its own modules are one chunk (vite.config.ts): each file costs a preload link, a service
    // worker fetch and module set-up on a warm start. 23 files before, 10 since.
    expect(
      r.chunks.length,
      `files before the visits list: ${r.chunks.map((c) => stableName(c.file)).join(', ')}`,
    ).toBeLessThanOrEqual(12);
  }, 90_000);

  // Before the service worker took over (or where there is none), the server's shell for a
  // navigation also preloads the sign-in form: the goal holds there too.
  it(`loads at most ${INITIAL_JS_BUDGET_KB} KB gzip of JS before the visits list is interactive without a service worker`, async () => {
    const r = await visitsScreen('network');
    check('visits list, no service worker', r);
    expect(r.chunks.map((c) => stableName(c.file))).toContain('sign-in-page.js');
  }, 90_000);
});

describe('the install offer on the first screen', () => {
  const app = serveBuiltApp();
  /** A phone-sized context of its own with a signed-in page; the caller closes the context. */
  const signedInPhone = async () => {
    const ctx = await app.browser.newContext({ locale: 'de-DE', viewport: PHONE });
    try {
      const page = await ctx.newPage();
      await signIn(page, app.server);
      return { ctx, page };
    } catch (e) {
      await ctx.close();
      throw e;
    }
  };

  it('appears without shifting the page, and "Nicht jetzt" hides it for good on this device', async () => {
    const { ctx, page } = await signedInPhone();
    try {
      await page.goto(`${app.server.url}/visits`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const offer = page.getByTestId('install');
      // Chromium offers installation with this event; the app keeps it (device/install-prompt.ts).
      const offerInstall = () =>
        page.evaluate(() => {
          const w = window as unknown as { __shift: number };
          w.__shift = 0;
          new PerformanceObserver((l) => {
            for (const e of l.getEntries() as unknown as {
              hadRecentInput: boolean;
              value: number;
            }[])
              if (!e.hadRecentInput) w.__shift += e.value;
          }).observe({ type: 'layout-shift' });
          const e = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
            prompt: async () => {},
            userChoice: Promise.resolve({ outcome: 'dismissed' }),
          });
          window.dispatchEvent(e);
        });
      // One evaluation, not a locator's element then its box: the list's first screen is replaced
      // by the app with the database (app/app.tsx), and a <main> found just before that would
      // answer from outside the document.
      const mainTop = () =>
        page.evaluate(() => document.querySelector('main')!.getBoundingClientRect().top);
      const before = await mainTop();
      await offerInstall();
      await offer.waitFor();
      await page.waitForTimeout(300);
      expect(await mainTop(), 'the offer must not push the page down').toBe(before);
      expect(
        await page.evaluate(() => (window as unknown as { __shift: number }).__shift),
      ).toBeLessThanOrEqual(0.02);

      await offer.getByRole('button', { name: 'Nicht jetzt' }).click();
      await offer.waitFor({ state: 'detached' });
      await page.reload();
      await page.getByRole('heading', { level: 1 }).waitFor();
      await offerInstall();
      await page.getByTestId('safety-banners').waitFor({ state: 'attached' });
      await page.waitForTimeout(500);
      expect(await offer.count(), 'dismissed on this device: not offered again').toBe(0);
    } finally {
      await ctx.close();
    }
  }, 90_000);

  // Offered before the list's content is there (as Chromium does on a warm start, about 0.5 s
  // in at 4x CPU), the offer is part of the first screen: painted in the frame that shows the
  // first card, not a moment later as the screen's last and largest paint (lcp_warm_ms).
  it('offered during the start, it shows in the same frame as the first card, and only on the list', async () => {
    const { ctx, page } = await signedInPhone();
    try {
      await addSiteAndVisit(page, app.server.url);
      await page.addInitScript(() => {
        const w = window as unknown as { __frame: number; __seen: Record<string, number> };
        w.__frame = 0;
        w.__seen = {};
        const tick = () => {
          w.__frame++;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        new MutationObserver(() => {
          for (const [name, sel] of [
            // A visit's card: not the "Neuer Besuch" button (/visits/new), which the page shows
            // before its read answered (the test failed 1 in 6 runs on a loaded machine on it).
            ['card', 'main .visit-card a'],
            ['offer', '[data-testid="install"]'],
          ] as const)
            if (w.__seen[name] === undefined && document.querySelector(sel))
              w.__seen[name] = w.__frame;
        }).observe(document, { childList: true, subtree: true });
        // Offered as soon as the app listens (main.tsx, before it reads anything): before the
        // list's content for sure, which the test checks.
        const listen = window.addEventListener.bind(window);
        window.addEventListener = ((...args: Parameters<typeof listen>) => {
          listen(...args);
          if (args[0] !== 'beforeinstallprompt') return;
          w.__seen['offered'] = w.__frame;
          const e = new Event('beforeinstallprompt', { cancelable: true });
          const offer = Object.assign(e, {
            prompt: async () => {},
            userChoice: Promise.resolve({ outcome: 'dismissed' }),
          });
          queueMicrotask(() => window.dispatchEvent(offer));
        }) as typeof window.addEventListener;
      });
      await page.goto(`${app.server.url}/visits`);
      await page.getByTestId('install').waitFor();
      const seen = await page.evaluate(
        () => (window as unknown as { __seen: Record<string, number> }).__seen,
      );
      expect(seen.card, 'the list shows its card').toBeGreaterThanOrEqual(0);
      expect(seen.offered, 'offered before the card').toBeLessThanOrEqual(seen.card!);
      expect(seen.offer, 'the offer comes in the frame of the first card').toBe(seen.card);
      // Not below a visit page: its cards keep coming, and someone is capturing there.
      await page.locator('main .visit-card a').first().click();
      await page.getByRole('heading', { level: 2, name: 'Checklisten' }).waitFor();
      await page.getByTestId('install').waitFor({ state: 'detached' });
    } finally {
      await ctx.close();
    }
  }, 90_000);
});
