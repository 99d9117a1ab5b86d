// Export → wipe → import through the real Settings screen in real Chromium, offline: the
// records, the pending outbox and every photo byte (by SHA-256) come back identical after
// the whole IndexedDB database was deleted. Data is captured through the app's own screens.
// Also: the Safari-tab warning (7-day purge), its home-screen guide and the two-day warning.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readAppDb } from './support/app-db';
import { CHROMIUM_ARGS, PHONE, launchPersistent, watchErrors } from './support/browser';
import { drawJpeg } from './support/capture';
import { chromium } from 'playwright-core';
import { type RunningServer, startServer } from '../support/server-process';
import { signIn } from '../support/accounts';

const DIST = resolve(process.env.DIST_DIR ?? 'dist');
let server: RunningServer;
let ctx: BrowserContext;
let tmp: string;
beforeAll(async () => {
  server = await startServer({ env: { DIST_DIR: DIST } });
  tmp = mkdtempSync(join(tmpdir(), 'sb-backup-'));
});
afterAll(async () => {
  await ctx?.close();
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

type Picture = {
  db: string;
  tables: Record<string, unknown[]>;
  blobs: Record<string, string>;
  pending: unknown[];
};

/** Reads the app's database with the raw IndexedDB API (no app code): rows sorted by key, blob bytes as SHA-256. */
function picture(page: Page): Promise<Picture> {
  return readAppDb(page, async ({ db, all }) => {
    const tables: Record<string, unknown[]> = {};
    for (const t of ['sites', 'visits', 'checklistItems', 'observations', 'followUps', 'photos'])
      tables[t] = await all(t);
    const hex = async (b: ArrayBuffer) =>
      [...new Uint8Array(await crypto.subtle.digest('SHA-256', b))]
        .map((x) => x.toString(16).padStart(2, '0'))
        .join('');
    const blobs: Record<string, string> = {};
    for (const row of await all<Record<string, unknown>>('blobs')) {
      const d = row.data as Blob | { buf: ArrayBuffer };
      blobs[row.sha256 as string] = await hex(d instanceof Blob ? await d.arrayBuffer() : d.buf);
    }
    const pending = (await all<Record<string, unknown>>('outbox'))
      .filter((e) => e.state === 'pending')
      .sort((a, b) => (a.clientSeq as number) - (b.clientSeq as number))
      .map((e) => ({
        entity: e.entity,
        entityId: e.entityId,
        op: e.op,
        fields: e.fields,
        baseVersion: e.baseVersion,
      }));
    return { db: db.name, tables, blobs, pending };
  });
}

/** One meta row of the app's database, read with the raw IndexedDB API. */
function metaValue(page: Page, key: string): Promise<unknown> {
  return readAppDb(
    page,
    async ({ get }, key) => (await get<{ value?: unknown } | undefined>('meta', key))?.value,
    key,
  );
}

it('export everything, delete the database, import the file through Settings: records and photo bytes identical', async () => {
  ctx = await launchPersistent(join(tmp, 'profile'));
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  const errors = watchErrors(page);
  await page.goto(server.url);
  await signIn(page, server);
  await page.getByRole('heading', { level: 1, name: 'Besuche' }).waitFor();
  // (waitForServiceWorker's async predicate resolves at once; wait for control itself)
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, {
    timeout: 30_000,
  });
  await ctx.setOffline(true); // the handover needs no network at all

  await page.reload(); // from the service worker's cache from now on
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .first()
    .getByRole('link', { name: 'Standorte' })
    .click();
  await page.getByRole('link', { name: 'Neuer Standort' }).click();
  await page.getByLabel('Kommune').fill('Kassel');
  await page.getByLabel('Quartier').fill('Nord-Holland');
  await page.getByRole('button', { name: 'Standort anlegen' }).click();
  await page.getByRole('link', { name: 'Neuer Besuch an diesem Standort' }).click();
  await page.getByLabel('Datum').fill('2026-05-04');
  await page.getByRole('button', { name: 'Besuch anlegen' }).click();
  await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
  // The first saved visit asks for persistent storage, once, and records the answer.
  await expect
    .poll(() => metaValue(page, 'persistAsked'))
    .toMatchObject({ granted: expect.any(Boolean), at: expect.any(String) });
  await page.getByRole('button', { name: 'Beobachtung hinzufügen: Wohnen und Wohnumfeld' }).click();
  await page
    .getByRole('region', { name: 'Wohnen und Wohnumfeld', exact: true })
    .getByRole('textbox', { name: 'Text' })
    .fill('Innenhöfe begrünt');
  const strip = page.getByRole('region', { name: 'Fotos zum Besuch' });
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    strip.getByRole('button', { name: 'Aus Galerie wählen' }).click(),
  ]);
  await chooser.setFiles({
    name: 'hof.jpg',
    mimeType: 'image/jpeg',
    buffer: await drawJpeg(page, 2),
  });
  await expect
    .poll(async () => (await picture(page)).tables.photos?.length, { timeout: 30_000 })
    .toBe(1);
  await expect
    .poll(async () => (await picture(page)).tables.observations?.[0])
    .toMatchObject({ text: 'Innenhöfe begrünt' });

  const before = await picture(page);
  expect(before.tables.photos).toHaveLength(1);
  expect(Object.keys(before.blobs)).toHaveLength(2); // image and thumbnail

  // Export through the Settings screen.
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .first()
    .getByRole('link', { name: 'Einstellungen' })
    .click();
  await expect(page.getByTestId('storage-usage').textContent()).resolves.toMatch(
    /^Belegt: .+ von .+ \(\d+ %\)$/,
  );
  await page.getByTestId('persist-state').waitFor();
  const downloaded = page.waitForEvent('download', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Alles exportieren' }).click();
  await page
    .getByTestId('backup-status')
    .getByText(/Export erstellt|fehlgeschlagen/)
    .waitFor();
  expect(await page.getByTestId('backup-status').textContent()).toContain('Export erstellt');
  const download = await downloaded;
  const file = join(tmp, download.suggestedFilename());
  await download.saveAs(file);
  expect(download.suggestedFilename()).toMatch(/^standortbesuch-alles-.*\.zip$/);
  expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');

  // The wipe: delete the whole database (the open app lets go and says so).
  await page.evaluate(
    (name) =>
      new Promise<void>((ok, fail) => {
        const r = indexedDB.deleteDatabase(name);
        r.onsuccess = () => ok();
        r.onerror = () => fail(r.error);
        r.onblocked = () => fail(new Error('blocked'));
      }),
    before.db,
  );
  await page.getByTestId('db-closed').waitFor();
  // A wiped device signs in once with network (the session lived in the deleted database),
  // then imports offline.
  await ctx.setOffline(false);
  await page.reload();
  await signIn(page, server);
  await ctx.setOffline(true);
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .first()
    .getByRole('link', { name: 'Einstellungen' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Einstellungen' }).waitFor();
  const empty = await picture(page);
  expect(empty.tables.observations).toEqual([]);
  expect(empty.blobs).toEqual({});

  // Import the file through the real file input.
  await page.getByTestId('backup-import').setInputFiles(file);
  await page.getByTestId('backup-status').getByText('Import abgeschlossen').waitFor();
  const after = await picture(page);
  expect(after.tables).toEqual(before.tables);
  expect(after.blobs).toEqual(before.blobs);
  expect(after.pending).toEqual(before.pending);

  // A second import of the same file changes nothing.
  await page.getByTestId('backup-import').setInputFiles(file);
  await page.getByTestId('backup-status').getByText('0 neu').waitFor();
  expect(await picture(page)).toEqual(after);
  expect(
    errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e)),
  ).toEqual([]);
});

