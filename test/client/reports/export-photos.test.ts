// Exports fetch the full images they show (docs/architecture.md §Reports): a coordinator's device
// that holds only thumbnails exports a PDF and a photo ZIP with every photo, from the real server
// in-process; offline it names the missing photos and exports without them only on request.
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addObservation, createSite, createVisit } from '../../../src/client/db/mutators';
import { addPhoto } from '../../../src/client/db/photos';
import { exportOverview, exportVisit } from '../../../src/client/reports/export-jobs';
import type { MissingPhoto } from '../../../src/client/reports/fetch-photos';
import { closeOpened, harnessDevice, harnessServer, photoFile } from '../../support/client-engine';
import type { Harness } from '../../support/server';
import { nodeFonts, pdfImageCount, pdfText } from './helpers';

vi.mock('../../../src/client/reports/pdf-fonts', () => ({
  loadPdfFonts: async () => nodeFonts(),
}));

afterEach(closeOpened);

/** A coordinator's device; `net.up = false` makes every request fail like a lost network. */
function device(h: Harness, token: string, prefetch = true) {
  const net = { up: true };
  const wrapFetch =
    (app: typeof fetch): typeof fetch =>
    async (input, init) => {
      if (!net.up) throw new TypeError('fetch failed');
      return app(input, init);
    };
  return { ...harnessDevice(h, token, { prefetch }, { buffer: true, wrapFetch }), net };
}

async function visitWithPhotos(h: Harness) {
  const coordinator = await h.user('coordinator');
  const a = device(h, coordinator.token, false);
  const site = await createSite(a.db, { municipality: 'Kassel', quarter: 'Nord' });
  const visit = await createVisit(a.db, { siteId: site.id, date: '2026-05-04' });
  const obs = await addObservation(a.db, { visitId: visit.id, fieldId: 'housing', text: 'Hof' });
  const photos = [];
  for (const [i, observationId] of [obs.id, obs.id, null].entries()) {
    const { photo } = await addPhoto(
      a.db,
      { visitId: visit.id, observationId, caption: `Bild ${i + 1}` },
      photoFile(600 + i, 30_000),
      photoFile(60 + i, 2_000),
    );
    photos.push(photo);
  }
  expect((await a.engine.syncNow()).status).toBe('ok');
  await a.engine.uploadNow();
  return { coordinator, a, site, visit, photos };
}

const jpgs = (zip: Uint8Array) => Object.keys(unzipSync(zip)).filter((n) => n.endsWith('.jpg'));
const bytes = async (b: Blob) => new Uint8Array(await b.arrayBuffer());

describe('exports load the photos they show', () => {
  it(
    'a device with only thumbnails exports a PDF and a ZIP with every full photo, reporting progress',
    { timeout: 60_000 },
    async () => {
      const h = await harnessServer();
      const { coordinator, visit, photos } = await visitWithPhotos(h);
      const b = device(h, coordinator.token);
      expect((await b.engine.syncNow()).status).toBe('ok');
      await b.engine.prefetchNow();
      expect(await b.db.blobs.bulkGet(photos.map((p) => p.sha256))).toEqual([
        undefined,
        undefined,
        undefined,
      ]);

      const progress: [number, number][] = [];
      const zip = await exportVisit(b.db, visit.id, 'zip', 'de', {
        photos: { onProgress: (d, t) => progress.push([d, t]) },
      });
      const files = unzipSync(await bytes(zip.blob));
      expect(jpgs(await bytes(zip.blob))).toHaveLength(3);
      expect(Object.keys(files)).not.toContain('FEHLENDE_FOTOS.txt');
      expect(progress.at(-1)).toEqual([3, 3]);

      const pdf = await bytes((await exportVisit(b.db, visit.id, 'pdf', 'de', {})).blob);
      expect(pdfImageCount(pdf)).toBe(3);
      expect(pdfText(pdf)).not.toContain('noch nicht auf diesem Gerät');

      // The overview's photo ZIP too.
      const c = device(h, coordinator.token, false);
      await c.engine.syncNow();
      const all = await exportOverview(c.db, {}, 'zip', 'de', {});
      expect(jpgs(await bytes(all.blob))).toHaveLength(3);
      for (const d of [b, c]) await d.engine.stop();
    },
  );

  it(
    'offline: names the missing photos (visit, caption, reason); exports without them on request or cancels',
    { timeout: 60_000 },
    async () => {
      const h = await harnessServer();
      const { coordinator, a, visit, photos } = await visitWithPhotos(h);
      // One more photo whose bytes the taking device has not uploaded yet.
      a.net.up = false;
      const { photo: late } = await addPhoto(
        a.db,
        { visitId: visit.id, observationId: null, caption: 'Später' },
        photoFile(700, 30_000),
        photoFile(70, 2_000),
      );
      a.net.up = true;
      await a.engine.syncNow(); // the row goes; the upload fails below
      await a.engine.stop();

      const b = device(h, coordinator.token, false);
      await b.engine.syncNow();
      // Online, the one not uploaded is named as such; the others load.
      let asked: MissingPhoto[] = [];
      const online = await exportVisit(b.db, visit.id, 'zip', 'de', {
        photos: {
          decide: async (m) => {
            asked = m;
            return true;
          },
        },
      });
      expect(jpgs(await bytes(online.blob))).toHaveLength(3);
      expect(asked).toEqual([
        expect.objectContaining({
          photoId: late.id,
          caption: 'Später',
          reason: 'not_uploaded',
          site: 'Kassel – Nord',
          date: '2026-05-04',
        }),
      ]);

      const c = device(h, coordinator.token, false);
      await c.engine.syncNow();
      c.net.up = false;
      asked = [];
      await expect(
        exportVisit(c.db, visit.id, 'pdf', 'de', {
          photos: {
            decide: async (m) => {
              asked = m;
              return false; // "Abbrechen"
            },
          },
        }),
      ).rejects.toMatchObject({ name: 'AbortError' });
      expect(asked.map((m) => m.photoId).sort()).toEqual(
        [...photos.map((p) => p.id), late.id].sort(),
      );
      expect(new Set(asked.map((m) => m.reason))).toEqual(new Set(['offline']));

      // "Ohne diese Fotos exportieren": the ZIP lists them instead.
      const without = await exportVisit(c.db, visit.id, 'zip', 'de', {
        photos: { decide: async () => true },
      });
      const files = unzipSync(await bytes(without.blob));
      expect(jpgs(await bytes(without.blob))).toHaveLength(0);
      const list = strFromU8(files['FEHLENDE_FOTOS.txt']!);
      for (const name of ['Bild-1', 'Bild-2', 'Bild-3', 'Spaeter']) expect(list).toContain(name);
      const pdf = await bytes(
        (await exportVisit(c.db, visit.id, 'pdf', 'de', { photos: { decide: async () => true } }))
          .blob,
      );
      expect(pdfImageCount(pdf)).toBe(0);
      expect(pdfText(pdf)).toMatch(/4 Fotos? (sind|ist) noch nicht auf diesem Gerät/);
      for (const d of [b, c]) await d.engine.stop();
    },
  );
});
