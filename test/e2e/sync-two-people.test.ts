// Two people, two browser contexts, one real server: what A captures offline reaches B after
// A comes back online; when both edit the same observation text offline, both see the
// conflict, one resolves it, and the other device follows.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { PHONE, waitForServiceWorker, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { SYNCED } from './support/capture';
import { createAccount, signIn } from '../support/accounts';

const SITE = 'Marburg – Richtsberg';
const FIELD = 'Wohnen und Wohnumfeld';

const app = serveBuiltApp();
const contexts: BrowserContext[] = [];
// Runs before serveBuiltApp's afterAll closes the browser: after-hooks run last-registered first.
afterAll(async () => {
  for (const c of contexts) await c.close();
});

const failed: string[] = [];

async function person(
  name: string,
): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const ctx = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  contexts.push(ctx);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  // Offline, a failed request is logged as a console error; keep its URL to judge it below.
  // (ERR_ABORTED is a request cut short by navigating away, not a failure.)
  page.on('requestfailed', (r) => {
    if (!r.failure()?.errorText.includes('ERR_ABORTED')) failed.push(r.url());
  });
  await signIn(page, app.server, await createAccount(app.server, { name, role: 'coordinator' }));
  await waitForServiceWorker(page);
  return { ctx, page, errors };
}

const indicator = (p: Page) => p.getByTestId('sync-state');

/** Press "Jetzt synchronisieren" and wait until the header says everything is synced. */
async function syncNow(p: Page) {
  await indicator(p).click();
  await p.getByRole('button', { name: 'Jetzt synchronisieren' }).click();
  await expect.poll(() => indicator(p).textContent(), { timeout: 30_000 }).toMatch(SYNCED);
  await indicator(p).click();
}

function observationText(p: Page) {
  return p.getByRole('region', { name: FIELD, exact: true }).getByRole('textbox', { name: 'Text' });
}

async function saved(p: Page) {
  await expect
    .poll(() => p.locator('.save-status').textContent(), { timeout: 10_000 })
    .toContain('Auf diesem Gerät gespeichert');
}

it('offline capture on A reaches B; a concurrent edit becomes a conflict both see and one resolves', async () => {
  const a = await person('Anna');
  const b = await person('Ben');

  // A captures a site, a visit and an observation while offline.
  await a.ctx.setOffline(true);
  await a.page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Standorte' })
    .click();
  await a.page.getByRole('link', { name: 'Neuer Standort' }).click();
  await a.page.getByRole('textbox', { name: 'Kommune' }).fill('Marburg');
  await a.page.getByRole('textbox', { name: 'Quartier' }).fill('Richtsberg');
  await a.page.getByRole('button', { name: 'Standort anlegen' }).click();
  await a.page.getByRole('heading', { level: 1, name: SITE }).waitFor();
  await a.page.getByRole('link', { name: 'Neuer Besuch an diesem Standort' }).click();
  await a.page.getByLabel('Datum').fill('2026-06-01');
  await a.page.getByRole('button', { name: 'Besuch anlegen' }).click();
  await a.page.getByRole('heading', { level: 1, name: SITE }).waitFor();
  const visitPath = new URL(a.page.url()).pathname;
  await a.page.getByRole('button', { name: `Beobachtung hinzufügen: ${FIELD}` }).click();
  await observationText(a.page).fill('Spielplatz saniert');
  await saved(a.page);
  await expect.poll(() => indicator(a.page).textContent()).toMatch(/Offline|Änderungen warten/);
  await expect(a.page.getByTestId('visit-sync-badge').textContent()).resolves.toMatch(/warten/);

  // Back online: A sends everything; B pulls it and sees the same visit.
  await a.ctx.setOffline(false);
  await syncNow(a.page);
  await expect(a.page.getByTestId('visit-sync-badge').textContent()).resolves.toBe(
    'Besuch synchronisiert',
  );
  await syncNow(b.page);
  await b.page.goto(`${app.server.url}${visitPath}`);
  await b.page.getByRole('heading', { level: 1, name: SITE }).waitFor();
  await expect.poll(() => observationText(b.page).inputValue()).toBe('Spielplatz saniert');

  // Both edit the same text offline; A syncs first, so A's value stands and B gets a conflict.
  await a.ctx.setOffline(true);
  await b.ctx.setOffline(true);
  await observationText(a.page).fill('Spielplatz saniert, Bänke fehlen');
  await saved(a.page);
  await observationText(b.page).fill('Spielplatz saniert, gut besucht');
  await saved(b.page);
  await a.ctx.setOffline(false);
  await syncNow(a.page);
  await b.ctx.setOffline(false);
  await syncNow(b.page);
  await syncNow(a.page); // pulls the conflict record B's push created

  for (const p of [a.page, b.page]) {
    await p.goto(`${app.server.url}/sync`);
    await p.getByTestId('conflict').first().waitFor();
  }
  const onA = a.page.getByTestId('conflict');
  const onB = b.page.getByTestId('conflict');
  await expect(onA.count()).resolves.toBe(1);
  await expect(onB.getByTestId('conflict-mine').textContent()).resolves.toBe(
    'Spielplatz saniert, gut besucht',
  );
  await expect(onB.getByTestId('conflict-theirs').textContent()).resolves.toBe(
    'Spielplatz saniert, Bänke fehlen',
  );
  await expect(onA.getByTestId('conflict-mine').textContent()).resolves.toBe(
    'Spielplatz saniert, Bänke fehlen',
  );

  // B keeps B's text; after syncing, A's conflict is gone and A shows B's text.
  await onB.getByRole('button', { name: 'Ihren Wert behalten' }).click();
  await expect.poll(() => onB.count()).toBe(0);
  await syncNow(b.page);
  await syncNow(a.page);
  await expect.poll(() => onA.count()).toBe(0);
  for (const p of [a.page, b.page]) {
    await p.goto(`${app.server.url}${visitPath}`);
    await expect
      .poll(() => observationText(p).inputValue())
      .toBe('Spielplatz saniert, gut besucht');
  }
  // The sync engine sends no request while the browser is certainly offline. Static assets
  // failing offline (report fonts, icons) belong to the app shell's tests, not to this one.
  expect(failed.filter((u) => new URL(u).pathname.startsWith('/api/'))).toEqual([]);
  const own = (e: string[]) => e.filter((m) => !m.startsWith('Failed to load resource: net::')); // judged above
  expect(own(a.errors)).toEqual([]);
  expect(own(b.errors)).toEqual([]);
});
