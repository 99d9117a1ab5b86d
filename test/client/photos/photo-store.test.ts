import { afterEach, describe, expect, it } from 'vitest';
import { addObservation, createSite, createVisit } from '../../../src/client/db/mutators';
import {
  addPhoto,
  blobMode,
  deletePhoto,
  fromStored,
  listPhotos,
  movePhoto,
  readBlob,
  setBlobMode,
  updatePhoto,
  type PhotoBytes,
} from '../../../src/client/db/photos';
import type { AppDb } from '../../../src/client/db/schema';
import { sha256Hex } from '../../../src/client/photos/hash';
import { makeTestDb } from '../../support/fake-db';

let db: AppDb;
afterEach(() => db?.close());

async function seed() {
  db = makeTestDb();
  const site = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
  const obs = await addObservation(db, { visitId: visit.id, fieldId: 'housing', text: 'Hof' });
  return { visit, obs };
}

async function bytes(seed: number, type = 'image/jpeg'): Promise<PhotoBytes> {
  const data = new Uint8Array(500).map((_, i) => (i * 31 + seed) & 0xff);
  const blob = new Blob([data], { type });
  return { sha256: await sha256Hex(blob), blob, width: 1600, height: 1200 };
}

describe('hashing', () => {
  it('is lower-case hex SHA-256 of the bytes, equal for Blob, ArrayBuffer and Uint8Array', async () => {
    const abc = new TextEncoder().encode('abc');
    const want = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(await sha256Hex(abc)).toBe(want);
    expect(await sha256Hex(abc.buffer)).toBe(want);
    expect(await sha256Hex(new Blob([abc]))).toBe(want);
  });
});

describe('addPhoto stores bytes, thumbnail, photo and outbox entry together', () => {
  it('writes one photo row, two blob rows marked local, and one outbox create', async () => {
    const { visit, obs } = await seed();
    const outboxBefore = await db.outbox.count();
    const img = await bytes(1);
    const thumb = await bytes(2);
    const { photo, duplicate } = await addPhoto(
      db,
      { visitId: visit.id, observationId: obs.id, lat: 50.1, lng: 8.7 },
      img,
      thumb,
    );
    expect(duplicate).toBe(false);
    expect(photo).toMatchObject({
      sha256: img.sha256,
      thumbSha256: thumb.sha256,
      bytes: 500,
      order: 0,
      lat: 50.1,
      caption: '',
    });
    expect(await db.blobState.get(img.sha256)).toMatchObject({ state: 'local' });
    expect(await db.blobState.get(thumb.sha256)).toMatchObject({ state: 'local' });
    const back = await readBlob(db, img.sha256);
    expect(new Uint8Array(await back!.arrayBuffer())).toEqual(
      new Uint8Array(await img.blob.arrayBuffer()),
    );
    expect(await db.outbox.count()).toBe(outboxBefore + 1);
    expect(await db.outbox.orderBy('clientSeq').last()).toMatchObject({
      entity: 'photo',
      op: 'create',
      entityId: photo.id,
      visitId: visit.id,
    });
  });

  it('the same photo added twice to the same target is stored once; elsewhere it shares the bytes', async () => {
    const { visit, obs } = await seed();
    const img = await bytes(1);
    const thumb = await bytes(2);
    const first = await addPhoto(db, { visitId: visit.id, observationId: obs.id }, img, thumb);
    const outbox = await db.outbox.count();
    const again = await addPhoto(db, { visitId: visit.id, observationId: obs.id }, img, thumb);
    expect(again).toEqual({ photo: first.photo, duplicate: true });
    expect(await db.photos.count()).toBe(1);
    expect(await db.outbox.count()).toBe(outbox);
    const onVisit = await addPhoto(db, { visitId: visit.id, observationId: null }, img, thumb);
    expect(onVisit.duplicate).toBe(false);
    expect(await db.photos.count()).toBe(2);
    expect(await db.blobs.count()).toBe(2); // image + thumbnail, once each
  });

  it('a failing blob write aborts the whole transaction: no photo, no outbox entry, no bytes', async () => {
    const { visit } = await seed();
    const outbox = await db.outbox.count();
    const put = db.blobState.put.bind(db.blobState);
    db.blobState.put = () => Promise.reject(new Error('disk on fire')) as never;
    await expect(
      addPhoto(db, { visitId: visit.id, observationId: null }, await bytes(1), await bytes(2)),
    ).rejects.toThrow('disk on fire');
    db.blobState.put = put;
    expect(await db.photos.count()).toBe(0);
    expect(await db.blobs.count()).toBe(0);
    expect(await db.outbox.count()).toBe(outbox);
  });

  it('refuses a photo for a missing visit or an observation of another visit', async () => {
    const { visit, obs } = await seed();
    const site2 = await createSite(db, { municipality: 'Kassel', quarter: 'Nord' });
    const visit2 = await createVisit(db, { siteId: site2.id, date: '2026-06-01' });
    await expect(
      addPhoto(db, { visitId: visit2.id, observationId: obs.id }, await bytes(1), await bytes(2)),
    ).rejects.toThrow('not found');
    await expect(
      addPhoto(
        db,
        { visitId: '0190a000-0000-7000-8000-000000000000', observationId: null },
        await bytes(1),
        await bytes(2),
      ),
    ).rejects.toThrow('not found');
    expect(await db.photos.count()).toBe(0);
    // The same observation on its own visit is accepted: the refusals were about the mismatch.
    expect(
      (
        await addPhoto(
          db,
          { visitId: visit.id, observationId: obs.id },
          await bytes(1),
          await bytes(2),
        )
      ).photo,
    ).toMatchObject({ visitId: visit.id, observationId: obs.id });
  });
});

