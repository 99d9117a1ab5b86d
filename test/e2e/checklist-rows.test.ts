// A visit's checklist rows in real Chromium are built once: opening the visit page, the template
// versions' read, the full row check once the schemas are loaded (every live query reads again)
// and a saved tick keep every row on screen instead of building all of them again (each rebuild
// of a 28-item list cost about 200 ms of main thread at 4x CPU).
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { watchErrors } from './support/browser';
import { servePersistentApp } from './support/built-app';
import { createSite, createVisit, until } from './support/capture';
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

const removed = (page: Page) =>
  page.evaluate(() => (globalThis as { __rowsRemoved?: number }).__rowsRemoved ?? -1);

it('builds the checklist rows once, through the full row check and a saved tick', async () => {
  const { server, browser: context } = app;
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = watchErrors(page);
  await page.goto(server.url);
  await signIn(page, server);
  await createSite(page, 'Prüfstadt', 'Nord');
  const visitPath = await createVisit(page);

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
