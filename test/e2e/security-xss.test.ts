// XSS: 60+ payloads (test/e2e/support/xss-payloads.ts) in every text field —
// site municipality/quarter/notes/contact, visit goals/route/notes/participants, observation
// text/place/author, checklist notes, follow-up description/owner — arrive the realistic way: another account
// pushes them to the server and the victim's browser pulls them. A photo caption and the file
// names of two uploads go through the real UI. Nothing runs anywhere (window.__xss, dialogs,
// CSP violations, injected handler attributes) on the app's pages, in the print view, and the
// payloads appear literally in the PDF text layer and in word/document.xml.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { docxText, pdfText } from '../client/reports/helpers';
import { pushPayloads } from './support/attacker';
import { PHONE, waitForServiceWorker } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { download, drawJpeg, pressSyncNow } from './support/capture';
import { type Watch, injectedMarkup, watchContext, xssRan } from './support/csp-watch';
import { createAccount, signIn } from '../support/accounts';
import { ASCII_PAYLOADS, XSS_PAYLOADS } from './support/xss-payloads';

const app = serveBuiltApp();

const FILE_PAYLOAD = '<img src=x onerror=window.__xss=1>.jpg';
const BROKEN_FILE_PAYLOAD = '"><svg onload=window.__xss=1>.jpg';
const CAPTION = '<script>window.__xss=1</script><img src=x onerror=alert(1)>';

const checked: string[] = [];
/** Nothing ran and no markup came from user text, so far. */
async function clean(page: Page, w: Watch, where: string) {
  await page.waitForTimeout(150); // handlers of broken images fire asynchronously
  expect(await xssRan(page), where).toEqual([]);
  expect(await injectedMarkup(page), where).toEqual([]);
  expect(w.dialogs, where).toEqual([]);
  expect(w.violations, where).toEqual([]);
  checked.push(where);
}

const squash = (s: string) => s.replace(/\s+/g, '');

