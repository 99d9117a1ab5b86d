// Photo records and their bytes. Image bytes + thumbnail bytes + photo row + outbox entry are
// written in ONE transaction (commit's extra writes). Bytes are content-addressed (blobs keyed by
// sha256), so identical images are stored once; rows here are never deleted (the sync engine
// may evict bytes only after the server confirmed them).
import type { Photo } from '../../shared/domain/schemas';
import { RecordNotFoundError } from './errors';
import { newId, nowIso } from './ids';
import { storedBlobs } from './sync-blobs';
import type { AppDb, BlobRow, Local } from './schema';
import { type WriteOp, commit, validateCreate, validatePatch } from './write';

export type StoredBytes = BlobRow['data'];
export type BlobMode = 'blob' | 'buffer';
export type PhotoBytes = { sha256: string; blob: Blob; width: number; height: number };
export type PhotoInput = Pick<Photo, 'visitId' | 'observationId'> &
  Partial<Pick<Photo, 'caption' | 'takenAt' | 'lat' | 'lng'>>;
export type AddPhotoResult = { photo: Photo; duplicate: boolean };

/** Meta key of the per-device photo settings. Stored: do not rename without a migration. */
export const PHOTO_SETTINGS_KEY = 'photoSettings';
export type PhotoSettings = {
  longEdge: number;
  locationConsent: boolean;
  /** Budget for photos kept for offline use, in MB; unset: client/sync/blob-prefetch.ts default. */
  budgetMb?: number;
};

// ── Blob support probe ─────────────────────────────────────────────────────
const modes = new Map<string, Promise<BlobMode>>();

/**
 * Can this engine store a Blob in IndexedDB and read it back? (Older Safari could not.)
 * Probed once per database through the non-synced meta table; the answer picks the representation.
 */
export function blobMode(db: AppDb): Promise<BlobMode> {
  let m = modes.get(db.name);
  if (!m) {
    m = probe(db);
    modes.set(db.name, m);
  }
  return m;
}

async function probe(db: AppDb): Promise<BlobMode> {
  const key = 'blobProbe';
  try {
    await db.meta.put({
      key,
      value: new Blob([new Uint8Array([1, 2, 3])], { type: 'application/octet-stream' }),
    });
    const back = (await db.meta.get(key))?.value;
    await db.meta.delete(key);
    if (!(back instanceof Blob)) return 'buffer';
    const bytes = new Uint8Array(await back.arrayBuffer());
    return bytes.length === 3 && bytes[2] === 3 ? 'blob' : 'buffer';
  } catch {
    return 'buffer';
  }
}

/** Test hook and override for engines known to break on Blobs. */
export function setBlobMode(db: AppDb, mode: BlobMode): void {
  modes.set(db.name, Promise.resolve(mode));
}

export async function toStored(blob: Blob, mode: BlobMode): Promise<StoredBytes> {
  return mode === 'blob' ? blob : { buf: await blob.arrayBuffer(), type: blob.type };
}

export function fromStored(data: StoredBytes): Blob {
  return data instanceof Blob ? data : new Blob([data.buf], { type: data.type });
}

/** The bytes of one image by hash, whichever representation they were stored in. */
export async function readBlob(db: AppDb, sha256: string): Promise<Blob | undefined> {
  const row = await db.blobs.get(sha256);
  return row ? fromStored(row.data) : undefined;
}

// ── mutators ───────────────────────────────────────────────────────────────
/**
 * Adds a photo with its bytes. The very same image (same sha256) added again to the same
 * visit/observation is not stored twice: the existing photo comes back with duplicate=true.
 * The same image on another observation gets its own photo row that shares the bytes.
 */
export async function addPhoto(
  db: AppDb,
  input: PhotoInput,
  image: PhotoBytes,
  thumb: PhotoBytes,
): Promise<AddPhotoResult> {
  const visit = await db.visits.get(input.visitId);
  if (!visit || visit._deleted) throw new RecordNotFoundError('visit', input.visitId);
  if (input.observationId) {
    const obs = await db.observations.get(input.observationId);
    if (!obs || obs._deleted || obs.visitId !== input.visitId)
      throw new RecordNotFoundError('observation', input.observationId);
  }
  const existing = await sameTarget(db, input.visitId, input.observationId);
  const twin = existing.find((p) => p.sha256 === image.sha256);
  if (twin) return { photo: strip(twin), duplicate: true };

  const photo = validateCreate('photo', {
    caption: '',
    takenAt: null,
    lat: null,
    lng: null,
    ...input,
    id: newId(),
    sha256: image.sha256,
    thumbSha256: thumb.sha256,
    mime: 'image/jpeg',
    width: image.width,
    height: image.height,
    bytes: image.blob.size,
    order: existing.reduce((m, p) => Math.max(m, p.order + 1), 0),
    createdAt: nowIso(),
  }) as Photo;
  // Conversions are async non-IndexedDB work: done before the transaction opens.
  const mode = await blobMode(db);
  const rows = [
    { sha256: image.sha256, data: await toStored(image.blob, mode), size: image.blob.size },
    { sha256: thumb.sha256, data: await toStored(thumb.blob, mode), size: thumb.blob.size },
  ];
  const op: WriteOp = {
    entity: 'photo',
    op: 'create',
    id: photo.id,
    fields: photo,
    visitId: photo.visitId,
  };
  await commit(db, [op], {
    tables: [db.blobs, db.blobState],
    async run() {
      for (const row of rows) {
        if (!(await db.blobs.get(row.sha256))) await db.blobs.put(row);
        // Never downgrade bytes the server already has; 'local' = waiting for upload.
        if (!(await db.blobState.get(row.sha256)))
          await db.blobState.put({
            sha256: row.sha256,
            state: 'local',
            lastAccess: Date.now(),
            size: row.size,
          });
      }
    },
  });
  return { photo, duplicate: false };
}

