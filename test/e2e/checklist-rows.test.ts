// A visit's checklist rows in real Chromium are built once: the later reads of the page's
// queries (the template versions' answer, the full row check once the schemas are loaded) and a
// saved tick keep every row on screen. Keyed by part objects, the old build made all 28 rows again
// once per page load when the versions' answer came after them (about 200 ms of main thread at
// 4x CPU); a tick did not rebuild them there either, so that part guards against a regression.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { watchErrors } from './support/browser';
import { servePersistentApp } from './support/built-app';
import { armSaveWatch, createSite, createVisit, savedOnDevice, until } from './support/capture';
import { signIn } from '../support/accounts';

const app = servePersistentApp('sb-checklist-rows-');

/** Counts, from the page's start, the checklist rows taken out of the document (`__rowsRemoved`). */
const COUNT_REMOVED_ROWS = `(() => {
  const g = globalThis;
  g.__rowsRemoved = 0;
  new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.removedNodes)
        if (n.nodeType === 1)
          g.__rowsRemoved += n.matches('.check-item') ? 1 : n.querySelectorAll('.check-item').length;
  }).observe(document, { childList: true, subtree: true });
})();`;

/**
 * Notes, from the page's start, in which batch of DOM changes (`__batch`, one per task) the first
 * observation card (`__obsBatch`) and the first checklist row (`__rowBatch`) were added.
 */
const NOTE_FIRST_BATCHES = `(() => {
  const g = globalThis;
  g.__batch = 0;
  new MutationObserver((records) => {
    g.__batch++;
    for (const r of records)
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        if (g.__obsBatch === undefined && (n.matches('.obs') || n.querySelector('.obs')))
          g.__obsBatch = g.__batch;
        if (g.__rowBatch === undefined && (n.matches('.check-item') || n.querySelector('.check-item')))
          g.__rowBatch = g.__batch;
      }
  }).observe(document, { childList: true, subtree: true });
})();`;

type Batches = { __obsBatch?: number; __rowBatch?: number };
const batches = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as Batches;
    return { obs: g.__obsBatch, row: g.__rowBatch };
  });

const removed = (page: Page) =>
  page.evaluate(() => (globalThis as { __rowsRemoved?: number }).__rowsRemoved ?? -1);

/** Signs in on `page`, creates a site in the quarter `quarter` and a visit there; its path. */
async function newVisit(page: Page, quarter: string, date?: string): Promise<string> {
  await page.goto(app.server.url);
  await signIn(page, app.server);
  await createSite(page, 'Prüfstadt', quarter);
  return createVisit(page, date);
}

it('builds the checklist rows once, through the later reads and a saved tick', async () => {
  const { server, browser: context } = app;
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = watchErrors(page);
  const visitPath = await newVisit(page, 'Nord');

  await page.addInitScript(COUNT_REMOVED_ROWS);
  await page.goto(server.url + visitPath);
  await page.waitForSelector('main article[aria-busy="false"]');
  const rows = page.locator('.check-item');
  await until('checklist rows shown', async () => (await rows.count()) > 5);
  // The schemas come after the first paint; every live query reads once more after that.
  await until('schemas loaded', () =>
    page.evaluate(() =>
      performance.getEntriesByType('resource').some((e) => e.name.includes('/assets/row-check-')),
    ),
  );
  await page.waitForTimeout(1500);
  expect(await removed(page)).toBe(0);

  // A tick saves the item; its row and every other one stay the same elements.
  const count = await rows.count();
  await page.evaluate(() =>
    document
      .querySelectorAll('.check-item')
      .forEach((el, i) => el.setAttribute('data-mark', String(i))),
  );
  const first = rows.first();
  await first.evaluate((row) => (row.closest('details')!.open = true));
  await first.getByRole('radio', { name: 'Erledigt' }).check();
  await until('tick saved', async () => (await first.getAttribute('data-state')) === 'done');
  await page.waitForTimeout(500);
  expect(await removed(page)).toBe(0);
  expect(await page.locator('.check-item[data-mark]').count()).toBe(count);
  expect(errors).toEqual([]);
});

