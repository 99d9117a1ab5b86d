// Photos in real Chromium through the real app screens: a 4000×3000 JPEG with EXIF orientation 6
// and GPS, built in code, goes through the file input; the stored image must be downscaled,
// rotated, free of EXIF, have a thumbnail, be deduplicated, and survive an offline reload.
// Bad files (corrupt, HEIC, 0 bytes, > 40 MP) get messages and write nothing.
import { expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { readAppDb } from './support/app-db';
import { waitForServiceWorker, watchErrors } from './support/browser';
import { servePersistentApp } from './support/built-app';
import { signIn } from '../support/accounts';
import { exifApp1, heicHeader, jpegHeader, jpegSegments, spliceAfterSoi } from '../support/jpeg';

const app = servePersistentApp('sb-photos-');
let visitUrl = '';
let exifPhoto: Uint8Array | undefined;
let plainPhoto: Uint8Array | undefined;

/** A JPEG drawn in the page: top half red, bottom half blue, with texture. */
async function drawJpeg(page: Page, w: number, h: number): Promise<Uint8Array> {
  const b64 = await page.evaluate(
    async ([w, h]) => {
      const c = new OffscreenCanvas(w!, h!);
      const g = c.getContext('2d')!;
      g.fillStyle = '#d00000';
      g.fillRect(0, 0, w!, h! / 2);
      g.fillStyle = '#0000d0';
      g.fillRect(0, h! / 2, w!, h! / 2);
      for (let i = 0; i < 400; i++) {
        g.fillStyle = `rgba(${(i * 37) % 255},${(i * 91) % 255},${(i * 53) % 255},0.15)`;
        g.fillRect(
          (i * 7919) % w!,
          ((i * 104729) % (h! / 2 - 40)) + (i % 2 ? h! / 2 + 20 : 0),
          60,
          30,
        );
      }
      const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000)
        s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    },
    [w, h],
  );
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

type StoredPhoto = {
  id: string;
  observationId: string | null;
  sha256: string;
  thumbSha256: string;
  width: number;
  height: number;
  caption: string;
  lat: number | null;
  lng: number | null;
  _deleted: number;
};
/** `seq`: the device's next outbox sequence number; unchanged = no outbox entry was ever enqueued
 * (the outbox itself shrinks while the signed-in app syncs). */
type Snapshot = {
  photos: StoredPhoto[];
  blobs: number;
  blobState: { sha256: string; state: string }[];
  seq: number;
};

/** Reads the app's IndexedDB directly (no app code), as a check from outside. */
function snapshot(page: Page): Promise<Snapshot> {
  return readAppDb(page, async ({ all }) => {
    const meta = await all<{ key: string; value: unknown }>('meta');
    const out = {
      photos: await all('photos'),
      blobs: (await all('blobs')).length,
      blobState: await all('blobState'),
      seq: meta.find((m) => m.key === 'nextClientSeq')?.value ?? 1,
    };
    return out as never;
  });
}

/** Stored bytes of one hash, decoded in the page: size and the colour left and right of centre. */
function inspectBlob(page: Page, sha: string) {
  return readAppDb(
    page,
    async ({ get }, sha) => {
      const row = await get<{ data: Blob | { buf: ArrayBuffer; type: string } }>('blobs', sha);
      const blob =
        row.data instanceof Blob ? row.data : new Blob([row.data.buf], { type: row.data.type });
      // 'none': the stored file must already be upright without any orientation tag.
      const bmp = await createImageBitmap(blob, { imageOrientation: 'none' });
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const g = c.getContext('2d')!;
      g.drawImage(bmp, 0, 0);
      const px = (x: number, y: number) => Array.from(g.getImageData(x, y, 1, 1).data.slice(0, 3));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      return {
        type: blob.type,
        width: bmp.width,
        height: bmp.height,
        bytes: Array.from(bytes.subarray(0, Math.min(bytes.length, 4096))),
        size: bytes.length,
        left: px(Math.round(bmp.width * 0.1), Math.round(bmp.height / 2)),
        right: px(Math.round(bmp.width * 0.9), Math.round(bmp.height / 2)),
      };
    },
    sha,
  );
}

/**
 * Console errors of the app. A 404 from the blob store is the sync engine's normal "not uploaded
 * yet" answer (HEAD /api/v1/blobs/:sha256) and Chromium logs it; any other 404 counts.
 */
function appErrors(page: Page): () => string[] {
  const errors = watchErrors(page);
  const notFound: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 404 && !new URL(r.url()).pathname.startsWith('/api/v1/blobs/'))
      notFound.push(r.url());
  });
  return () => [
    ...errors.filter(
      (e) => !e.includes('net::ERR_INTERNET_DISCONNECTED') && !e.includes('status of 404'),
    ),
    ...notFound.map((u) => `404: ${u}`),
  ];
}

