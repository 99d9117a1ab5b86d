// The JavaScript the first route loads, measured on the built dist/: the entry
// script(s) of index.html, their modulepreloads, and every module they import
// statically (transitively). Shared by the budget test and the benchmark.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { waitForServiceWorker } from '../e2e/support/browser';

export const INITIAL_JS_BUDGET_KB = 60;
/**
 * The signed-in visits list, held below the 60 KB goal to what it needs now, so that it cannot
 * grow unnoticed (reported as js_visits_interactive_gzip_kb in BENCHMARKS.md). It was 108 while
 * zod and the entity schemas (26 KB) loaded before the list for its row checks; the list then
 * checked its rows with a structural guard and the schemas loaded after the first screen
 * (docs/architecture.md §Device safety): 107.9 → 81.4 KB. The list's own modules became one
 * chunk (vite.config.ts), which compresses better: 78.5 KB. Then the list painted its first
 * screen from a plain IndexedDB read and Dexie (31 KB) loaded after it (app/app.tsx): 42.5 KB;
 * the ceiling is that rounded up plus 1 KB.
 */
export const VISITS_JS_CEILING_KB = 44;

export type Chunk = {
  file: string;
  bytes: number;
  gzipBytes: number;
  hasZod: boolean;
  /** Holds Dexie (its MissingAPIError class: the app's own code never names it). */
  hasDexie: boolean;
};

function staticImports(code: string): string[] {
  const out: string[] = [];
  // `import ... from "./x.js"` and bare `import "./x.js"`; dynamic import() is excluded.
  const re = /(?:^|[;\s}])import\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+\.js)["']/g;
  for (let m = re.exec(code); m; m = re.exec(code)) out.push(m[1]!);
  return out;
}

