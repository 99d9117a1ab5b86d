// Accounts in real Chromium against the real server: a revoked token (401) keeps every
// waiting change and asks to sign in again; logout is refused while changes wait and
// otherwise deletes that user's database; a coordinator's invite code lets a new person in.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../../src/server/cli';
import { dataPaths } from '../../src/server/config';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../src/shared/protocol';
import { PHONE, waitForServiceWorker, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { SYNCED_ONLY } from './support/capture';
import { type Account, createAccount, signIn } from '../support/accounts';

const app = serveBuiltApp();
const contexts: BrowserContext[] = [];
// Runs before serveBuiltApp's afterAll closes the browser: after-hooks run last-registered first.
afterAll(async () => {
  for (const c of contexts) await c.close();
});

async function newPage(): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const ctx = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('dialog', (d) => void d.accept());
  return { ctx, page, errors: watchErrors(page) };
}

/** A service worker controls the page, so lazy route chunks load offline too. */
async function offlineReady(p: Page) {
  await waitForServiceWorker(p);
  await p.waitForFunction(
    () => navigator.serviceWorker.controller?.state === 'activated',
    undefined,
    { timeout: 30_000 },
  );
}

const indicator = (p: Page) => p.getByTestId('sync-state');

const syncButton = (p: Page) =>
  p.getByRole('banner').getByRole('button', { name: 'Jetzt synchronisieren' });

async function openPanel(p: Page) {
  if (!(await syncButton(p).isVisible())) await indicator(p).click();
}

async function syncNow(p: Page) {
  await openPanel(p);
  await syncButton(p).click();
}

async function createSite(p: Page, quarter: string, opts: { thenOffline?: BrowserContext } = {}) {
  await p.goto(`${app.server.url}/sites/new`);
  await opts.thenOffline?.setOffline(true);
  await p.getByRole('textbox', { name: 'Kommune' }).fill('Hanau');
  await p.getByRole('textbox', { name: 'Quartier' }).fill(quarter);
  await p.getByRole('button', { name: 'Standort anlegen' }).click();
  await p.getByRole('heading', { level: 1, name: `Hanau – ${quarter}` }).waitFor();
}

