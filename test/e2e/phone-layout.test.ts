// Phone first, measured in real Chromium against the built app: every route of routes.tsx, with
// realistic data (a long contact e-mail and municipality, ten observations with long texts,
// follow-ups, participants, photos with captions), at 320×640 and 390×844. No page scrolls
// sideways, every <select> shows its whole chosen text, nothing shifts after load (the sum of
// Chromium's layout-shift entries, read from a PerformanceObserver), the install hint can be
// dismissed for good, and the header says "offline" within a second of losing the network.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createAccount, signIn } from '../support/accounts';
import { watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { until } from './support/capture';
import { type Seeded, seedRealistic, everyRoute, openSeededVisit } from './support/realistic-seed';

const app = serveBuiltApp();
const SIZES = [
  { width: 320, height: 640 },
  { width: 390, height: 844 },
] as const;
/** CLS budget per route (Web Vitals calls 0.1 "good"; a page that only appears may do far better). */
const CLS_MAX = 0.02;

/** Sums the layout shifts (without recent input) since the document started; set up before any script. */
const WATCH_SHIFTS = `(() => {
  globalThis.__shifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      globalThis.__shifts.push({
        value: e.value,
        at: Math.round(e.startTime),
        nodes: (e.sources || []).map((s) => s.node ? (s.node.className || s.node.nodeName) + '' : '?'),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
})();`;

type Shift = { value: number; at: number; nodes: string[] };

/** Waits until the page painted its content and stayed still for a while (no DOM change in 600 ms). */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor({ timeout: 30_000 });
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        let timer = setTimeout(finish, 600);
        const mo = new MutationObserver(() => {
          clearTimeout(timer);
          timer = setTimeout(finish, 600);
        });
        function finish() {
          mo.disconnect();
          done();
        }
        mo.observe(document.body, { subtree: true, childList: true, attributes: true });
      }),
  );
}

/** What breaks phone layout on the page as it stands: wide pages, cut selects and navigation labels. */
function measure(page: Page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1)
      .filter((el) => el.getClientRects().length > 0)
      .filter((el) => !el.closest('.scroll-x'))
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
      .slice(0, 5);
    const ctx = document.createElement('canvas').getContext('2d')!;
    const cutSelects: string[] = [];
    for (const s of document.querySelectorAll('select')) {
      if (s.getClientRects().length === 0) continue;
      const text = s.selectedOptions[0]?.textContent ?? '';
      // The app's select box shows the chosen text itself, wrapped (components/fields.tsx).
      const shown = s.parentElement?.querySelector<HTMLElement>(':scope > .select-text');
      if (shown && shown.getClientRects().length > 0) {
        if (shown.textContent !== text || shown.scrollWidth > shown.clientWidth + 1)
          cutSelects.push(`${s.id || s.name}: "${text}" shown as "${shown.textContent}"`);
        continue;
      }
      const cs = getComputedStyle(s);
      ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16; // arrow
      if (ctx.measureText(text).width > room)
        cutSelects.push(`${s.id || s.name}: "${text}" (${Math.round(room)} px)`);
    }
    // A bottom navigation label (one word) wider than its quarter of the screen is cut off at
    // its edges or broken inside the word.
    const cutNav = [...document.querySelectorAll<HTMLElement>('.nav-bottom .nav-link')]
      .filter((a) => a.getClientRects().length > 0)
      .filter((a) => {
        const range = document.createRange();
        range.selectNodeContents(a.lastChild!);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        return a.scrollWidth > a.clientWidth + 1 || lines.size > 1;
      })
      .map((a) => `"${a.textContent?.trim()}" ${a.scrollWidth} px in ${a.clientWidth}`);
    return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide, cutSelects, cutNav };
  });
}