async function choose(
  page: Page,
  button: Locator,
  files: { name: string; mimeType: string; buffer: Uint8Array }[],
) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button.click()]);
  await chooser.setFiles(files.map((f) => ({ ...f, buffer: Buffer.from(f.buffer) })));
}

it('a 12-MP EXIF photo is stored rotated, ≤ 1600 px, without EXIF, deduplicated, and survives an offline reload; bad files write nothing', async () => {
  const { server, browser: ctx } = app;
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  const errors = appErrors(page);
  await signIn(page, server);
  await page.goto(`${server.url}/sites/new`);
  await page.getByLabel('Kommune').fill('Offenbach');
  await page.getByLabel('Quartier').fill('Nordend');
  await page.getByRole('button', { name: 'Standort anlegen' }).click();
  await page.waitForURL(/\/sites\/[0-9a-f-]{36}$/);
  await page.goto(`${server.url}/visits/new`);
  await page.getByRole('button', { name: 'Besuch anlegen' }).click();
  await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
  await waitForServiceWorker(page);

  const strip = page.getByRole('region', { name: 'Fotos zum Besuch' });
  const camera = strip.getByRole('button', { name: 'Foto aufnehmen' });
  const gallery = strip.getByRole('button', { name: 'Aus Galerie wählen' });
  const items = strip.getByRole('listitem');

  // 1. Camera: 4000×3000 pixels, EXIF says "rotate 90° clockwise" and carries GPS. No location consent.
  const raw = await drawJpeg(page, 4000, 3000);
  const withExif = spliceAfterSoi(raw, exifApp1({ orientation: 6, lat: 50.1, lng: 8.76 }));
  expect(jpegSegments(withExif).some((s) => s.marker === 0xe1)).toBe(true);
  await choose(page, camera, [{ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: withExif }]);
  await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(1);
  await strip.getByText('1 Foto gespeichert.').waitFor();
  expect(page.workers().some((w) => w.url().includes('photo-worker'))).toBe(true); // processed off the main thread
  visitUrl = page.url();
  exifPhoto = withExif;
  plainPhoto = await drawJpeg(page, 800, 600); // no EXIF at all

  const s1 = await snapshot(page);
  expect(s1.photos).toHaveLength(1);
  const p1 = s1.photos[0]!;
  expect(p1).toMatchObject({ width: 1200, height: 1600, lat: null, lng: null });
  const img = await inspectBlob(page, p1.sha256);
  expect(img).toMatchObject({ type: 'image/jpeg', width: 1200, height: 1600 });
  expect(Math.max(img.width, img.height)).toBeLessThanOrEqual(1600);
  // Raw top (red) rotated 90° clockwise ends up on the right; raw bottom (blue) on the left.
  expect(img.right[0]).toBeGreaterThan(150);
  expect(img.right[2]).toBeLessThan(100);
  expect(img.left[2]).toBeGreaterThan(150);
  expect(img.left[0]).toBeLessThan(100);
  // No metadata survived the re-encode: no APP1 (EXIF or XMP) segment, no GPS bytes.
  const head = new Uint8Array(img.bytes);
  expect(jpegSegments(head).filter((s) => s.marker === 0xe1)).toEqual([]);
  expect(Buffer.from(head).includes('Exif')).toBe(false);
  const thumb = await inspectBlob(page, p1.thumbSha256);
  expect(thumb).toMatchObject({ type: 'image/jpeg', width: 240, height: 320 });
  // Both byte rows are tracked for upload (the sync engine may already have moved them past 'local').
  expect(s1.blobState.map((b) => b.sha256).sort()).toEqual([p1.sha256, p1.thumbSha256].sort());

  // 2. The very same file again from the gallery: recognised, nothing new stored.
  const seqBefore = s1.seq;
  await choose(page, gallery, [{ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: withExif }]);
  await strip.getByText('bereits vorhanden').waitFor();
  const s2 = await snapshot(page);
  expect(s2.photos).toHaveLength(1);
  expect(s2.blobs).toBe(2);
  expect(s2.seq).toBe(seqBefore);

  // 3. With consent, the location is kept as an explicit field (read before re-encoding).
  await strip.getByText('Foto-Einstellungen').click();
  await strip.getByLabel('Aufnahmeort in Fotos speichern').check();
  const second = spliceAfterSoi(
    await drawJpeg(page, 1200, 900),
    exifApp1({ orientation: 1, lat: 50.1, lng: 8.76 }),
  );
  await choose(page, gallery, [{ name: 'hof.jpg', mimeType: 'image/jpeg', buffer: second }]);
  await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(2);
  const s3 = await snapshot(page);
  const p2 = s3.photos.find((p) => p.id !== p1.id)!;
  expect(p2).toMatchObject({ width: 1200, height: 900 });
  expect(p2.lat).toBeCloseTo(50.1, 3);
  expect(p2.lng).toBeCloseTo(8.76, 3);
  expect(
    Buffer.from(new Uint8Array((await inspectBlob(page, p2.sha256)).bytes)).includes('Exif'),
  ).toBe(false);

  // 4. Bad input, several at once: each gets its own message, nothing is written.
  await choose(page, gallery, [
    {
      name: 'kaputt.jpg',
      mimeType: 'image/jpeg',
      buffer: new Uint8Array(2000).map((_, i) => (i * 7) & 0xff),
    },
    { name: 'iphone.heic', mimeType: 'image/heic', buffer: heicHeader() },
    { name: 'leer.jpg', mimeType: 'image/jpeg', buffer: new Uint8Array(0) },
    { name: 'riesig.jpg', mimeType: 'image/jpeg', buffer: jpegHeader(8000, 6000) },
  ]);
  const alerts = strip.getByRole('alert');
  await expect.poll(() => alerts.count(), { timeout: 30_000 }).toBe(4);
  const texts = await alerts.allTextContents();
  expect(texts[0]).toContain('„kaputt.jpg“ ist kein lesbares Bild');
  expect(texts[1]).toContain('„iphone.heic“ ist ein HEIC-Foto');
  expect(texts[2]).toContain('„leer.jpg“ ist leer (0 Byte)');
  expect(texts[3]).toContain('„riesig.jpg“ ist zu groß (über 40 Megapixel)');
  const s4 = await snapshot(page);
  expect(s4.photos).toHaveLength(2);
  expect(s4.blobs).toBe(s3.blobs);
  expect(s4.blobState).toHaveLength(s3.blobState.length);
  expect(s4.seq).toBe(s3.seq);

  // 5. Caption, then the viewer with arrow keys.
  await items.first().getByLabel('Bildunterschrift').fill('Innenhof Nordend');
  await expect
    .poll(async () => (await snapshot(page)).photos.find((p) => p.id === p1.id)?.caption)
    .toBe('Innenhof Nordend');
  await strip.getByRole('button', { name: 'Foto 1 von 2 groß anzeigen' }).click();
  const viewer = page.getByRole('dialog', { name: 'Fotoansicht' });
  await viewer.getByText('1 / 2').waitFor();
  await viewer.getByText('Innenhof Nordend').waitFor();
  const focused = () =>
    page.evaluate(
      () =>
        document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent,
    );
  await expect.poll(focused).toBe('Schließen');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab'); // close → previous → next → back to close: focus stays in the dialog
  await expect.poll(focused).toBe('Schließen');
  await page.keyboard.press('ArrowRight');
  await viewer.getByText('2 / 2').waitFor();
  // A swipe to the left (pointer drag) moves on; from the last photo it wraps to the first.
  const box = (await viewer.locator('.photo-viewer-stage').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await viewer.getByText('1 / 2').waitFor();
  await page.keyboard.press('Escape');
  await viewer.waitFor({ state: 'detached' });
  await expect.poll(focused).toBe('Foto 1 von 2 groß anzeigen'); // focus back where it was

  // 6. Offline reload: thumbnails come from IndexedDB, the app from the service worker.
  await ctx.setOffline(true);
  await page.reload();
  await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(2);
  await expect
    .poll(() =>
      items
        .first()
        .locator('img')
        .evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth),
    )
    .toBe(240);
  await expect(items.first().getByLabel('Bildunterschrift').inputValue()).resolves.toBe(
    'Innenhof Nordend',
  );
  await ctx.setOffline(false);
  expect(errors()).toEqual([]);
});