export async function updatePhoto(
  db: AppDb,
  id: string,
  fields: Partial<Pick<Photo, 'caption' | 'order'>>,
): Promise<void> {
  const row = await livePhoto(db, id);
  const valid = validatePatch('photo', fields);
  if (Object.keys(valid).length === 0) return;
  await commit(db, [{ entity: 'photo', op: 'patch', id, fields: valid, visitId: row.visitId }]);
}

/** Swaps a photo with its neighbour in the strip: both order patches in one transaction. */
export async function movePhoto(db: AppDb, id: string, step: -1 | 1): Promise<void> {
  const row = await livePhoto(db, id);
  const list = await sameTarget(db, row.visitId, row.observationId);
  const i = list.findIndex((p) => p.id === id);
  const other = list[i + step];
  if (!other) return;
  const ops: WriteOp[] = list
    .map((p, n) => {
      const order = p.id === id ? i + step : p.id === other.id ? i : n; // also heals gaps and ties
      return {
        entity: 'photo' as const,
        op: 'patch' as const,
        id: p.id,
        fields: { order },
        visitId: p.visitId,
        before: p.order,
      };
    })
    .filter((o) => o.fields.order !== o.before)
    .map(({ before: _b, ...o }) => o);
  await commit(db, ops);
}

/** Tombstone through the outbox; the bytes stay (another photo or the upload may need them). */
export async function deletePhoto(db: AppDb, id: string): Promise<void> {
  const row = await livePhoto(db, id);
  await commit(db, [{ entity: 'photo', op: 'delete', id, fields: {}, visitId: row.visitId }]);
}

async function livePhoto(db: AppDb, id: string): Promise<Local<Photo>> {
  const row = await db.photos.get(id);
  if (!row || row._deleted) throw new RecordNotFoundError('photo', id);
  return row;
}

/** Live photos of one visit (observationId null) or one observation, in strip order. */
async function sameTarget(
  db: AppDb,
  visitId: string,
  observationId: string | null,
): Promise<Local<Photo>[]> {
  const rows = await db.photos
    .where('visitId')
    .equals(visitId)
    .filter((p) => p._deleted === 0 && p.observationId === observationId)
    .toArray();
  return rows.sort((a, b) => a.order - b.order || a.createdAt.localeCompare(b.createdAt));
}

function strip(row: Local<Photo>): Photo {
  const { _v, _deleted, ...photo } = row;
  return photo;
}

// ── reads for the UI ───────────────────────────────────────────────────────
/** Live photos of one visit (observationId null) or one observation, in strip order (for createLiveQuery). */
export async function listPhotos(
  db: AppDb,
  visitId: string,
  observationId: string | null,
): Promise<Photo[]> {
  return (await sameTarget(db, visitId, observationId)).map(strip);
}

/** Bytes of photos (images and thumbnails) kept on this device, each hash once. */
export async function photoStorageBytes(db: AppDb): Promise<number> {
  return (await storedBlobs(db)).reduce((n, r) => n + r.size, 0);
}

/**
 * Live photos of one visit, or of every visit at one site: what "Für den Besuch vorbereiten"
 * fetches (client/sync/blob-fetch.ts).
 */
export async function photosOfPlace(
  db: AppDb,
  place: { siteId: string } | { visitId: string },
): Promise<Photo[]> {
  const visitIds =
    'visitId' in place
      ? [place.visitId]
      : (await db.visits.where('siteId').equals(place.siteId).toArray())
          .filter((v) => v._deleted === 0)
          .map((v) => v.id);
  const rows = await db.photos.where('visitId').anyOf(visitIds).toArray();
  return rows.filter((p) => p._deleted === 0).map(strip);
}

/** Live photos on this device, newest first: the thumbnail prefetch's order. */
export async function livePhotosNewestFirst(db: AppDb): Promise<Photo[]> {
  const rows = await db.photos.filter((p) => p._deleted === 0).toArray();
  return rows.map(strip).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function readPhotoSettings(db: AppDb): Promise<Partial<PhotoSettings>> {
  const v = (await db.meta.get(PHOTO_SETTINGS_KEY))?.value;
  return v && typeof v === 'object' ? (v as Partial<PhotoSettings>) : {};
}

export async function writePhotoSettings(db: AppDb, patch: Partial<PhotoSettings>): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const cur = await readPhotoSettings(db);
    await db.meta.put({ key: PHOTO_SETTINGS_KEY, value: { ...cur, ...patch } });
  });
}
