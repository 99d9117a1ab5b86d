// Shared test data for backup tests: a device with synced and pending records and photos.
import type { Table } from 'dexie';
import {
  addObservation,
  addFollowUp,
  createSite,
  createVisit,
  deleteRecord,
  updateObservation,
} from '../../../src/client/db/mutators';
import { addPhoto, setBlobMode, type PhotoBytes } from '../../../src/client/db/photos';
import { type AppDb, SYNCED_TABLES } from '../../../src/client/db/schema';
import { sha256Hex } from '../../../src/client/backup/parse';
import { IDBFactory, makeTestDb } from '../../support/fake-db';

const opened: AppDb[] = [];

/** A fresh database (on `factory`, as `name`), closed after the test: `afterEach(closeFresh)`. */
export function fresh(factory = new IDBFactory(), name?: string): AppDb {
  const db = makeTestDb(factory, name);
  opened.push(db);
  return db;
}

/** Closes every database `fresh` opened since the last call. */
export function closeFresh(): void {
  for (const d of opened.splice(0)) d.close();
}

export async function photoBytes(seed: number, size = 700): Promise<PhotoBytes> {
  const data = new Uint8Array(size).map((_, i) => (i * 37 + seed * 11) & 0xff);
  return {
    sha256: await sha256Hex(data),
    blob: new Blob([data], { type: 'image/jpeg' }),
    width: 1600,
    height: 1200,
  };
}

/** Pretend the server confirmed everything written so far: rows get a version, entries are acked. */
export async function markAllSynced(db: AppDb, version = 7): Promise<void> {
  await db.transaction(
    'rw',
    [...SYNCED_TABLES.map((t) => db[t]), db.outbox, db.blobState],
    async () => {
      for (const t of SYNCED_TABLES) {
        // As the sync engine stores it: the server's state last pulled rides along as `_base`.
        await (db[t] as unknown as Table<Record<string, unknown>>).toCollection().modify((row) => {
          const { _v, _deleted, _base, ...fields } = row;
          row._v = version;
          row._base = { row: fields, deleted: _deleted === 1 };
        });
      }
      await db.outbox.toCollection().modify({ state: 'acked' });
      await db.blobState.toCollection().modify({ state: 'uploaded' });
    },
  );
}

/** A synced site+visit+observation+photo, then pending work: a new observation, a patch, a follow-up, a photo, a tombstone. */
export async function seedDevice(db: AppDb, photoSeed = 0) {
  setBlobMode(db, 'buffer');
  const site = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
  const synced = await addObservation(db, {
    visitId: visit.id,
    fieldId: 'housing',
    text: 'Innenhof gepflegt',
  });
  const oldPhoto = await addPhoto(
    db,
    { visitId: visit.id, observationId: synced.id },
    await photoBytes(photoSeed + 1),
    await photoBytes(photoSeed + 2, 120),
  );
  await markAllSynced(db);
  const fresh = await addObservation(db, {
    visitId: visit.id,
    fieldId: 'mobility',
    kind: 'challenge',
    text: 'Bushaltestelle fehlt',
  });
  await updateObservation(db, synced.id, { text: 'Innenhof gepflegt, Bänke fehlen', rating: 4 });
  const followUp = await addFollowUp(db, {
    visitId: visit.id,
    description: 'Beratung Beteiligung',
  });
  const newPhoto = await addPhoto(
    db,
    { visitId: visit.id, observationId: fresh.id },
    await photoBytes(photoSeed + 3),
    await photoBytes(photoSeed + 4, 150),
  );
  const gone = await addObservation(db, {
    visitId: visit.id,
    fieldId: 'climate',
    text: 'verworfen',
  });
  await deleteRecord(db, 'observation', gone.id);
  // Server records this device holds: an open conflict and an unresolved rejection.
  const at = '2026-05-05T10:00:00.000Z';
  await db.conflicts.add({
    id: `c-${synced.id}`,
    entity: 'observation',
    entityId: synced.id,
    kind: 'field',
    field: 'rating',
    serverValue: 3,
    clientValue: 4,
    mutationId: `m-${synced.id}`,
    author: 'Kollegin',
    status: 'open',
    resolution: null,
    createdAt: at,
  });
  await db.rejections.add({
    id: `r-${fresh.id}`,
    mutationId: `m2-${fresh.id}`,
    clientId: 'device-a',
    entity: 'observation',
    entityId: fresh.id,
    code: 'forbidden',
    message: 'not your site',
    path: null,
    payload: { text: 'x' },
    createdAt: at,
    resolved: 0,
  });
  return {
    site,
    visit,
    synced,
    fresh,
    followUp,
    oldPhoto: oldPhoto.photo,
    newPhoto: newPhoto.photo,
    gone,
  };
}

/** Every table's rows sorted by key, blobs as SHA-256 of their bytes: a comparable picture of a device. */
export async function snapshot(db: AppDb) {
  const out: Record<string, unknown> = {};
  for (const t of [...SYNCED_TABLES, 'conflicts', 'rejections'] as const)
    out[t] = (await db[t].toArray()).sort((a, b) => a.id.localeCompare(b.id));
  const blobs: Record<string, string> = {};
  for (const row of await db.blobs.toArray()) {
    const d = row.data;
    const bytes = d instanceof Blob ? new Uint8Array(await d.arrayBuffer()) : new Uint8Array(d.buf);
    blobs[row.sha256] = await sha256Hex(bytes);
  }
  out.blobs = blobs;
  return out;
}

/** The pending outbox as comparable mutations (ids and seqs differ between devices by design). */
export async function pendingMutations(db: AppDb) {
  const rows = await db.outbox.where('state').equals('pending').sortBy('clientSeq');
  return rows.map((e) => ({
    entity: e.entity,
    entityId: e.entityId,
    op: e.op,
    fields: e.fields,
    baseVersion: e.baseVersion,
    visitId: e.visitId,
    createdAt: e.createdAt,
  }));
}
