// The visits list's first screen before Dexie (app/app.tsx, db/first-screen-read.ts): a signed-in
// start on the list paints its cards from a plain IndexedDB read — site, date, checklist progress
// — while the database code is held back; when it arrives, the app with the database replaces the
// first screen without a visible change (the same cards, no layout shift), and the list is live
// from then on (a visit added in another tab appears).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIn } from '../support/accounts';
import { VISITS_READY, addSiteAndVisit } from '../support/initial-js';
import { watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';

const app = serveBuiltApp();
const DEXIE_CHUNK = /\/assets\/schema-[\w-]+\.js$/;

/** Each card's text and box (the list as the person sees it). */
function cards(page: Page) {
  return page.locator('main .visit-card').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return {
        text: (el.querySelector('a') as HTMLElement).innerText,
        // Where it starts and its size: the sync badge's line is there, hidden, before its text
        // (components/sync-status.tsx) and before the sync code's styles arrive.
        box: [r.top, r.left, r.width, r.height].map(Math.round),
      };
    }),
  );
}

describe('the visits list before Dexie', () => {
  it('paints the cards from IndexedDB itself, then hands over to the live list without a change', async () => {
    // No service worker: the route below must see the chunk request.
    const ctx = await app.browser.newContext({
      locale: 'de-DE',
      serviceWorkers: 'block',
      // Lighthouse's phone: at this width a badge sharing the status's row once pushed the title
      // onto another line when its text came.
      viewport: { width: 412, height: 823 },
    });
    try {
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      await signIn(page, app.server);
      // Two cards: the second one moves when anything in the first one changes its height.
      await addSiteAndVisit(page, app.server.url);
      await addSiteAndVisit(page, app.server.url);

      let release!: () => void;
      const held = new Promise<void>((ok) => (release = ok));
      let dexieRequested = false;
      await page.route(DEXIE_CHUNK, async (route) => {
        dexieRequested = true;
        await held;
        await route.continue();
      });
      await page.addInitScript(() => {
        const w = window as unknown as { __shift: number };
        w.__shift = 0;
        new PerformanceObserver((l) => {
          for (const e of l.getEntries() as unknown as { value: number }[]) w.__shift += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`${app.server.url}/visits`);
      await page.locator(VISITS_READY).first().waitFor();
      // Dexie is requested only after the first paint, and held: the cards came without it.
      await expect.poll(() => dexieRequested).toBe(true);
      const before = await cards(page);
      expect(before).toHaveLength(2);
      expect(before[0]!.text).toContain('Offenbach am Main – Nordend');
      expect(before[0]!.text).toMatch(/Checkliste/);
      expect(await page.getByTestId('visit-sync-badge').count()).toBe(0);

      release();
      // The live list: its sync badge answers.
      await expect.poll(() => page.getByTestId('visit-sync-badge').count()).toBe(2);
      expect(await cards(page)).toEqual(before);
      // Nothing moved: the badge's text fills the line kept for it.
      expect(
        await page.evaluate(() => (window as unknown as { __shift: number }).__shift),
      ).toBeLessThan(0.001);

      // Live from now on: a visit added in another tab appears in this list.
      const other = await ctx.newPage();
      await addSiteAndVisit(other, app.server.url);
      await expect.poll(async () => (await cards(page)).length, { timeout: 15_000 }).toBe(3);
      expect(errors).toEqual([]);
    } finally {
      await ctx.close();
    }
  }, 120_000);
});
