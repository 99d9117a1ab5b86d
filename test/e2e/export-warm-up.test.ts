// Exports offline on a phone that never exported: opening a visit online fetches the export code
// and the PDF fonts into the service worker's cache (export-assets.json, reports/warm-up.ts)
// without running them; offline after a reload the PDF export works.
import type { Download } from 'playwright-core';
import { expect, it } from 'vitest';
import { signIn } from '../support/accounts';
import { waitForServiceWorker } from './support/browser';
import { servePersistentApp } from './support/built-app';
import { createSite, createVisit, until } from './support/capture';

const app = servePersistentApp('sb-export-warm-up-');

it('a visit opened online leaves the export code and fonts cached, unrun, and the PDF export works offline', async () => {
  const page = app.browser.pages()[0] ?? (await app.browser.newPage());
  await page.goto(app.server.url);
  await signIn(page, app.server);
  await waitForServiceWorker(page);
  await createSite(page, 'Offenbach am Main', 'Nordend');
  const visitPath = await createVisit(page);
  await until(
    'export code and fonts in the runtime cache',
    () =>
      page.evaluate(async () => {
        const keys = (await (await caches.open('lazy-assets')).keys()).map((r) => r.url);
        return [
          'render-pdf-',
          'render-docx-',
          'export-jobs-',
          'DejaVuSans-Bold-',
          'DejaVuSans-',
        ].every((n) => keys.some((k) => k.includes(`/assets/${n}`)));
      }),
    60_000,
  );
  // Fetched, never loaded as a script: the page did not run the export code.
  const loads = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => /\/assets\/(render-|export-jobs-)/.test(e.name))
      .map((e) => (e as PerformanceResourceTiming).initiatorType),
  );
  expect(loads.length).toBeGreaterThan(0);
  expect(new Set(loads)).toEqual(new Set(['fetch']));

  // The next start reads the list again and fetches none of what the caches hold: each visit
  // page runs the warm-up, and 1.1 MB through the service worker on every start is work thrown away.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Offenbach am Main – Nordend' }).waitFor();
  const fetched = () =>
    page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => (e as PerformanceResourceTiming).initiatorType === 'fetch')
        .map((e) => new URL(e.name).pathname),
    );
  await until(
    'the warm-up read export-assets.json',
    async () => (await fetched()).includes('/export-assets.json'),
    30_000,
  );
  await page.waitForTimeout(2000); // one file after another: the first would be here by now
  expect((await fetched()).filter((p) => p.startsWith('/assets/'))).toEqual([]);

  await app.browser.setOffline(true);
  await page.goto(`${app.server.url}${visitPath}`);
  await page.getByRole('heading', { level: 1, name: 'Offenbach am Main – Nordend' }).waitFor();
  const [dl] = (await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: 'PDF exportieren', exact: true }).click(),
  ])) as [Download, unknown];
  const stream = await dl.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).subarray(0, 5).toString('latin1')).toBe('%PDF-');
});