it('payloads synced in from another account, and typed or uploaded in the UI, never execute: pages, print view, PDF, DOCX', async () => {
  expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(50);
  const ctx = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  const w = await watchContext(ctx);
  const page = await ctx.newPage();
  await signIn(page, app.server);
  await waitForServiceWorker(page);

  const mallory = await createAccount(app.server, { name: 'Mallory', role: 'coordinator' });
  const seeded = await pushPayloads(app.server.url, mallory, XSS_PAYLOADS);
  expect(await pressSyncNow(page, 60_000)).toBe(true);

  // Lists: every payload as a site's municipality and quarter.
  await page.goto(`${app.server.url}/sites`);
  await page.getByText(XSS_PAYLOADS[5]!, { exact: false }).first().waitFor({ timeout: 30_000 });
  await clean(page, w, '/sites');
  await page.goto(`${app.server.url}/visits`);
  await page.locator('main h1').first().waitFor();
  await clean(page, w, '/visits');

  // Every site page: notes and contact carry a different payload on each.
  for (const id of seeded.siteIds) {
    await page.goto(`${app.server.url}/sites/${id}`);
    await page.locator('main h1').first().waitFor();
    await clean(page, w, `/sites/${id}`);
  }
  await page.goto(`${app.server.url}/sites/${seeded.siteIds[0]}/edit`);
  await page.locator('main h1').first().waitFor();
  await clean(page, w, 'site edit');

  // The visit: all payloads in goals/route/notes, as participants, observations and follow-ups.
  await page.goto(`${app.server.url}/visits/${seeded.visitId}`);
  await page.locator('main h1').first().waitFor();
  await expect
    .poll(
      () =>
        page
          .locator('textarea')
          .evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value)),
      { timeout: 30_000 },
    )
    .toEqual(expect.arrayContaining([...XSS_PAYLOADS]));
  await clean(page, w, 'visit page');

  // Through the UI: a photo whose file name is a payload, a caption, and a broken file whose name shows in an error.
  const strip = page.getByRole('region', { name: 'Fotos zum Besuch' });
  const jpeg = await drawJpeg(page, 9);
  let [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    strip.getByRole('button', { name: 'Aus Galerie wählen' }).click(),
  ]);
  await chooser.setFiles([{ name: FILE_PAYLOAD, mimeType: 'image/jpeg', buffer: jpeg }]);
  await expect.poll(() => strip.getByRole('listitem').count(), { timeout: 30_000 }).toBe(1);
  await strip.getByRole('listitem').first().getByLabel('Bildunterschrift').fill(CAPTION);
  await page.locator('main h1').first().click(); // blur: the caption saves
  [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    strip.getByRole('button', { name: 'Aus Galerie wählen' }).click(),
  ]);
  await chooser.setFiles([
    { name: BROKEN_FILE_PAYLOAD, mimeType: 'image/jpeg', buffer: Buffer.from('kein Bild') },
  ]);
  await strip
    .getByRole('alert')
    .filter({ hasText: BROKEN_FILE_PAYLOAD })
    .waitFor({ timeout: 30_000 });
  await clean(page, w, 'photo upload, caption, broken file name');
  await page.reload();
  await page.locator('main h1').first().waitFor();
  await expect
    .poll(() => strip.getByRole('listitem').first().getByLabel('Bildunterschrift').inputValue(), {
      timeout: 30_000,
    })
    .toBe(CAPTION);
  await clean(page, w, 'visit page with caption');

  // Print view (a sandboxed iframe): payloads shown as text.
  await page.getByRole('button', { name: 'Druckansicht' }).click();
  const frame = page.frameLocator('iframe[title="Druckansicht des Berichts"]');
  await frame.getByText(CAPTION).first().waitFor({ timeout: 60_000 });
  const printText = await frame.locator('body').innerText();
  for (const p of XSS_PAYLOADS) expect(squash(printText), `print view: ${p}`).toContain(squash(p));
  await clean(page, w, 'print view');
  await page
    .getByRole('dialog', { name: 'Druckansicht des Berichts' })
    .getByRole('button', { name: 'Schließen' })
    .click();

  // PDF and Word: the payloads are literal text.
  const pdf = pdfText(await download(page, 'PDF exportieren'));
  for (const p of ASCII_PAYLOADS) expect(squash(pdf), `PDF: ${p}`).toContain(squash(p));
  expect(squash(pdf)).toContain(squash(CAPTION));
  const docx = docxText(await download(page, 'Word exportieren'));
  for (const p of XSS_PAYLOADS) expect(docx.text, `DOCX: ${p}`).toContain(p);
  expect(docx.text).toContain(CAPTION);
  expect(docx.xml).not.toMatch(/<(script|img|svg)\b/i);
  await clean(page, w, 'after exports');

  await page.goto(`${app.server.url}/sync`);
  await page.locator('main h1').first().waitFor();
  await clean(page, w, '/sync');
  console.log(
    `xss: ${XSS_PAYLOADS.length} payloads (${ASCII_PAYLOADS.length} ASCII in the PDF check), ${checked.length} checkpoints, ${w.violations.length} CSP violations`,
  );
  expect(w.pageErrors).toEqual([]);
  await ctx.close();
});

it('the detectors see markup that did become HTML: an injected handler is reported (CSP blocks it) and found in the DOM', async () => {
  const ctx = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  const w = await watchContext(ctx);
  const page = await ctx.newPage();
  await signIn(page, app.server);
  await page.evaluate((p) => {
    const d = document.createElement('div');
    d.innerHTML = p;
    document.body.append(d);
  }, XSS_PAYLOADS[4]!);
  await expect.poll(() => w.violations.length).toBeGreaterThan(0); // script-src-attr: the CSP stopped it
  expect(await injectedMarkup(page)).toEqual(['<img onerror>']);
  expect(await xssRan(page)).toEqual([]); // and it did not run
  await ctx.close();
});