async function phone(
  size: (typeof SIZES)[number],
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await app.browser.newContext({
    viewport: size,
    locale: 'de-DE',
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  await context.addInitScript(WATCH_SHIFTS);
  return { context, page: await context.newPage() };
}

describe('phone layout', () => {
  let seeded: Seeded | undefined;
  const ready = async () => (seeded ??= await seedRealistic(app.server.url, app.server.dataDir));

  for (const size of SIZES)
    it(`every route at ${size.width}×${size.height}: no sideways scrolling, whole select texts, CLS < ${CLS_MAX}`, async () => {
      const { siteId, visitId } = await ready();
      const { context, page } = await phone(size);
      const errors = watchErrors(page);
      try {
        await page.goto(app.server.url);
        await signIn(page, app.server, await createAccount(app.server, { name: 'Koordination' }));
        // Wait for the seeded records to arrive on this device.
        await openSeededVisit(page, app.server.url, visitId);
        const routes = everyRoute({ siteId, visitId });
        const report: Record<string, { cls: number; shifts: Shift[] }> = {};
        const problems: string[] = [];
        for (const route of routes) {
          await page.goto(`${app.server.url}${route}`);
          await settled(page);
          // The shifts of loading the page, before the test itself opens anything.
          const shifts = await page.evaluate(
            () => (globalThis as { __shifts?: Shift[] }).__shifts ?? [],
          );
          // Open every disclosure, so what is folded is measured too.
          await page.evaluate(() => {
            for (const d of document.querySelectorAll('main details'))
              (d as HTMLDetailsElement).open = true;
          });
          // Cards off screen skip layout (content-visibility: auto): lay everything out to measure it.
          await page.evaluate(() => {
            for (const el of document.querySelectorAll<HTMLElement>('main *'))
              if (getComputedStyle(el).contentVisibility === 'auto')
                el.style.contentVisibility = 'visible';
          });
          await page.waitForTimeout(100);
          const m = await measure(page);
          const cls = shifts.reduce((s, e) => s + e.value, 0);
          report[route] = { cls: Math.round(cls * 10_000) / 10_000, shifts };
          if (m.scrollWidth > m.clientWidth)
            problems.push(
              `${route}: ${m.scrollWidth} px wide in ${m.clientWidth} (${m.wide.join(', ')})`,
            );
          for (const s of m.cutSelects) problems.push(`${route}: select cut: ${s}`);
          for (const s of m.cutNav) problems.push(`${route}: navigation label cut: ${s}`);
          if (cls >= CLS_MAX)
            problems.push(`${route}: CLS ${cls.toFixed(4)} ${JSON.stringify(shifts)}`);
          await page.screenshot({
            path: `${process.env.SCREENSHOT_DIR ?? '/tmp'}/phone-${size.width}${route.replace(/[/:]/g, '_')}.png`,
            fullPage: true,
          });
        }
        // The instrument itself: a block pushed in above the visit list is seen as a shift.
        await page.goto(`${app.server.url}/visits`);
        await settled(page);
        const base = await page.evaluate(
          () => (globalThis as { __shifts?: Shift[] }).__shifts?.length ?? 0,
        );
        await page.evaluate(() => {
          const block = document.createElement('div');
          block.style.height = '120px';
          document.querySelector('main h1')!.before(block);
        });
        await page.waitForFunction(
          (n) => ((globalThis as { __shifts?: Shift[] }).__shifts?.length ?? 0) > n,
          base,
          { timeout: 2_000 },
        );
        console.log(
          `CLS per route at ${size.width} px:`,
          Object.fromEntries(
            Object.entries(report).map(([r, v]) => [r.replace(/[0-9a-f-]{36}/, ':id'), v.cls]),
          ),
        );
        expect(problems).toEqual([]);
        // The new-visit button on the site page can be tapped (inside the screen, not covered).
        await page.goto(`${app.server.url}/sites/${siteId}`);
        const add = page.getByRole('link', { name: 'Neuer Besuch an diesem Standort' });
        await add.click({ trial: true, timeout: 5_000 });
        const box = (await add.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(size.width);
        expect(errors.filter((e) => !/Failed to load resource|404/.test(e))).toEqual([]);
      } finally {
        await context.close();
      }
    });

  it('offline shows within a second of losing the network; a participant added offline shows at once; back online it syncs', async () => {
    const { visitId } = await ready();
    const { context, page } = await phone(SIZES[1]);
    try {
      await page.goto(app.server.url);
      await signIn(page, app.server, await createAccount(app.server, { name: 'Mitglied' }));
      await page.goto(`${app.server.url}/visits/${visitId}`);
      const state = page.locator('.sync-indicator');
      await until('synced', async () =>
        /^Synchronisiert um \d\d:\d\d$/.test(
          (await page.getByTestId('sync-text').textContent()) ?? '',
        ),
      );
      expect(await state.getAttribute('data-state')).toBe('ok');

      await context.setOffline(true);
      const lost = Date.now();
      await page.waitForFunction(
        () => document.querySelector('.sync-indicator')?.getAttribute('data-state') === 'offline',
        undefined,
        { timeout: 1_000, polling: 20 },
      );
      const shownAfter = Date.now() - lost;
      await expect(page.getByTestId('sync-text').textContent()).resolves.toBe(
        'Offline – Änderungen bleiben auf dem Gerät',
      );

      // A participant added offline is in the list at once.
      await page.getByText('Besuchsdaten').click();
      const before = await page.locator('fieldset.participant').count();
      await page.getByLabel('Name', { exact: true }).last().fill('Fatma Yılmaz');
      await page.getByRole('button', { name: 'Person hinzufügen' }).click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('fieldset.participant').length === n,
        before + 1,
        { timeout: 1_000, polling: 20 },
      );
      // The phone keyboard's Enter adds a person too.
      await page.getByLabel('Name', { exact: true }).last().fill('Jonas Becker');
      await page.getByLabel('Name', { exact: true }).last().press('Enter');
      await page.waitForFunction(
        (n) => document.querySelectorAll('fieldset.participant').length === n,
        before + 2,
        { timeout: 1_000, polling: 20 },
      );
      // Still offline, and it says what waits.
      await until('waiting counted', async () =>
        /^Offline – .* · 2 Änderungen warten/.test(
          (await page.getByTestId('sync-text').textContent()) ?? '',
        ),
      );

      // Back online: the `online` event starts a sync, which sends the participant.
      await context.setOffline(false);
      await until(
        'synced again',
        async () => (await state.getAttribute('data-state')) === 'ok',
        10_000,
      );
      console.log(`offline shown ${shownAfter} ms after context.setOffline(true)`);
      expect(shownAfter).toBeLessThan(1_000);
    } finally {
      await context.close();
    }
  });

  it('the install hint can be dismissed and stays dismissed after a reload', async () => {
    await ready();
    const { context, page } = await phone(SIZES[1]);
    // Chromium offers installation by the beforeinstallprompt event; headless, the test sends it.
    const offer = () =>
      page.evaluate(() =>
        window.dispatchEvent(
          Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
            prompt: async () => {},
            userChoice: Promise.resolve({ outcome: 'dismissed' }),
          }),
        ),
      );
    try {
      await page.goto(app.server.url);
      await signIn(page, app.server, await createAccount(app.server, { name: 'Telefon' }));
      await page.getByTestId('safety-banners').waitFor({ state: 'attached' });
      await offer();
      const hint = page.getByTestId('install');
      await hint.waitFor();
      // A real tap: nothing (the floating "+ Neuer Besuch", the navigation) may cover the button.
      await hint.getByRole('button', { name: 'Nicht jetzt' }).click({ timeout: 5_000 });
      await hint.waitFor({ state: 'detached' });
      await page.reload();
      await page.getByTestId('safety-banners').waitFor({ state: 'attached' });
      await offer();
      await page.waitForTimeout(500);
      await expect(hint.count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });
});