it('without OffscreenCanvas the main-thread fallback stores an observation photo; camera shots take the device position with consent; a nearly full device refuses photos but keeps text; order, delete, restore', async () => {
  expect(visitUrl).not.toBe('');
  const { server, browser: ctx } = app;
  const page = await ctx.newPage();
  const errors = appErrors(page);
  await page.addInitScript(() => {
    delete (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas;
    const w = window as unknown as { storageFull: boolean };
    w.storageFull = false;
    navigator.storage.estimate = async () =>
      w.storageFull ? { usage: 97e6, quota: 100e6 } : { usage: 1e6, quota: 100e6 };
  });
  await page.goto(visitUrl);
  await page.getByRole('button', { name: 'Beobachtung hinzufügen: Wohnen und Wohnumfeld' }).click();
  const card = page.getByRole('group', { name: 'Beobachtung 1' });
  const strip = card.getByRole('region', { name: 'Fotos' });
  const before = await snapshot(page);
  await choose(page, strip.getByRole('button', { name: 'Aus Galerie wählen' }), [
    { name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: exifPhoto! },
  ]);
  await expect.poll(() => strip.getByRole('listitem').count(), { timeout: 30_000 }).toBe(1);
  expect(page.workers()).toEqual([]);
  const after = await snapshot(page);
  const added = after.photos.filter((p) => !before.photos.some((b) => b.id === p.id));
  expect(added).toHaveLength(1);
  expect(added[0]).toMatchObject({ width: 1200, height: 1600 }); // still upright without the worker
  expect(added[0]!.observationId).toBeTruthy();

  // A camera shot without GPS in its EXIF takes the device position (consent was given above).
  await ctx.grantPermissions(['geolocation'], { origin: server.url });
  await ctx.setGeolocation({ latitude: 50.55, longitude: 9.68 });
  await choose(page, strip.getByRole('button', { name: 'Foto aufnehmen' }), [
    { name: 'kamera.jpg', mimeType: 'image/jpeg', buffer: plainPhoto! },
  ]);
  await expect.poll(() => strip.getByRole('listitem').count(), { timeout: 30_000 }).toBe(2);
  const withCamera = await snapshot(page);
  const shot = withCamera.photos.find((p) => !after.photos.some((b) => b.id === p.id))!;
  expect(shot).toMatchObject({ width: 800, height: 600, lat: 50.55, lng: 9.68 });

  await page.evaluate(() => {
    (window as unknown as { storageFull: boolean }).storageFull = true;
  });
  await choose(page, strip.getByRole('button', { name: 'Aus Galerie wählen' }), [
    { name: 'noch-eins.jpg', mimeType: 'image/jpeg', buffer: exifPhoto! },
  ]);
  await strip.getByRole('alert').filter({ hasText: 'fast voll' }).waitFor();
  const full = await snapshot(page);
  expect(full.photos).toHaveLength(withCamera.photos.length);
  expect(full.seq).toBe(withCamera.seq);
  await card.getByLabel('Text').fill('Spielplatz gut besucht');
  await expect
    .poll(async () =>
      readAppDb(page, async ({ all }) =>
        (await all<{ text: string }>('observations')).map((o) => o.text),
      ),
    )
    .toEqual(['Spielplatz gut besucht']);

  // Order and delete on the visit's photos go through the same screens (and the outbox).
  const visitItems = page.getByRole('region', { name: 'Fotos zum Besuch' }).getByRole('listitem');
  await expect(visitItems.first().getByLabel('Bildunterschrift').inputValue()).resolves.toBe(
    'Innenhof Nordend',
  );
  await visitItems.first().getByRole('button', { name: 'Foto nach hinten' }).click();
  await expect
    .poll(() => visitItems.nth(1).getByLabel('Bildunterschrift').inputValue())
    .toBe('Innenhof Nordend');
  const seqBeforeDelete = (await snapshot(page)).seq;
  await visitItems.nth(1).getByRole('button', { name: 'Foto löschen' }).click();
  await expect.poll(() => visitItems.count()).toBe(1);
  expect((await snapshot(page)).seq).toBe(seqBeforeDelete + 1); // one outbox entry: the tombstone
  await page
    .getByRole('region', { name: 'Fotos zum Besuch' })
    .getByRole('button', { name: 'Wiederherstellen' })
    .click();
  await expect.poll(() => visitItems.count()).toBe(2);
  expect(errors()).toEqual([]);
});