export function initialChunks(distDir: string): Chunk[] {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const roots = [
    ...[...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!),
  ].map((u) => u.replace(/^\//, ''));
  return staticClosure(distDir, roots);
}

/** The given chunks (paths relative to distDir) and everything they import statically. */
export function staticClosure(distDir: string, roots: string[]): Chunk[] {
  const seen = new Map<string, Chunk>();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    const full = join(distDir, file);
    if (!existsSync(full))
      throw new Error(`index.html references ${file}, which is not in ${distDir}`);
    const { chunk, code } = measured(distDir, file);
    seen.set(file, chunk);
    for (const spec of staticImports(code)) {
      if (spec.startsWith('.')) queue.push(posix.join(posix.dirname(file), spec));
      else if (spec.startsWith('/')) queue.push(spec.slice(1));
    }
  }
  return [...seen.values()].sort((a, b) => b.gzipBytes - a.gzipBytes);
}

export function initialJsGzipKb(distDir: string): { kb: number; chunks: Chunk[] } {
  const chunks = initialChunks(distDir);
  return { kb: chunks.reduce((s, c) => s + c.gzipBytes, 0) / 1024, chunks };
}

// ---------------------------------------------------------------------------------------------
// Measured in Chromium: the JavaScript a page requests before its first screen is interactive.
// The static closure above only sees index.html's imports; the first screen also pulls lazy
// chunks (the page, the gate's form). This reads the browser's own network log (Resource
// Timing: every script, modulepreload and dynamic import() request the page made, with its
// start time) and counts each .js file requested before "interactive", sized as gzip -9 of the
// built file (the transfer size behind compression; the same unit as the budgets above).
// "Interactive" is concrete and recorded inside the page by a MutationObserver (a microtask
// after the DOM change, so no polling delay lets later requests slip in or out):
// - the sign-in form: its submit button is in the DOM and not disabled (a fresh profile);
// - the visits list: the first visit card's link (an <a href="/visits/<id>"> in <main>) is in
//   the DOM (Solid's router handles its click by delegation from the moment it exists);
//   signed in, one site and one visit stored, measured on a reload.

export const SIGN_IN_READY = 'form button[type="submit"]:not([disabled])';
export const VISITS_READY = 'main a.link-card-main[href^="/visits/"]';

export type ScreenJs = {
  /** gzip -9 KB of the .js files requested before the screen was interactive. */
  kb: number;
  chunks: Chunk[];
  /** ms from navigation start to interactive (noisy; a figure for the note, not a goal). */
  readyMs: number;
  /** .js files requested after interactive, within the settle time (what was deferred). */
  later: string[];
};

// A string, not a function: Playwright would serialise a function as compiled by the test's
// transpiler (tsx adds helper calls that do not exist in the page).
const WATCH_READY = `(() => {
  const selector = %SELECTOR%;
  window.__readyAt = null;
  performance.setResourceTimingBufferSize(2000);
  const obs = new MutationObserver(() => {
    if (window.__readyAt === null && document.querySelector(selector)) {
      window.__readyAt = performance.now();
      obs.disconnect();
    }
  });
  obs.observe(document, { subtree: true, childList: true, attributes: true });
})();`;

/** A built file's sizes and what it holds, with its text. */
function measured(distDir: string, file: string): { chunk: Chunk; code: string } {
  const buf = readFileSync(join(distDir, file));
  const code = buf.toString('utf8');
  const chunk = {
    file,
    bytes: buf.length,
    gzipBytes: gzipSync(buf, { level: 9 }).length,
    hasZod: code.includes('ZodError'),
    hasDexie: code.includes('MissingAPIError'),
  };
  return { chunk, code };
}

const sizeOf = (distDir: string, file: string): Chunk => measured(distDir, file).chunk;

/** Loads (or reloads) `page` with the watcher in place and measures the JS before `selector`. */
async function measure(
  page: Page,
  distDir: string,
  selector: string,
  load: () => Promise<unknown>,
  settleMs = 1500,
): Promise<ScreenJs> {
  await page.addInitScript({
    content: WATCH_READY.replace('%SELECTOR%', JSON.stringify(selector)),
  });
  await load();
  // An arrow without inner names (no transpiler helpers), not a string: the app's CSP forbids eval.
  await page.waitForFunction(
    () => (window as unknown as { __readyAt: number | null }).__readyAt !== null,
    undefined,
    { timeout: 30_000 },
  );
  await page.waitForTimeout(settleMs);
  const r = await page.evaluate(() => ({
    readyAt: (window as unknown as { __readyAt: number }).__readyAt,
    entries: performance
      .getEntriesByType('resource')
      .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime }))
      .filter((e) => e.path.endsWith('.js')),
  }));
  const before = [...new Set(r.entries.filter((e) => e.start <= r.readyAt).map((e) => e.path))];
  const later = [...new Set(r.entries.filter((e) => e.start > r.readyAt).map((e) => e.path))];
  const chunks = before
    .map((p) => sizeOf(distDir, p.replace(/^\//, '')))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  return {
    kb: chunks.reduce((s, c) => s + c.gzipBytes, 0) / 1024,
    chunks,
    readyMs: r.readyAt,
    later: later.filter((p) => !before.includes(p)).map((p) => p.replace(/^\//, '')),
  };
}

/** (a) A fresh profile opens the app: JS before the sign-in form is interactive. */
export async function signInScreenJs(
  browser: Browser,
  url: string,
  distDir: string,
): Promise<ScreenJs> {
  const ctx = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
  try {
    const page = await ctx.newPage();
    return await measure(page, distDir, SIGN_IN_READY, () => page.goto(url));
  } finally {
    await ctx.close();
  }
}

/**
 * Through the app's screens on a signed-in page: the site "Offenbach am Main – Nordend" and a
 * visit there (default date); resolves on the new visit's page.
 */
export async function addSiteAndVisit(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/sites/new`);
  await page.getByRole('textbox', { name: 'Kommune' }).fill('Offenbach am Main');
  await page.getByRole('textbox', { name: 'Quartier' }).fill('Nordend');
  await page.getByRole('button', { name: 'Standort anlegen' }).click();
  await page.getByRole('link', { name: 'Neuer Besuch an diesem Standort' }).click();
  await page.getByRole('button', { name: 'Besuch anlegen' }).click();
  await page.getByRole('heading', { level: 2, name: 'Checklisten' }).waitFor();
}

/**
 * (b) A signed-in device with data reopens the app: JS before the visits list is interactive.
 * `signIn` signs the page in through the form (test/support/accounts.ts); one site and one
 * visit are then created through the app, and the page is reloaded on /visits.
 */
export async function visitsScreenJs(
  browser: Browser,
  url: string,
  distDir: string,
  signIn: (page: Page) => Promise<unknown>,
  /**
   * `service worker`: the reload is answered by the service worker (how a signed-in device opens
   * the app). `network`: service workers blocked, so the server answers with the first visit's
   * shell, which also preloads the sign-in form (src/server/http/first-visit-shell-build.ts).
   */
  shell: 'service worker' | 'network',
): Promise<ScreenJs> {
  const ctx = await browser.newContext({
    locale: 'de-DE',
    viewport: { width: 390, height: 844 },
    serviceWorkers: shell === 'network' ? 'block' : 'allow',
  });
  try {
    const page = await ctx.newPage();
    await page.goto(url);
    await signIn(page);
    await addSiteAndVisit(page, url);
    await page.goto(`${url}/visits`);
    await page.locator(VISITS_READY).first().waitFor();
    if (shell === 'service worker') await waitForServiceWorker(page);
    return await measure(page, distDir, VISITS_READY, () => page.reload());
  } finally {
    await ctx.close();
  }
}
