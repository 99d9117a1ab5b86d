// Photo-byte bookkeeping for the upload queue and on-demand downloads (docs/architecture.md §Photos).
// `blobs` is read by primary key only; the queue scans the tiny `blobState` table instead.
import type { AppDb, BlobRow, BlobStateRow } from './schema';

/** Hashes whose bytes are on this device but not yet verified on the server. */
export async function listUploadable(db: AppDb): Promise<string[]> {
  return (await db.blobState.where('state').anyOf('local', 'uploading').primaryKeys()) as string[];
}

export async function readBlobRow(db: AppDb, sha256: string): Promise<BlobRow | undefined> {
  return db.blobs.get(sha256);
}

export async function readBlobState(db: AppDb, sha256: string): Promise<BlobStateRow | undefined> {
  return db.blobState.get(sha256);
}

/**
 * Persist upload progress. Never downgrades a verified state: once 'uploaded' or 'remote',
 * a late write from a concurrent tab's upload cannot mark the bytes as local again.
 */
export async function updateBlobState(
  db: AppDb,
  sha256: string,
  patch: Partial<Omit<BlobStateRow, 'sha256'>>,
): Promise<void> {
  await db.transaction('rw', db.blobState, async () => {
    const cur = await db.blobState.get(sha256);
    if (!cur) return;
    if ((cur.state === 'uploaded' || cur.state === 'remote') && patch.state !== 'uploaded') return;
    const next: BlobStateRow = { ...cur, ...patch, lastAccess: Date.now() };
    if (patch.state === 'uploaded') {
      delete next.uploadUrl;
      delete next.offset;
    }
    await db.blobState.put(next);
  });
}

/** Store bytes fetched from the server (another device's photo) for offline use. */
export async function storeDownloadedBlob(
  db: AppDb,
  sha256: string,
  buf: ArrayBuffer,
  type: string,
): Promise<BlobRow> {
  return db.transaction('rw', [db.blobs, db.blobState], async () => {
    const existing = await db.blobs.get(sha256);
    if (existing) return existing;
    const row: BlobRow = { sha256, data: { buf, type }, size: buf.byteLength };
    await db.blobs.put(row);
    await db.blobState.put({ sha256, state: 'remote', lastAccess: Date.now() });
    return row;
  });
}
