import { afterEach, describe, expect, it } from 'vitest';
import { createSite, createVisit } from '../../../src/client/db/mutators';
import { StorageFullError } from '../../../src/client/db/errors';
import type { AppDb } from '../../../src/client/db/schema';
import { capturePhoto } from '../../../src/client/photos/capture';
import { PhotoError } from '../../../src/client/photos/errors';
import {
  NEARLY_FULL_RATIO,
  assertRoomForPhoto,
  isNearlyFull,
  readEstimate,
} from '../../../src/client/photos/storage-guard';
import { makeTestDb } from '../../support/fake-db';
import { jpegHeader } from '../../support/jpeg';

let db: AppDb;
afterEach(() => db?.close());

const estimate = (usage: number, quota: number) => async () => ({ usage, quota });

describe('storage pressure refuses photos, not text', () => {
  it('treats ≥ 95 % of the quota as nearly full', async () => {
    expect(NEARLY_FULL_RATIO).toBe(0.95);
    expect(isNearlyFull({ usage: 95, quota: 100 })).toBe(true);
    expect(isNearlyFull({ usage: 94.9, quota: 100 })).toBe(false);
    expect(isNearlyFull(null)).toBe(false);
    expect(await readEstimate(async () => ({}))).toBeNull();
    await expect(assertRoomForPhoto(estimate(96, 100))).rejects.toMatchObject({
      code: 'storageFull',
    });
    await expect(assertRoomForPhoto(estimate(10, 100))).resolves.toBeUndefined();
  });

  it('a photo on a nearly full device is refused before processing, while a text write still succeeds', async () => {
    db = makeTestDb();
    const site = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' });
    const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
    const file = new File([jpegHeader(4000, 3000) as BlobPart], 'a.jpg', { type: 'image/jpeg' });
    const outbox = await db.outbox.count();
    const err = await capturePhoto(
      db,
      file,
      { visitId: visit.id, observationId: null },
      'gallery',
      { longEdge: 1600, locationConsent: false, estimate: estimate(97, 100) },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(PhotoError);
    expect((err as PhotoError).code).toBe('storageFull');
    expect(await db.photos.count()).toBe(0);
    expect(await db.outbox.count()).toBe(outbox);
    const { addObservation } = await import('../../../src/client/db/mutators');
    await expect(
      addObservation(db, { visitId: visit.id, fieldId: 'housing', text: 'geht noch' }),
    ).resolves.toMatchObject({ text: 'geht noch' });
  });

  it('a QuotaExceededError inside the photo transaction becomes storageFull and writes nothing', async () => {
    db = makeTestDb();
    const site = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' });
    const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
    const { addPhoto } = await import('../../../src/client/db/photos');
    const put = db.blobs.put.bind(db.blobs);
    db.blobs.put = () => Promise.reject(new DOMException('quota', 'QuotaExceededError')) as never;
    const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' });
    const err = await addPhoto(
      db,
      { visitId: visit.id, observationId: null },
      { sha256: 'a'.repeat(64), blob, width: 10, height: 10 },
      { sha256: 'b'.repeat(64), blob, width: 5, height: 5 },
    ).catch((e) => e);
    db.blobs.put = put;
    expect(err).toBeInstanceOf(StorageFullError);
    expect(await db.photos.count()).toBe(0);
    expect(await db.blobs.count()).toBe(0);
  });
});
