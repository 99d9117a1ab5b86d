// Authors through the real screens (docs/architecture.md §Authors): what Anna records shows her
// name at once, before any sync; after Ben changes it on his phone, Anna's card names both.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { PHONE, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { FIELD, addObservation, createSite, createVisit, syncIndicator } from './support/capture';
import { createAccount, signIn } from '../support/accounts';

const app = serveBuiltApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const c of contexts) await c.close();
});

async function person(name: string): Promise<{ page: Page; errors: string[] }> {
  const ctx = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  contexts.push(ctx);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await signIn(page, app.server, await createAccount(app.server, { name, role: 'coordinator' }));
  return { page, errors };
}

/** Presses "Jetzt synchronisieren" and waits until the header says everything is synced (with its time). */
async function pressSyncNow(page: Page): Promise<boolean> {
  const button = page.getByRole('button', { name: 'Jetzt synchronisieren' });
  if (!(await button.isVisible())) await syncIndicator(page).click();
  await expect.poll(() => button.isEnabled(), { timeout: 30_000 }).toBe(true);
  await button.click();
  await expect
    .poll(() => syncIndicator(page).textContent(), { timeout: 30_000 })
    .toMatch(/^✓?Synchronisiert (✓|um|am)/);
  if (await button.isVisible()) await syncIndicator(page).click();
  return true;
}

const byLine = (p: Page) =>
  p.getByRole('region', { name: FIELD, exact: true }).getByTestId('by-line').first();

it("each card names who recorded it and who changed it last, on the recorder's phone and the other's", async () => {
  const anna = await person('Anna Arendt');
  const sitePath = await createSite(anna.page, 'Marburg', 'Richtsberg');
  await expect
    .poll(() => anna.page.getByTestId('by-line').first().textContent())
    .toMatch(/^Erfasst von Anna Arendt, \d+\. \w+\.? 20\d\d, \d\d:\d\d$/);
  const visitPath = await createVisit(anna.page);
  await addObservation(anna.page, 'Spielplatz verwaist');
  await expect.poll(() => byLine(anna.page).textContent()).toMatch(/^Erfasst von Anna Arendt, /);
  expect(await pressSyncNow(anna.page)).toBe(true);

  const ben = await person('Ben Bauer');
  expect(await pressSyncNow(ben.page)).toBe(true);
  await ben.page.goto(`${app.server.url}${visitPath}`);
  const text = ben.page
    .getByRole('region', { name: FIELD, exact: true })
    .getByRole('textbox', { name: 'Text' });
  await text.fill('Spielplatz wird wieder genutzt');
  await ben.page.getByRole('heading', { level: 1 }).click(); // blur: the field saves
  await expect
    .poll(() => byLine(ben.page).textContent())
    .toMatch(/^Erfasst von Anna Arendt · zuletzt geändert von Ben Bauer, /);
  expect(await pressSyncNow(ben.page)).toBe(true);

  expect(await pressSyncNow(anna.page)).toBe(true);
  await anna.page.goto(`${app.server.url}${visitPath}`);
  await expect
    .poll(() => byLine(anna.page).textContent(), { timeout: 15_000 })
    .toMatch(
      /^Erfasst von Anna Arendt · zuletzt geändert von Ben Bauer, \d+\. \w+\.? 20\d\d, \d\d:\d\d$/,
    );
  // The line fits a 390 px phone: it wraps, the page never scrolls sideways.
  const card = anna.page
    .getByRole('region', { name: FIELD, exact: true })
    .locator('fieldset')
    .first();
  await card.scrollIntoViewIfNeeded();
  await anna.page.screenshot({ path: '/tmp/h1-authors-card.png' });
  expect(
    await anna.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
  ).toBe(true);
  // The visit and a participant added here name Anna too.
  await anna.page.getByText('Besuchsdaten').click();
  const details = anna.page.locator('details.details-block');
  await details.getByRole('textbox', { name: 'Name' }).last().fill('Clara Gast');
  await details.getByRole('button', { name: '+ Person hinzufügen' }).click();
  const guest = details.getByRole('group', { name: 'Teilnehmende Person 1' });
  await expect
    .poll(() => guest.getByTestId('by-line').textContent())
    .toMatch(/^Erfasst von Anna Arendt, /);
  await expect
    .poll(() => details.getByTestId('by-line').first().textContent())
    .toMatch(/^Erfasst von Anna Arendt, /);
  await guest.scrollIntoViewIfNeeded();
  await anna.page.screenshot({ path: '/tmp/h1-authors-details.png' });
  await anna.page.goto(`${app.server.url}${sitePath}`);
  await expect
    .poll(() => anna.page.getByTestId('by-line').first().textContent())
    .toMatch(/^Erfasst von Anna Arendt/);
  expect(anna.errors).toEqual([]);
  expect(ben.errors).toEqual([]);
}, 180_000);
