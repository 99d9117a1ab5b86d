// The photo budget (docs/architecture.md §Photos step 8): to fit new thumbnails the device drops
// bytes the server holds ('remote', 'uploaded'), least recently used first; bytes prepared for
// offline work are kept; bytes the server has not confirmed ('local', 'uploading') never go.
import { afterEach, describe, expect, it } from 'vitest';
import { createSite, createVisit } from '../../../src/client/db/mutators';
import { addPhoto, setBlobMode } from '../../../src/client/db/photos';
import type { AppDb } from '../../../src/client/db/schema';
import { ensureBlob } from '../../../src/client/sync/blob-download';
import { photoBudgetBytes, prefetchThumbnails } from '../../../src/client/sync/blob-prefetch';
import { makeTestDb } from '../../support/fake-db';
import {
  closeAfterTest,
  closeOpened,
  engineDevice,
  harnessFetch,
  photoFile,
  putLocalBytes,
} from '../../support/client-engine';
import { fakeJpeg } from '../../support/jpeg';
import { makeHarness } from '../../support/server';

afterEach(closeOpened);

const ok = async () => ({ usage: 0, quota: 0, ratio: 0, level: 'ok' as const });

async function setup() {
  const h = closeAfterTest(await makeHarness());
  const coordinator = await h.user('coordinator');
  const access = {
    baseUrl: 'http://test',
    getToken: () => coordinator.token,
    fetch: harnessFetch(h),
  };
  /** `uploads.on = false`: this device's photo uploads fail as if the network dropped them. */
  const device = (uploads = { on: true }) => {
    const db = makeTestDb();
    setBlobMode(db, 'buffer');
    const app = harnessFetch(h);
    const fetch: typeof globalThis.fetch = async (input, init) => {
      if (!uploads.on && new Request(input, init).url.includes('/uploads'))
        throw new TypeError('fetch failed');
      return app(input, init);
    };
    return engineDevice({ token: coordinator.token, fetch }, { prefetch: false }, db);
  };
  return { access, device };
}

async function addPhotos(db: AppDb, visitId: string, widths: number[], full = 20_000) {
  const out = [];
  for (const w of widths)
    out.push(
      (
        await addPhoto(
          db,
          { visitId, observationId: null },
          photoFile(400 + w, full),
          photoFile(40 + w, 3_000),
        )
      ).photo,
    );
  return out;
}

const sizeOf = async (db: AppDb, sha: string) => (await db.blobs.get(sha))!.size;
const has = async (db: AppDb, sha: string) => (await db.blobs.get(sha)) !== undefined;

