// The signed-in visits list paints without zod: until the entity schemas load (after the first
// screen), its rows are checked by a structural guard; then the list checks them again against
// the schemas (docs/architecture.md §Device safety). Damaged visits in IndexedDB: one without a
// date (the guard skips it), one whose creation time is no ISO timestamp (only the schema
// catches it). Before the schemas arrive the list shows the good visit and never the dateless
// one; after, only the good one, and the sync indicator counts both as damaged. Offline too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/accounts';
import { VISITS_READY, addSiteAndVisit } from '../support/initial-js';
import { readAppDb } from './support/app-db';
import { launchPersistent, waitForServiceWorker, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';

const app = serveBuiltApp();
const SCHEMAS_CHUNK = /\/assets\/schemas-[\w-]+\.js$/;
const DAMAGED_TEXT = '2 Datensätze sind beschädigt und werden nicht angezeigt';

/** The visit ids the list links to, sorted. */
async function listed(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator(VISITS_READY)
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map((h) => h.replace('/visits/', '')).sort();
}

/** Beside the visits stored (their ids are returned, sorted): a dateless one and one with a non-ISO stamp. */
async function storeDamagedVisits(page: Page): Promise<string[]> {
  return readAppDb(page, async (appDb) => {
    const visits = await appDb.all<Record<string, unknown>>('visits');
    const good = visits[0];
    const tx = appDb.db.transaction('visits', 'readwrite');
    const store = tx.objectStore('visits');
    const { date: _, ...dateless } = good!;
    store.put({ ...dateless, id: 'visit-without-date' });
    store.put({ ...good, id: 'visit-odd-stamp', createdAt: '2026-05-04 10:00' });
    await new Promise((ok, fail) => {
      tx.oncomplete = ok;
      tx.onerror = () => fail(tx.error);
    });
    return visits.map((v) => v.id as string).sort();
  });
}

/** Whether the page has requested the schemas chunk: true from the moment it did. */
function watchSchemasRequest(page: Page): () => boolean {
  let requested = false;
  page.on('request', (r) => {
    if (SCHEMAS_CHUNK.test(new URL(r.url()).pathname)) requested = true;
  });
  return () => requested;
}

describe('the visits list before and after the entity schemas load', () => {
  it('never shows a dateless visit, and drops a visit only the schema rejects once loaded', async () => {
    // No service worker: the route below must see the chunk request.
    const ctx = await app.browser.newContext({ locale: 'de-DE', serviceWorkers: 'block' });
    try {
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      const schemasRequested = watchSchemasRequest(page);
      await signIn(page, app.server);
      await addSiteAndVisit(page, app.server.url);
      const good = await storeDamagedVisits(page);

      let release!: () => void;
      const held = new Promise<void>((ok) => (release = ok));
      await page.route(SCHEMAS_CHUNK, async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(`${app.server.url}/visits`);
      await page.locator(VISITS_READY).first().waitFor();
      // The list is up while the schemas are held back: the guard alone checked its rows.
      await page.waitForTimeout(500);
      expect(await listed(page)).toEqual([...good, 'visit-odd-stamp'].sort());
      await expect.poll(schemasRequested).toBe(true); // requested, still held

      release();
      await expect.poll(() => listed(page), { timeout: 10_000 }).toEqual(good);
      await expect
        .poll(
          () =>
            page
              .getByTestId('sync-damaged')
              .textContent({ timeout: 500 })
              .catch(() => null),
          { timeout: 15_000 },
        )
        .toBe(DAMAGED_TEXT);
      expect(errors).toEqual([]);
    } finally {
      await ctx.close();
    }
  }, 90_000);

  describe('offline', () => {
    const profile = mkdtempSync(join(tmpdir(), 'sb-visits-checks-'));
    let ctx: BrowserContext | undefined;
    afterAll(async () => {
      await ctx?.close();
      rmSync(profile, { recursive: true, force: true });
    });

    it('shows the list and re-checks it against the schemas with no network', async () => {
      ctx = await launchPersistent(profile);
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      const schemasRequested = watchSchemasRequest(page);
      await signIn(page, app.server);
      await addSiteAndVisit(page, app.server.url);
      await page.goto(`${app.server.url}/visits`);
      await waitForServiceWorker(page);
      await page.waitForFunction(
        () => navigator.serviceWorker.controller?.state === 'activated',
        undefined,
        { timeout: 30_000 },
      );
      const good = await storeDamagedVisits(page);

      await ctx.setOffline(true);
      await page.reload();
      await page.locator(VISITS_READY).first().waitFor();
      expect(await listed(page)).not.toContain('visit-without-date');
      // The schemas come from the service worker's precache; the list then drops the odd stamp.
      // No sync runs offline to write to the table: only the live query's run on the schemas'
      // arrival (db/live.ts) re-filters the list.
      await expect.poll(schemasRequested, { timeout: 10_000 }).toBe(true);
      await expect.poll(() => listed(page), { timeout: 10_000 }).toEqual(good);
      await ctx.setOffline(false);
    }, 90_000);
  });
});