const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

it('in an iPhone Safari tab the app warns persistently, guides to the home screen, and warns louder after two days of waiting changes', async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const iphone = await browser.newContext({
      userAgent: IPHONE_UA,
      viewport: PHONE,
      locale: 'de-DE',
    });
    const page = await iphone.newPage();
    await page.clock.install();
    await page.goto(server.url);
    await signIn(page, server);
    const warning = page.getByTestId('tab-warning');
    await warning.getByText('Safari löscht Daten', { exact: false }).waitFor();
    await warning.getByText('Zum Home-Bildschirm hinzufügen – so geht es').click();
    await warning.getByText('„Zum Home-Bildschirm“', { exact: false }).waitFor();
    expect(await warning.getByText('warten seit', { exact: false }).count()).toBe(0);

    // A change waits in the outbox (nothing syncs offline) …
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, {
      timeout: 30_000,
    });
    await iphone.setOffline(true);
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .first()
      .getByRole('link', { name: 'Standorte' })
      .click();
    await page.getByRole('link', { name: 'Neuer Standort' }).click();
    await page.getByLabel('Kommune').fill('Marburg');
    await page.getByLabel('Quartier').fill('Richtsberg');
    await page.getByRole('button', { name: 'Standort anlegen' }).click();
    await page.waitForURL(/\/sites\/[0-9a-f-]{36}$/);
    // … for three days.
    await page.clock.fastForward(72 * 60 * 60 * 1000);
    await warning.getByText('warten seit 3 Tagen', { exact: false }).waitFor();
    await iphone.close();

    // Chrome on a desktop, not installed: no Safari warning.
    const desktop = await browser.newContext({ locale: 'de-DE' });
    const other = await desktop.newPage();
    await other.goto(server.url);
    await signIn(other, server);
    await other.getByTestId('safety-banners').waitFor({ state: 'attached' });
    expect(await other.getByTestId('tab-warning').count()).toBe(0);
    await desktop.close();
  } finally {
    await browser.close();
  }
});
