// Photos follow the work, in real Chromium on a 390 px phone against the real server and the
// built app: a member's photos are on the server; the coordinator's device gets their thumbnails
// in the background after signing in, the exported PDF contains the full photos (loaded by the
// export itself), "Für den Besuch vorbereiten" makes a visit's photos work offline, and an
// offline export of a visit nobody prepared names the missing photo and exports without it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { pdfImageCount, pdfText } from '../client/reports/helpers';
import { readAppDb } from './support/app-db';
import { waitForServiceWorker, watchErrors } from './support/browser';
import { servePersistentApp } from './support/built-app';
import { drawJpeg } from './support/capture';
import { createAccount, seedAccounts, signIn } from '../support/accounts';
import { makeHttpDevice, uploadPhoto } from '../support/devices';
import { observationFields, photoFields, siteFields, visitFields } from '../support/rows';
import type { RunningServer } from '../support/server-process';

const app = servePersistentApp('sb-photos-follow-');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

type Seeded = { visitId: string; photos: { sha256: string; thumbSha256: string }[] };

/** A site (set up by a coordinator) where a member recorded three visits with 3, 2 and 1 photos, all uploaded. */
async function seedMemberPhotos(server: RunningServer, page: Page): Promise<Seeded[]> {
  const [setup, member] = await seedAccounts(server.dataDir, [
    { role: 'coordinator' },
    { role: 'member' },
  ]);
  const site = { ...siteFields(), municipality: 'Fulda', quarter: 'Ziehers-Nord' };
  const office = makeHttpDevice(() => server.url, setup!.token);
  office.enqueue('site', site.id, 'create', site);
  expect((await office.sync()).acks.map((a) => a.result.status)).toEqual(['applied']);
  const device = makeHttpDevice(() => server.url, member!.token);
  const out: Seeded[] = [];
  let seed = 0;
  for (const [n, count] of [3, 2, 1].entries()) {
    const visit = { ...visitFields(site.id), date: `2026-0${n + 4}-12` };
    device.enqueue('visit', visit.id, 'create', visit);
    const obs = { ...observationFields(visit.id), fieldId: 'housing', text: `Besuch ${n + 1}` };
    device.enqueue('observation', obs.id, 'create', obs);
    const photos = [];
    for (let i = 0; i < count; i++) {
      const image = await drawJpeg(page, ++seed, 1200, 900);
      const thumb = await drawJpeg(page, seed, 320, 240);
      const photo = {
        ...photoFields(visit.id, sha(image)),
        observationId: obs.id,
        thumbSha256: sha(thumb),
        width: 1200,
        height: 900,
        bytes: image.length,
        caption: `Hof ${n + 1}.${i + 1}`,
      };
      device.enqueue('photo', photo.id, 'create', photo);
      expect(await uploadPhoto(server.url, member!.token, image, photo.sha256)).toBe(true);
      expect(await uploadPhoto(server.url, member!.token, thumb, photo.thumbSha256)).toBe(true);
      photos.push(photo);
    }
    out.push({ visitId: visit.id, photos });
  }
  const { acks } = await device.sync(50);
  expect(acks.map((a) => a.result.status)).toEqual(acks.map(() => 'applied'));
  return out;
}

/** Which of `hashes` have bytes in the app's database. */
const held = (page: Page, hashes: string[]) =>
  readAppDb(
    page,
    async ({ get }, hs) =>
      (await Promise.all(hs.map((h) => get('blobs', h)))).filter(Boolean).length,
    hashes,
  );

async function exportPdf(page: Page, before?: () => Promise<void>): Promise<Uint8Array> {
  const [dl] = (await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    (async () => {
      await page.getByRole('button', { name: 'PDF exportieren', exact: true }).click();
      await before?.();
    })(),
  ])) as [Download, unknown];
  return new Uint8Array(readFileSync(await dl.path()));
}

it('thumbnails arrive in the background, the PDF holds the photos, a prepared visit works offline', async () => {
  const { server, browser: context } = app;
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width: 390, height: 844 });
  const errors = watchErrors(page);
  await page.goto(server.url);
  const [first, second, third] = await seedMemberPhotos(server, page);
  const all = [first!, second!, third!].flatMap((v) => v.photos);

  const coordinator = await createAccount(server, { name: 'Clara Koch', role: 'coordinator' });
  await signIn(page, server, coordinator);
  await waitForServiceWorker(page);
  // Nobody opened a photo: every thumbnail comes after the sync, no full image.
  await expect
    .poll(
      () =>
        held(
          page,
          all.map((p) => p.thumbSha256),
        ),
      { timeout: 30_000 },
    )
    .toBe(6);
  expect(
    await held(
      page,
      all.map((p) => p.sha256),
    ),
  ).toBe(0);

  // The PDF of the first visit: the export loads the three full images itself.
  await page.goto(`${server.url}/visits/${first!.visitId}`);
  const pdf = await exportPdf(page);
  expect(pdfImageCount(pdf)).toBe(3);
  expect(pdfText(pdf)).not.toContain('noch nicht auf diesem Gerät');
  expect(
    await held(
      page,
      first!.photos.map((p) => p.sha256),
    ),
  ).toBe(3);

  // "Für den Besuch vorbereiten" on the second visit, then offline.
  await page.goto(`${server.url}/visits/${second!.visitId}`);
  await page.getByRole('button', { name: 'Für den Besuch vorbereiten' }).click();
  await page
    .getByText('Alles für die Arbeit ohne Netz auf diesem Gerät (2 Fotos)')
    .waitFor({ timeout: 30_000 });
  expect(
    await held(
      page,
      second!.photos.map((p) => p.sha256),
    ),
  ).toBe(2);
  await page
    .locator('.prepare-offline')
    .screenshot({ path: '/tmp/photos-follow-prepared-390.png' });

  await context.setOffline(true);
  await page.reload();
  // The full image in the viewer, offline.
  await page
    .getByRole('button', { name: /Foto 1 von 2 groß anzeigen/ })
    .first()
    .click();
  const viewer = page.getByRole('dialog');
  await expect
    .poll(
      () =>
        viewer
          .locator('img')
          .evaluateAll((imgs) => imgs.some((i) => (i as HTMLImageElement).naturalWidth === 1200)),
      { timeout: 15_000 },
    )
    .toBe(true);
  await page.keyboard.press('Escape');
  const offlinePdf = await exportPdf(page);
  expect(pdfImageCount(offlinePdf)).toBe(2);

  // The third visit was not prepared: offline, its photo is named and left out on request.
  await page.goto(`${server.url}/visits/${third!.visitId}`);
  const question = page.getByRole('group', { name: 'Fehlende Fotos' });
  const without = await exportPdf(page, async () => {
    await question.waitFor({ timeout: 30_000 });
    const text = (await question.textContent()) ?? '';
    expect(text).toContain('1 Foto konnte nicht auf dieses Gerät geladen werden');
    expect(text).toContain('Hof 3.1 (Fulda – Ziehers-Nord, 12. Juni 2026): keine Verbindung');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(
      true,
    );
    await page.locator('.report-menu').screenshot({ path: '/tmp/photos-follow-missing-390.png' });
    await question.getByRole('button', { name: 'Ohne diese Fotos exportieren' }).click();
  });
  expect(pdfImageCount(without)).toBe(0);
  expect(pdfText(without)).toMatch(/1 Foto ist noch nicht auf diesem Gerät/);

  await context.setOffline(false);
  expect(
    errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e)),
  ).toEqual([]);
});