/** The quarters of all sites the server holds, read through the API as `who`. */
async function serverQuarters(who: Account): Promise<string[]> {
  const login = await fetch(`${app.server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${app.server.url}/api/v1/sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      protocol: PROTOCOL_VERSION,
      appVersion: 'e2e',
      schemaVersion: SCHEMA_VERSION,
      clientId: crypto.randomUUID(),
      cursor: null,
      outboxHighWater: 0,
      mutations: [],
      pullLimit: 1000,
    }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as {
    changes: { entity: string; row: { quarter?: string } | null }[];
  };
  return body.changes.filter((c) => c.entity === 'site').map((c) => c.row?.quarter ?? '');
}

it('a revoked token (401) keeps the waiting change, asks to sign in again, and the change arrives afterwards', async () => {
  const { page, errors } = await newPage();
  const who = await signIn(page, app.server, await createAccount(app.server, { name: 'Rita' }));
  await runCli(
    ['revoke-tokens', '--email', who.email],
    dataPaths({ DATA_DIR: app.server.dataDir }).dbFile,
    () => {},
  );
  await createSite(page, 'Lamboy');
  await syncNow(page);
  await expect
    .poll(() => indicator(page).textContent(), { timeout: 20_000 })
    .toMatch(/^⚠Anmeldung nötig · 1 Änderung wartet/);
  expect(await serverQuarters(who)).toEqual([]);

  await page.getByRole('link', { name: 'Bitte erneut anmelden' }).click();
  await page.getByRole('heading', { name: 'Bitte erneut anmelden' }).waitFor();
  await expect(page.getByLabel('E-Mail').inputValue()).resolves.toBe(who.email);
  await page.getByLabel('Passwort', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect.poll(() => indicator(page).textContent(), { timeout: 20_000 }).toMatch(SYNCED_ONLY);
  expect(await serverQuarters(who)).toEqual(['Lamboy']);
  expect(errors.filter((e) => !e.includes('status of 401'))).toEqual([]);
});

it("logout is refused while a change waits; with none it deletes the user's database, and signing in again restores from the server", async () => {
  const { ctx, page, errors } = await newPage();
  const who = await signIn(page, app.server, await createAccount(app.server, { name: 'Lutz' }));
  await offlineReady(page);
  const userId = await page.evaluate(() => localStorage.getItem('sb-session-user'));
  expect(userId).toBeTruthy();

  await createSite(page, 'Tümpelgarten', { thenOffline: ctx });
  await openPanel(page);
  await page.getByRole('link', { name: 'Konto' }).click();
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page.getByTestId('logout-blocked').textContent()).resolves.toContain(
    '1 Änderung ist noch nicht synchronisiert',
  );
  await expect(
    page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)),
  ).resolves.toContain(`standortbesuch-${userId}`);

  await ctx.setOffline(false);
  await page
    .getByTestId('logout-blocked')
    .getByRole('button', { name: 'Jetzt synchronisieren' })
    .click();
  await expect.poll(() => indicator(page).textContent(), { timeout: 20_000 }).toMatch(SYNCED_ONLY);
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await page.getByRole('button', { name: 'Anmelden', exact: true }).waitFor();
  await expect(
    page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)),
  ).resolves.not.toContain(`standortbesuch-${userId}`);
  await expect(page.evaluate(() => localStorage.getItem('sb-session-user'))).resolves.toBeNull();

  await signIn(page, app.server, who);
  await page.goto(`${app.server.url}/sites`);
  await page
    .getByRole('link', { name: /Tümpelgarten/ })
    .first()
    .waitFor({ timeout: 20_000 });
  // Logout stops the engine first (its request in flight is aborted), so no request of this
  // account reaches the server after the token was revoked: no 401 here.
  const unexpected = errors.filter((e) => !e.startsWith('Failed to load resource: net::'));
  expect(unexpected).toEqual([]);
});

it('a coordinator creates an account with an invite code, and the new person signs in with it', async () => {
  const coord = await newPage();
  await signIn(
    coord.page,
    app.server,
    await createAccount(app.server, { name: 'Carla', role: 'coordinator' }),
  );
  await coord.page.goto(`${app.server.url}/users`);
  await coord.page.getByRole('textbox', { name: 'Name' }).fill('Mia Mitglied');
  await coord.page.getByRole('textbox', { name: 'E-Mail' }).fill('mia@example.org');
  await coord.page.getByRole('combobox', { name: 'Rolle' }).selectOption('member');
  await coord.page.getByRole('button', { name: 'Konto anlegen' }).click();
  const code = (await coord.page.getByTestId('invite-code').locator('code').textContent())!.trim();
  expect(code.length).toBeGreaterThanOrEqual(6);
  await coord.page.getByTestId('user-row').filter({ hasText: 'mia@example.org' }).waitFor();

  const mia = await newPage();
  await mia.page.goto(app.server.url);
  await mia.page.getByRole('button', { name: 'Ich habe einen Einladungscode' }).click();
  await mia.page.getByLabel('Einladungscode').fill(code);
  await mia.page.getByLabel('Neues Passwort (mind. 10 Zeichen)').fill('mias-neues-passwort');
  await mia.page.getByRole('button', { name: 'Konto aktivieren und anmelden' }).click();
  await mia.page.getByRole('banner').waitFor();
  await mia.page.goto(`${app.server.url}/account`);
  await expect(mia.page.getByTestId('signed-in-as').textContent()).resolves.toContain(
    'mia@example.org',
  );
  await expect(mia.page.getByRole('link', { name: 'Benutzer verwalten' }).count()).resolves.toBe(0);
  expect([...coord.errors, ...mia.errors]).toEqual([]);
});

it('every tab shows the same sync state, live from IndexedDB', async () => {
  const { ctx, page, errors } = await newPage();
  await signIn(page, app.server, await createAccount(app.server, { name: 'Tom' }));
  await offlineReady(page);
  const other = await ctx.newPage();
  await other.goto(app.server.url);
  await other.getByRole('banner').waitFor(); // signed in already: the session is per device
  await expect.poll(() => indicator(other).textContent(), { timeout: 20_000 }).toMatch(SYNCED_ONLY);

  await createSite(page, 'Kesselstadt', { thenOffline: ctx });
  await expect
    .poll(() => indicator(other).textContent(), { timeout: 20_000 })
    .toMatch(/1 Änderung wartet · älteste/);
  await ctx.setOffline(false);
  await syncNow(page);
  await expect.poll(() => indicator(other).textContent(), { timeout: 20_000 }).toMatch(SYNCED_ONLY);
  expect(errors.filter((e) => !e.startsWith('Failed to load resource: net::'))).toEqual([]);
});
