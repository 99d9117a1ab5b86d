// The coordinators' activity log in real Chromium at phone size: the realistic seed's changes
// listed with who and where, filters narrowing them, the CSV export downloaded with the
// token, and offline the page says in words that it needs the server.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAccount, signIn } from '../support/accounts';
import { PHONE, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { MUNICIPALITY, seedRealistic } from './support/realistic-seed';

const app = serveBuiltApp();

describe('activity log', () => {
  it('lists, filters, exports as CSV and says when it is offline (390×844)', async () => {
    const { siteId } = await seedRealistic(app.server.url, app.server.dataDir);
    const context = await app.browser.newContext({
      viewport: PHONE,
      locale: 'de-DE',
      isMobile: true,
      hasTouch: true,
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      const me = await createAccount(app.server, { name: 'Koordination Aktivität' });
      await signIn(page, app.server, me);
      await page.goto(`${app.server.url}/activity`);
      await page.getByRole('heading', { level: 1, name: 'Aktivität' }).waitFor();
      const items = page.locator('.activity-item');
      await items.first().waitFor({ timeout: 20_000 });
      if (process.env.ACTIVITY_SHOT)
        await page.screenshot({ path: process.env.ACTIVITY_SHOT, fullPage: true });
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      ).toBe(true);
      // The seed's site, created by its coordinator: named, with its site and the fields in words.
      await page.locator('.filters summary').click();
      await page.locator('#act-kind').selectOption('site');
      const siteItem = items.filter({ hasText: 'Standort angelegt' }).first();
      await siteItem.waitFor();
      const siteText = (await siteItem.textContent()) ?? '';
      expect(siteText).toContain(MUNICIPALITY);
      expect(siteText).toContain('Kommune');
      await page.locator('#act-kind').selectOption('');

      // Filters: the site keeps its changes; a person who changed nothing sees none.
      await page.locator('#act-site').selectOption(siteId);
      await items.first().waitFor();
      await page.locator('#act-person').selectOption({ label: me.name });
      await page.getByText('Keine Änderungen in diesem Zeitraum mit diesen Filtern.').waitFor();
      await page.locator('#act-person').selectOption('');
      await items.first().waitFor();

      // The CSV of the filtered period, fetched with the token and handed over as a download.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Als CSV exportieren' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(
        /^aktivitaet-\d{4}-\d\d-\d\d-bis-\d{4}-\d\d-\d\d\.csv$/,
      );
      const csv = readFileSync((await download.path())!, 'utf8');
      expect(csv.startsWith('\uFEFFZeitpunkt;Person;Rolle;Standort;')).toBe(true);
      expect(csv).toContain(MUNICIPALITY);

      // Offline: a new filter cannot load, and the page says why in words.
      await context.setOffline(true);
      await page.locator('#act-kind').selectOption('visit');
      await page
        .getByRole('alert')
        .filter({ hasText: 'Ohne Verbindung kann sie nicht geladen werden' })
        .waitFor();
      expect(errors.filter((e) => !/Failed to fetch|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual(
        [],
      );
    } finally {
      await context.close();
    }
  }, 60_000);
});