describe('fallback representation where IndexedDB cannot hold Blobs', () => {
  it('stores {buf, type} and reads it back as an equal Blob', async () => {
    const { visit } = await seed();
    setBlobMode(db, 'buffer');
    const img = await bytes(7);
    await addPhoto(db, { visitId: visit.id, observationId: null }, img, await bytes(8));
    const row = await db.blobs.get(img.sha256);
    expect(row?.data).not.toBeInstanceOf(Blob);
    expect(row?.data).toMatchObject({ type: 'image/jpeg' });
    expect((row!.data as { buf: ArrayBuffer }).buf.byteLength).toBe(500);
    const back = await readBlob(db, img.sha256);
    expect(back?.type).toBe('image/jpeg');
    expect(await sha256Hex(back!)).toBe(img.sha256);
  });

  it('the probe answers blob or buffer and leaves no probe row behind', async () => {
    db = makeTestDb();
    expect(['blob', 'buffer']).toContain(await blobMode(db));
    expect(await db.meta.get('blobProbe')).toBeUndefined();
    expect(fromStored({ buf: new Uint8Array([1, 2]).buffer, type: 'image/jpeg' }).size).toBe(2);
  });
});

describe('caption, order and delete go through the outbox', () => {
  it('patches captions, swaps neighbours, and tombstones without dropping bytes', async () => {
    const { visit } = await seed();
    const a = (
      await addPhoto(db, { visitId: visit.id, observationId: null }, await bytes(1), await bytes(2))
    ).photo;
    const b = (
      await addPhoto(db, { visitId: visit.id, observationId: null }, await bytes(3), await bytes(4))
    ).photo;
    expect(b.order).toBe(1);
    await updatePhoto(db, a.id, { caption: 'Spielplatz' });
    await movePhoto(db, b.id, -1);
    expect((await listPhotos(db, visit.id, null)).map((p) => [p.id, p.caption])).toEqual([
      [b.id, ''],
      [a.id, 'Spielplatz'],
    ]);
    await deletePhoto(db, a.id);
    expect((await listPhotos(db, visit.id, null)).map((p) => p.id)).toEqual([b.id]);
    expect(await readBlob(db, a.sha256)).toBeDefined();
    const ops = (
      await db.outbox
        .orderBy('clientSeq')
        .filter((e) => e.entity === 'photo')
        .toArray()
    ).map((e) => e.op);
    expect(ops).toEqual(['create', 'create', 'patch', 'patch', 'patch', 'delete']);
  });
});
