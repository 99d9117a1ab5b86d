// Privacy on the device: a photo that carries GPS (EXIF and XMP) and the
// camera's serial number (EXIF, XMP, comment) is captured through the real screens; a scan of
// every byte row in IndexedDB (the blobs table, read directly, no app code) finds none of it,
// and the photo record has no position (no consent given).
import { expect, it } from 'vitest';
import { readAppDb } from './support/app-db';
import { PHONE } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { addPhotos, createSite, createVisit, drawJpeg } from './support/capture';
import { MARKERS, withTellTales } from '../support/jpeg';
import { signIn } from '../support/accounts';

const app = serveBuiltApp();

it('no stored photo bytes on the device carry GPS or a device serial from the original file', async () => {
  const ctx = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  const page = await ctx.newPage();
  await signIn(page, app.server);
  await createSite(page, 'Fulda', 'Aschenberg');
  await createVisit(page);
  const original = withTellTales(new Uint8Array(await drawJpeg(page, 5, 1200, 900)));
  for (const m of MARKERS) expect(Buffer.from(original).includes(m), m).toBe(true); // the input does carry them
  await addPhotos(page, [{ name: 'IMG_4711.jpg', buffer: Buffer.from(original) }]);

  const scan = await readAppDb(
    page,
    async ({ db, all }, markers) => {
      const blobs = await all<{ data: Blob | { buf: ArrayBuffer } }>('blobs');
      const photos = await all<{ lat: number | null; lng: number | null }>('photos');
      // Every other store (records, outbox, meta) as JSON: the serial must not surface there either.
      let serialInRecords = 0;
      for (const store of Array.from(db.objectStoreNames))
        if (JSON.stringify(await all(store)).includes(markers[2]!)) serialInRecords++;
      const found: string[] = [];
      let app1 = 0;
      for (const row of blobs) {
        const bytes = new Uint8Array(
          row.data instanceof Blob ? await row.data.arrayBuffer() : row.data.buf,
        );
        const latin1 = Array.from(bytes, (c) => String.fromCharCode(c)).join('');
        for (const m of markers) if (latin1.includes(m)) found.push(m);
        // Walk the segments up to the image data: no APP1 (EXIF/XMP) and no comment may remain.
        for (
          let at = 2;
          at + 4 <= bytes.length && bytes[at] === 0xff && bytes[at + 1] !== 0xda;
          at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!)
        ) {
          if (bytes[at + 1] === 0xe1 || bytes[at + 1] === 0xfe) app1++;
        }
      }
      return {
        blobs: blobs.length,
        found,
        app1,
        serialInRecords,
        positions: photos.filter((p) => p.lat !== null || p.lng !== null).length,
        photos: photos.length,
      };
    },
    MARKERS,
  );
  expect(scan).toEqual({
    blobs: 2,
    found: [],
    app1: 0,
    serialInRecords: 0,
    positions: 0,
    photos: 1,
  }); // the photo and its thumbnail
  await ctx.close();
});
