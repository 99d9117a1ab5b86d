// Reports end to end in real Chromium against the built app: a visit captured through the
// real screens (observations, a participant, a photo from the gallery) is exported as PDF and
// Word (downloads read back with pdftotext / fflate; the stored JPEG is in the PDF byte for byte), the
// print view shows markup from user text as text without running it, and once the export
// code and fonts are cached, PDF and Word export work offline too.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACTION_FIELDS, THEMES } from '../../src/shared/domain/action-fields';
import { docxText, pdfImageCount, pdfText } from '../client/reports/helpers';
import { readAppDb } from './support/app-db';
import { launchPersistent, waitForServiceWorker } from './support/browser';
import { drawJpeg } from './support/capture';
import { type RunningServer, startServer } from '../support/server-process';
import { signIn } from '../support/accounts';

const DIST = resolve(process.env.DIST_DIR ?? 'dist');
const XSS = '<img src=x onerror=alert(1)>';
const FIELDS = ['housing', 'mobility', 'image-safety'] as const;
const FILE = 'Besuchsbericht_Offenbach-am-Main-Nordend_2026-05-04';

let server: RunningServer;
let profile: string;
let context: BrowserContext | undefined;
beforeAll(async () => {
  server = await startServer({ env: { DIST_DIR: DIST } });
  profile = mkdtempSync(join(tmpdir(), 'sb-reports-'));
});
afterAll(async () => {
  await context?.close();
  await server?.stop();
  rmSync(profile, { recursive: true, force: true });
});

const label = (id: string) => ACTION_FIELDS.find((f) => f.id === id)!.de;
const text = (id: string) =>
  id === 'image-safety' ? XSS : `Beobachtung zu ${id}: Grünfläche, Größe ≥ 3 m²`;

async function saved(page: Page) {
  await expect
    .poll(() => page.locator('.save-status').textContent(), { timeout: 10_000 })
    .toContain('Auf diesem Gerät gespeichert');
}

const consoleLog: string[] = [];

async function download(page: Page, button: string): Promise<{ name: string; bytes: Uint8Array }> {
  const [dl] = (await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }).catch(async (e: Error) => {
      const status = await page
        .locator('.report-menu')
        .innerText()
        .catch(() => '?');
      await page.screenshot({ path: '/tmp/reports-fail.png', fullPage: false }).catch(() => {});
      const share = await page
        .evaluate(() => [typeof navigator.share, typeof navigator.canShare])
        .catch(() => '?');
      throw new Error(
        `${e.message}\nstatus: ${status} ${String(share)}\nconsole:\n${consoleLog.join('\n')}`,
      );
    }),
    page.getByRole('button', { name: button, exact: true }).click({ timeout: 30_000 }),
  ])) as [Download, unknown];
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: new Uint8Array(readFileSync(path)) };
}

/** The stored full-size JPEG of the visit's one photo, read from IndexedDB directly (no app code). */
async function storedJpeg(page: Page): Promise<Buffer> {
  const b64 = await readAppDb(page, async ({ all, get }) => {
    const [photo] = await all<{ sha256: string }>('photos');
    const row = await get<{ data: Blob | { buf: ArrayBuffer } }>('blobs', photo!.sha256);
    const bytes = new Uint8Array(
      row.data instanceof Blob ? await row.data.arrayBuffer() : row.data.buf,
    );
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000)
      s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  });
  return Buffer.from(b64, 'base64');
}

function assertPdf(pdf: Uint8Array) {
  const t = pdfText(pdf);
  expect(t).toContain('Besuchsbericht');
  expect(t).toContain('Offenbach am Main – Nordend');
  expect(t).toContain('Jürgen Müller (Paritätischer Wohlfahrtsverband)');
  for (const th of THEMES) expect(t).toContain(th.de);
  for (const f of ACTION_FIELDS) expect(t).toContain(f.de);
  for (const id of FIELDS) expect(t).toContain(text(id));
  expect(t).toContain('Innensicht (vor Ort)');
  expect(t).toMatch(/Seite 1 von \d+/);
  expect(pdfImageCount(pdf)).toBe(1);
}

function assertDocx(docx: Uint8Array) {
  const d = docxText(docx);
  for (const f of ACTION_FIELDS) expect(d.xml).toContain(`<w:t xml:space="preserve">${f.de}</w:t>`);
  for (const id of FIELDS) expect(d.text).toContain(text(id));
  expect(d.text).toContain('Jürgen Müller');
  expect(d.xml).not.toContain('<img');
  expect(d.media).toHaveLength(1);
}