it('builds the rows after the first frame, and with it when a link names a record', async () => {
  const { server, browser: context } = app;
  const page = await context.newPage();
  const errors = watchErrors(page);
  const visitPath = await newVisit(page, 'Ost');
  await page.getByRole('button', { name: 'Beobachtung hinzufügen: Wohnen und Wohnumfeld' }).click();
  await page.locator('.obs').first().waitFor();
  const itemId = await page
    .locator('.check-item [data-record^="checklistItem-"]')
    .first()
    .getAttribute('data-record');
  await page.addInitScript(NOTE_FIRST_BATCHES);

  // Opened from the list: the rows come in a later task than the page's first cards.
  await page.goto(server.url + visitPath);
  await page.waitForSelector('main article[aria-busy="false"]');
  await until('rows shown', async () => (await batches(page)).row !== undefined);
  const plain = await batches(page);
  expect(plain.obs).toBeDefined();
  expect(plain.row!).toBeGreaterThan(plain.obs!);

  // Opened with a link to a checklist item: its row is there with the page, for the jump.
  await page.goto('about:blank'); // a new document, not a jump within this one
  await page.goto(`${server.url}${visitPath}#${itemId}`);
  await page.waitForSelector('main article[aria-busy="false"]');
  const linked = await batches(page);
  expect(linked.row).toBeDefined();
  expect(linked.row).toBe(linked.obs);
  expect(errors).toEqual([]);
  await page.close();
});

it('closed groups hold no form control until first opened: the state shows (and prints) from the waiting segments', async () => {
  const { server, browser: context } = app;
  const page = await context.newPage();
  const errors = watchErrors(page);
  const visitPath = await newVisit(page, 'Süd', '2026-06-03');
  // One tick and the visit's goals, written with the groups open.
  const firstRow = page.locator('.check-item').first();
  await firstRow.evaluate((row) => (row.closest('details')!.open = true));
  await firstRow.getByRole('radio', { name: 'Erledigt' }).check();
  await until('tick saved', async () => (await firstRow.getAttribute('data-state')) === 'done');
  await page.locator('.details-block > summary').click();
  await armSaveWatch(page);
  await page.getByLabel('Ziele', { exact: true }).fill('Spielplatz ansehen');
  await page.getByLabel('Ziele', { exact: true }).blur();
  await savedOnDevice(page);

  await page.goto('about:blank');
  await page.goto(server.url + visitPath);
  await page.waitForSelector('main article[aria-busy="false"]');
  const rows = page.locator('.check-item');
  await until('rows shown', async () => (await rows.count()) > 5);
  await page.locator('.details-block .dormant-box').first().waitFor({ state: 'attached' });
  // Nothing Chromium's form scan would lay out in the hidden content of a closed group.
  const hiddenControls = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('details:not([open]) :is(input, select, textarea)')]
        .map((e) => e.outerHTML.slice(0, 150) + ' IN ' + e.closest('details')!.className)
        .join(' // '),
    );
  expect(await hiddenControls()).toBe('');
  const row = rows.first();
  expect(await row.locator('.seg[data-checked]').getAttribute('data-value')).toBe('done');
  expect(await row.locator('.seg[data-checked]').count()).toBe(1);

  // Printed, a waiting row shows its state alone, as a row with its radios does.
  await page.emulateMedia({ media: 'print' });
  expect(await row.locator('.seg[data-value="done"]').isVisible()).toBe(true);
  expect(await row.locator('.seg[data-value="open"]').isVisible()).toBe(false);
  await page.emulateMedia({ media: 'screen' });

  // Opened, the group's rows get their controls, the stored state checked.
  await row.evaluate((r) => r.closest('details')!.querySelector('summary')!.click());
  await expect.poll(() => row.getByRole('radio', { name: 'Erledigt' }).isChecked()).toBe(true);
  expect(await row.locator('input[type=radio]').count()).toBe(3);
  // The visit details too, with the stored goals; typing there is saved.
  await page.locator('.details-block > summary').click();
  const goals = page.getByLabel('Ziele', { exact: true });
  await expect.poll(() => goals.inputValue()).toBe('Spielplatz ansehen');
  await page.getByLabel('Name', { exact: true }).fill('Frau Beispiel');
  await page.getByRole('button', { name: /Person hinzufügen/ }).click();
  await until(
    'participant added',
    async () => (await page.locator('fieldset.participant').count()) === 1,
  );
  expect(errors).toEqual([]);
  await page.close();
});
