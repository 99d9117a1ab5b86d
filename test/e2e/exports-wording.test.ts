// Counts, dates, order and the data export as a person sees them, in real Chromium on a 390 px
// phone against the built app: the coverage strip runs in the order of the sections below,
// checklist progress says done / not applicable / open separately on the visit page and the
// visit card, the date reads as a date, and "Daten (CSV)" downloads one ZIP of German CSVs.
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { Download } from 'playwright-core';
import { expect, it } from 'vitest';
import { PHONE, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { createSite, createVisit } from './support/capture';
import { signIn } from '../support/accounts';
import { strictCsv } from '../client/reports/strict-csv';

const app = serveBuiltApp();

it('coverage order, checklist progress, dates and the CSV data export', async () => {
  const page = await app.browser.newPage({ viewport: PHONE, acceptDownloads: true });
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await signIn(page, app.server);
  await createSite(page, 'Offenbach', 'Nordend');
  await createVisit(page, '2027-01-31');

  // The strip lists the fields in the order of the sections below it.
  await page.locator('section.field-block').first().waitFor();
  const strip = await page
    .locator('.coverage-strip a[data-field]')
    .evaluateAll((as) => as.map((a) => (a as HTMLElement).dataset['field']));
  const sections = await page
    .locator('section.field-block')
    .evaluateAll((ss) => ss.map((s) => s.id.replace(/^field-/, '')));
  // (the last section holds notes without an action field; the strip has no cell for it)
  expect(strip).toHaveLength(10);
  expect(strip).toEqual(sections.filter((id) => id !== 'general'));
  await page.locator('nav.coverage').screenshot({ path: '/tmp/h8-coverage-390.png' });
  await expect.poll(() => page.locator('.visit-head .meta').innerText()).toContain('31. Jan. 2027');

  // One item done, one not applicable: the summary says so, not "2 von 6 erledigt".
  const prep = page.locator('details.checklist').first();
  await prep.locator(':scope > summary').click();
  const items = prep.locator('li.check-item');
  const total = await items.count();
  await items.nth(0).locator('label.seg[data-value="done"]').click();
  await items.nth(1).locator('label.seg[data-value="na"]').click();
  const progress = `1 erledigt · 1 entfällt · ${total - 2} offen`;
  await expect.poll(() => prep.locator(':scope > summary .meta').innerText()).toBe(progress);
  await page.screenshot({ path: '/tmp/h8-visit-390.png', fullPage: false });
  // The card sums up every list of the visit.
  const all = await page.locator('li.check-item').count();
  const visitProgress = `1 erledigt · 1 entfällt · ${all - 2} offen`;

  // The data export: one ZIP, a CSV per entity, German headers and dates.
  const [dl] = (await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: 'Daten (CSV)', exact: true }).click(),
  ])) as [Download, unknown];
  expect(dl.suggestedFilename()).toMatch(/_2027-01-31_Daten\.zip$/);
  const files = unzipSync(new Uint8Array(readFileSync(await dl.path())));
  expect(Object.keys(files).sort()).toEqual(
    [
      'Bedarfe-und-Schritte.csv',
      'Einschaetzungen.csv',
      'Beobachtungen.csv',
      'Besuche.csv',
      'Checkliste.csv',
      'Fotos.csv',
      'Standorte.csv',
      'Teilnehmende.csv',
    ].sort(),
  );
  /** The file's text after its BOM (which must be there: Excel reads UTF-8 only with it). */
  const csv = (name: string) => {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(files[name]);
    expect(text.startsWith('\uFEFF'), name).toBe(true);
    return strictCsv(text.slice(1), ';');
  };
  const visits = csv('Besuche.csv');
  expect(visits[0]!.slice(0, 3)).toEqual(['Standort', 'Datum', 'Programmphase']);
  expect(visits[1]!.slice(0, 2)).toEqual(['Offenbach – Nordend', '31.01.2027']);
  const check = csv('Checkliste.csv');
  expect(check.slice(1, 3).map((r) => r[check[0]!.indexOf('Stand')])).toEqual([
    'Erledigt',
    'Entfällt',
  ]);

  // The visit card in the list carries the same progress line.
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Besuche' })
    .click();
  const card = page.locator('.visit-card').first();
  await expect
    .poll(() => card.locator('.check-progress').innerText())
    .toBe(`Checkliste: ${visitProgress}`);
  await expect.poll(() => card.innerText()).toContain('31. Jan. 2027');
  await page.screenshot({ path: '/tmp/h8-visits-390.png', fullPage: false });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
  expect(errors.filter((e) => !/404|Failed to load resource/.test(e))).toEqual([]);
}, 180_000);