it('exports a visit captured in the UI as PDF and Word, shows a safe print view, and exports offline', async () => {
  context = await launchPersistent(profile);
  const page = context.pages()[0] ?? (await context.newPage());
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => {
    pageErrors.push(String(e));
    consoleLog.push(`pageerror: ${e.stack ?? e}`);
  });
  page.on('console', (m) => consoleLog.push(`${m.type()}: ${m.text()}`));
  page.on('requestfailed', (r) => consoleLog.push(`failed ${r.url()} ${r.failure()?.errorText}`));
  await page.goto(server.url);
  await signIn(page, server);
  await waitForServiceWorker(page);
  await page.waitForFunction(
    () => navigator.serviceWorker.controller?.state === 'activated',
    undefined,
    { timeout: 30_000 },
  );

  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Standorte' })
    .click();
  await page.getByRole('link', { name: 'Neuer Standort' }).click();
  await page.getByRole('textbox', { name: 'Kommune' }).fill('Offenbach am Main');
  await page.getByRole('textbox', { name: 'Quartier' }).fill('Nordend');
  await page.getByRole('button', { name: 'Standort anlegen' }).click();
  await page.getByRole('link', { name: 'Neuer Besuch an diesem Standort' }).click();
  await page.getByLabel('Datum').fill('2026-05-04');
  await page.getByRole('button', { name: 'Besuch anlegen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Offenbach am Main – Nordend' }).waitFor();

  await page.getByText('Besuchsdaten', { exact: true }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Jürgen Müller');
  await page.getByRole('button', { name: /Person hinzufügen/ }).click();
  await page
    .getByRole('group', { name: 'Teilnehmende Person 1' })
    .getByRole('textbox', { name: 'Organisation' })
    .fill('Paritätischer Wohlfahrtsverband');
  for (const id of FIELDS) {
    await page.getByRole('button', { name: `Beobachtung hinzufügen: ${label(id)}` }).click();
    await page
      .getByRole('region', { name: label(id), exact: true })
      .getByRole('textbox', { name: 'Text' })
      .fill(text(id));
  }
  await page
    .getByRole('region', { name: label('mobility'), exact: true })
    .getByRole('combobox', { name: 'Perspektive' })
    .selectOption('local');
  await page.getByRole('heading', { level: 1 }).click(); // blur: the last field saves
  await saved(page);
  const strip = page.getByRole('region', { name: 'Fotos zum Besuch' });
  const photo = await drawJpeg(page, 1);
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    strip.getByRole('button', { name: 'Aus Galerie wählen' }).click(),
  ]);
  await chooser.setFiles([{ name: 'platz.jpg', mimeType: 'image/jpeg', buffer: photo }]);
  await strip.getByText('1 Foto gespeichert.').waitFor();
  const jpeg = await storedJpeg(page);

  const pdf = await download(page, 'PDF exportieren');
  expect(pdf.name).toBe(`${FILE}.pdf`);
  assertPdf(pdf.bytes);
  // The photo's JPEG bytes are in the PDF exactly as stored: embedded, not re-encoded.
  expect(Buffer.from(pdf.bytes).indexOf(jpeg)).toBeGreaterThan(0);
  const docx = await download(page, 'Word exportieren');
  expect(docx.name).toBe(`${FILE}.docx`);
  assertDocx(docx.bytes);

  // Print view: the payload is shown as text; nothing executes, no element carries onerror.
  await page.getByRole('button', { name: 'Druckansicht' }).click();
  const frame = page.frameLocator('iframe[title="Druckansicht des Berichts"]');
  await frame.getByText(XSS, { exact: true }).waitFor();
  await expect(frame.locator('[onerror]').count()).resolves.toBe(0);
  await expect(frame.locator('img').count()).resolves.toBe(1); // the photo, shown through a blob: URL
  await expect(frame.locator('img').getAttribute('src')).resolves.toMatch(/^blob:/);
  await expect
    .poll(() =>
      frame.locator('img').evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth),
    )
    .toBe(800);
  await expect(page.locator('[onerror]').count()).resolves.toBe(0);
  await expect(frame.getByRole('heading', { name: label('housing') }).count()).resolves.toBe(1);
  // Styled through a same-origin stylesheet, which the app's CSP allows (inline <style> it does not).
  await expect
    .poll(() =>
      frame
        .getByRole('heading', { name: label('housing') })
        .evaluate((h) => getComputedStyle(h).color),
    )
    .toBe('rgb(31, 95, 74)');
  await page
    .getByRole('dialog', { name: 'Druckansicht des Berichts' })
    .getByRole('button', { name: 'Schließen' })
    .click();

  // Offline: the export chunks and fonts come from the service worker's runtime cache.
  await page.waitForFunction(
    async () => {
      const keys = (await (await caches.open('lazy-assets')).keys()).map((r) => r.url);
      return ['render-pdf-', 'render-docx-', 'DejaVuSans-Bold-', 'DejaVuSans-'].every((n) =>
        keys.some((k) => k.includes(`/assets/${n}`)),
      );
    },
    undefined,
    { timeout: 60_000 },
  );
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Offenbach am Main – Nordend' }).waitFor();
  assertPdf((await download(page, 'PDF exportieren')).bytes);
  assertDocx((await download(page, 'Word exportieren')).bytes);

  expect(dialogs).toEqual([]);
  expect(pageErrors).toEqual([]);
});