describe('photo budget', () => {
  it(
    'evicts the least recently used bytes the server holds, keeps prepared ones, never drops unconfirmed bytes',
    { timeout: 30_000 },
    async () => {
      const { access, device } = await setup();
      const a = device();
      const site = await createSite(a.db, { municipality: 'Kassel', quarter: 'Nord' });
      const visit = await createVisit(a.db, { siteId: site.id, date: '2026-05-04' });
      const [p1, p2, p3, p4] = await addPhotos(a.db, visit.id, [1, 2, 3, 4]);
      await a.engine.syncNow();
      await a.engine.uploadNow();

      const uploads = { on: false };
      const b = device(uploads);
      await b.engine.syncNow();
      // Full images b looked at earlier: p1 long ago, p2 later, p3 prepared for offline work.
      await ensureBlob(b.db, p1!.sha256, access);
      await ensureBlob(b.db, p2!.sha256, access);
      await ensureBlob(b.db, p3!.sha256, access, { keepUntil: Date.now() + 86_400_000 });
      await b.db.blobState.update(p1!.sha256, { lastAccess: 1_000 });
      await b.db.blobState.update(p2!.sha256, { lastAccess: 2_000 });
      await b.db.blobState.update(p3!.sha256, { lastAccess: 500 });
      // b's own photo, taken offline and not uploaded; and bytes in the middle of an upload.
      const [mine] = await addPhotos(b.db, visit.id, [9], 40_000);
      const sending = await putLocalBytes(b.db, fakeJpeg(77, 77, 30_000));
      await b.db.blobState.update(sending, { state: 'uploading', lastAccess: 0 });

      const thumbs = [p1, p2, p3, p4].map((p) => p!.thumbSha256);
      const thumbBytes = (
        await Promise.all(
          [p1, p2, p3, p4].map(async (p) => (await a.db.blobs.get(p!.thumbSha256))!.size),
        )
      ).reduce((x, y) => x + y, 0);
      const unconfirmed =
        (await sizeOf(b.db, mine!.sha256)) +
        (await sizeOf(b.db, mine!.thumbSha256)) +
        (await sizeOf(b.db, sending));
      // Room for the thumbnails, the unconfirmed bytes and two full images: p1 (oldest) must go.
      const budget =
        thumbBytes +
        unconfirmed +
        (await sizeOf(b.db, p2!.sha256)) +
        (await sizeOf(b.db, p3!.sha256));
      const r = await prefetchThumbnails(b.db, { access, budget, pressure: ok });
      expect(r.stoppedBy).toBeNull();
      for (const t of thumbs) expect(await has(b.db, t)).toBe(true);
      expect(await has(b.db, p1!.sha256)).toBe(false); // least recently used, server holds it
      expect(await b.db.blobState.get(p1!.sha256)).toBeUndefined();
      expect(await has(b.db, p2!.sha256)).toBe(true);
      expect(await has(b.db, p3!.sha256)).toBe(true); // prepared, although the oldest
      expect(await has(b.db, mine!.sha256)).toBe(true);
      expect(await has(b.db, mine!.thumbSha256)).toBe(true);
      expect(await has(b.db, sending)).toBe(true);

      // A budget smaller than the unconfirmed bytes alone: the round stops, nothing of them goes.
      const [p5] = await addPhotos(a.db, visit.id, [5]);
      await a.engine.syncNow();
      await a.engine.uploadNow();
      await b.engine.syncNow();
      const tight = await prefetchThumbnails(b.db, {
        access,
        budget: unconfirmed - 1,
        pressure: ok,
      });
      expect(tight.stoppedBy).toBe('budget');
      expect(await has(b.db, p5!.thumbSha256)).toBe(false);
      expect(await has(b.db, mine!.sha256)).toBe(true);
      expect(await has(b.db, mine!.thumbSha256)).toBe(true);
      expect(await has(b.db, sending)).toBe(true);
      expect((await b.db.blobState.get(mine!.sha256))?.state).toBe('local');
      expect(await has(b.db, p2!.sha256)).toBe(true); // not dropped for a need that cannot fit

      // Once the server confirmed b's photo, its full image may make room like any other.
      await b.db.blobState.delete(sending);
      await b.db.blobs.delete(sending);
      uploads.on = true;
      await b.engine.syncNow();
      await b.engine.uploadNow();
      expect((await b.db.blobState.get(mine!.sha256))?.state).toBe('uploaded');
      await b.db.blobState.update(mine!.sha256, { lastAccess: 1 });
      const after = await prefetchThumbnails(b.db, {
        access,
        // Everything but b's own full image fits: that (the least recently used) goes, p2 stays.
        budget:
          thumbBytes +
          (await sizeOf(a.db, p5!.thumbSha256)) +
          (await sizeOf(b.db, mine!.thumbSha256)) +
          (await sizeOf(b.db, p2!.sha256)) +
          (await sizeOf(b.db, p3!.sha256)),
        pressure: ok,
      });
      expect(after.stoppedBy).toBeNull();
      expect(await has(b.db, p5!.thumbSha256)).toBe(true);
      expect(await has(b.db, mine!.sha256)).toBe(false);
      expect(await has(b.db, mine!.thumbSha256)).toBe(true); // a live photo's thumbnail
      expect(await has(b.db, p2!.sha256)).toBe(true);
      expect(await has(b.db, p3!.sha256)).toBe(true); // still prepared
      for (const d of [a, b]) await d.engine.stop();
    },
  );

  it('the default budget is 200 MB, at most a quarter of the quota; the setting wins', async () => {
    const db = closeAfterTest(makeTestDb());
    const pressure = (quota: number) => async () => ({
      usage: 0,
      quota,
      ratio: 0,
      level: 'ok' as const,
    });
    expect(await photoBudgetBytes(db, pressure(0))).toBe(200_000_000);
    expect(await photoBudgetBytes(db, pressure(10_000_000_000))).toBe(200_000_000);
    expect(await photoBudgetBytes(db, pressure(400_000_000))).toBe(100_000_000);
    await db.meta.put({ key: 'photoSettings', value: { budgetMb: 500 } });
    expect(await photoBudgetBytes(db, pressure(400_000_000))).toBe(500_000_000);
  });
});
