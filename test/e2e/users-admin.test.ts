// The users page on a 390 px phone, as a coordinator, in real Chromium against the real server:
// two new accounts keep their invite codes showable (the same codes again after a reload), the
// account list shows role, site binding, invite state and last activity, and moving the
// Quartiersmanagement account to another site first states what happens to its queued work.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../../src/server/cli';
import { dataPaths } from '../../src/server/config';
import { PHONE, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { readAppDb } from './support/app-db';
import { createSite, until } from './support/capture';
import { inviteOnUsersPage } from './support/journey';
import { createAccount, signIn } from '../support/accounts';

const app = serveBuiltApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const c of contexts) await c.close();
});

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const ctx = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('dialog', (d) => void d.accept());
  return { page, errors: watchErrors(page) };
}

/** Until the device has sent everything it wrote (its outbox is empty). */
const allSent = (page: Page) =>
  until('outbox empty', () => readAppDb(page, async (db) => (await db.all('outbox')).length === 0));

const card = (page: Page, name: string) =>
  page.getByTestId('user-row').filter({ has: page.getByText(name, { exact: true }) });

/** Nothing on the page is wider than the phone. */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

it('invite codes stay showable, the list shows binding and activity, a move to another site is confirmed with what happens', async () => {
  const { page, errors } = await newPage();
  await signIn(page, app.server, await createAccount(app.server, { name: 'Carla Koordination' }));
  const siteA = (await createSite(page, 'Hanau', 'Lamboy')).split('/').at(-1)!;
  const siteB = (await createSite(page, 'Hanau', 'Südost')).split('/').at(-1)!;
  await allSent(page);

  await page.goto(`${app.server.url}/users`);
  await page.getByRole('heading', { level: 1, name: 'Benutzer' }).waitFor();
  const mia = await inviteOnUsersPage(page, {
    name: 'Mia Mitglied',
    email: 'mia@example.org',
    role: 'Bündnismitglied',
  });
  const quentin = await inviteOnUsersPage(page, {
    name: 'Quentin Quartier',
    email: 'quentin@example.org',
    role: 'Quartiersmanagement',
    site: 'Hanau – Lamboy',
  });
  expect(mia).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  expect(quentin).not.toBe(mia);
  // Creating the second account did not hide the first one's code.
  await expect(
    card(page, 'Mia Mitglied').getByTestId('invite-code').locator('code').textContent(),
  ).resolves.toBe(mia);

  // After a reload (a new visit to the page) both codes can be shown again, unchanged.
  await page.reload();
  for (const [name, code] of [
    ['Mia Mitglied', mia],
    ['Quentin Quartier', quentin],
  ] as const) {
    const c = card(page, name);
    await expect(c.getByTestId('account-status').textContent()).resolves.toMatch(
      /^Einladung offen seit .+, gültig bis .+$/,
    );
    await expect(c.getByTestId('account-activity').textContent()).resolves.toBe(
      'Zuletzt aktiv: noch nie',
    );
    await c.getByRole('button', { name: `Einladung anzeigen für ${name}` }).click();
    await expect(c.getByTestId('invite-code').locator('code').textContent()).resolves.toBe(code);
  }
  await expect(
    card(page, 'Quentin Quartier').getByTestId('account-binding').textContent(),
  ).resolves.toBe('Quartiersmanagement · Hanau – Lamboy');
  await expect(
    card(page, 'Mia Mitglied').getByTestId('account-binding').textContent(),
  ).resolves.toBe('Bündnismitglied · alle Standorte');
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await card(page, 'Quentin Quartier').screenshot({ path: '/tmp/h7-users-codes.png' });

  // Move Quentin to the other site: the confirmation states what happens before anything changes.
  const q = card(page, 'Quentin Quartier');
  await q.getByRole('button', { name: 'Rolle oder Standort ändern: Quentin Quartier' }).click();
  await q.getByRole('combobox', { name: /Standort/ }).selectOption({ label: 'Hanau – Südost' });
  await q.getByRole('button', { name: 'Weiter' }).click();
  const confirmation = (await q.getByTestId('binding-confirm').textContent())!;
  expect(confirmation).toContain(
    'Quentin Quartier sieht danach nur noch den Standort Hanau – Südost, nicht mehr Hanau – Lamboy.',
  );
  expect(confirmation).toContain(
    'Änderungen, die das Gerät von Quentin Quartier für Hanau – Lamboy noch nicht gesendet hat, nimmt der Server nicht mehr an.',
  );
  expect(confirmation).toContain(
    'abgelehnte Änderungen, die Quentin Quartier exportieren oder verwerfen kann',
  );
  expect(confirmation).toContain(
    'lädt das Gerät von Quentin Quartier die Daten von Hanau – Südost neu',
  );
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await q.screenshot({ path: '/tmp/h7-users-confirm.png' });
  // Nothing changed yet.
  const before: string[] = [];
  await runCli(['list-users'], dataPaths({ DATA_DIR: app.server.dataDir }).dbFile, (l) =>
    before.push(l),
  );
  expect(before.find((l) => l.startsWith('quentin@'))).toContain(siteA);

  await q.getByRole('button', { name: 'Ja, so ändern' }).click();
  await until(
    'the card shows the new site',
    async () =>
      (await q.getByTestId('account-binding').textContent()) ===
      'Quartiersmanagement · Hanau – Südost',
  );
  const after: string[] = [];
  await runCli(['list-users'], dataPaths({ DATA_DIR: app.server.dataDir }).dbFile, (l) =>
    after.push(l),
  );
  expect(after.find((l) => l.startsWith('quentin@'))).toContain(siteB);

  // Mia redeems her code: her card says active and when, and the code is gone.
  const other = await newPage();
  await other.page.goto(app.server.url);
  await other.page.getByRole('button', { name: 'Ich habe einen Einladungscode' }).click();
  await other.page.getByLabel('Einladungscode').fill(mia);
  await other.page.getByLabel('Neues Passwort (mind. 10 Zeichen)').fill('mias-neues-passwort');
  await other.page.getByRole('button', { name: 'Konto aktivieren und anmelden' }).click();
  await other.page.getByRole('banner').waitFor();
  await page.reload();
  const m = card(page, 'Mia Mitglied');
  await expect(m.getByTestId('account-status').textContent()).resolves.toBe('aktiv');
  await expect(m.getByTestId('account-activity').textContent()).resolves.toMatch(
    /^Zuletzt aktiv: (gerade eben|vor \d+ Minuten?) \((angemeldet|synchronisiert)\)$/,
  );
  await expect(
    m.getByRole('button', { name: /Einladung anzeigen für Mia Mitglied/ }).count(),
  ).resolves.toBe(0);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await m.screenshot({ path: '/tmp/h7-users-after.png' });
  await page.screenshot({ path: '/tmp/h7-users-page.png' });
  expect([...errors, ...other.errors]).toEqual([]);
}, 180_000);
