// Photo-byte bookkeeping for the upload queue, downloads and the photo budget (docs/architecture.md §Photos).
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

export type StoreOptions = {
  /** Keep these bytes out of automatic eviction until then (prepared for offline work). */
  keepUntil?: number;
  now?: number;
};

/** Store bytes fetched from the server (another device's photo) for offline use. */
export async function storeDownloadedBlob(
  db: AppDb,
  sha256: string,
  buf: ArrayBuffer,
  type: string,
  opts: StoreOptions = {},
): Promise<BlobRow> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', [db.blobs, db.blobState], async () => {
    const existing = await db.blobs.get(sha256);
    if (existing) {
      await touch(db, sha256, now, opts.keepUntil);
      return existing;
    }
    const row: BlobRow = { sha256, data: { buf, type }, size: buf.byteLength };
    await db.blobs.put(row);
    const state: BlobStateRow = { sha256, state: 'remote', lastAccess: now, size: buf.byteLength };
    if (opts.keepUntil) state.keepUntil = opts.keepUntil;
    await db.blobState.put(state);
    return row;
  });
}

/** Marks bytes as used now (eviction goes oldest lastAccess first); may extend keepUntil. */
export async function touchBlob(db: AppDb, sha256: string, opts: StoreOptions = {}): Promise<void> {
  await db.transaction('rw', db.blobState, () =>
    touch(db, sha256, opts.now ?? Date.now(), opts.keepUntil),
  );
}

async function touch(db: AppDb, sha256: string, now: number, keepUntil?: number): Promise<void> {
  const cur = await db.blobState.get(sha256);
  if (!cur) return;
  const next: BlobStateRow = { ...cur, lastAccess: Math.max(cur.lastAccess, now) };
  if (keepUntil && keepUntil > (cur.keepUntil ?? 0)) next.keepUntil = keepUntil;
  await db.blobState.put(next);
}

/** Which of `hashes` have no bytes on this device (a key-only read of `blobs`). */
export async function missingBlobs(db: AppDb, hashes: Iterable<string>): Promise<string[]> {
  const wanted = [...new Set(hashes)];
  if (!wanted.length) return [];
  const have = new Set((await db.blobs.where(':id').anyOf(wanted).primaryKeys()) as string[]);
  return wanted.filter((h) => !have.has(h));
}

/** One stored photo's bookkeeping, its size known. */
export type StoredBlob = BlobStateRow & { size: number };

/**
 * Every photo's bytes on this device with their size, from `blobState` (small). A row written
 * before sizes were kept is measured once by a primary-key read of its bytes and remembered.
 */
export async function storedBlobs(db: AppDb): Promise<StoredBlob[]> {
  const rows = await db.blobState.toArray();
  const out: StoredBlob[] = [];
  for (const r of rows) {
    if (typeof r.size === 'number') {
      out.push(r as StoredBlob);
      continue;
    }
    const blob = await db.blobs.get(r.sha256);
    if (!blob) continue; // bookkeeping without bytes (released): takes no room
    const size = blob.size;
    await db.blobState.update(r.sha256, { size });
    out.push({ ...r, size });
  }
  return out;
}

/** Bytes the server holds, so this device may drop them and fetch them again (I6). */
export const EVICTABLE_STATES: readonly BlobStateRow['state'][] = ['remote', 'uploaded'];

export type RoomOptions = {
  /** Bytes never evicted for this request (what it is fetching or protecting from churn). */
  protect?: ReadonlySet<string>;
  /** Honour keepUntil (automatic caching); explicit user actions pass false. */
  honourKeep?: boolean;
  now?: number;
};

/**
 * Makes room for `need` more bytes within `budget`: drops bytes the server holds ('remote',
 * 'uploaded'), least recently used first, skipping `protect` and (for automatic caching) bytes
 * kept for offline work. Bytes not yet uploaded ('local', 'uploading') are never dropped.
 * Each drop re-checks the state inside its transaction (another tab may have changed it).
 * True when `need` fits afterwards; when it cannot fit, nothing is dropped.
 */
export async function makeRoom(
  db: AppDb,
  need: number,
  budget: number,
  opts: RoomOptions = {},
): Promise<boolean> {
  const now = opts.now ?? Date.now();
  const stored = await storedBlobs(db);
  let used = stored.reduce((n, r) => n + r.size, 0);
  if (used + need <= budget) return true;
  const candidates = stored
    .filter(
      (r) =>
        EVICTABLE_STATES.includes(r.state) &&
        !opts.protect?.has(r.sha256) &&
        !(opts.honourKeep !== false && (r.keepUntil ?? 0) > now),
    )
    .sort((a, b) => a.lastAccess - b.lastAccess);
  // Nothing is dropped for a need that would not fit even with every candidate gone.
  if (used - candidates.reduce((n, r) => n + r.size, 0) + need > budget) return false;
  for (const c of candidates) {
    if (used + need <= budget) break;
    const dropped = await db.transaction('rw', [db.blobs, db.blobState], async () => {
      const cur = await db.blobState.get(c.sha256);
      if (!cur || !EVICTABLE_STATES.includes(cur.state)) return false;
      await db.blobs.delete(c.sha256);
      await db.blobState.delete(c.sha256);
      return true;
    });
    if (dropped) used -= c.size;
  }
  return used + need <= budget;
}

/**
 * makeRoom for a batch of downloads: the running total is read once and kept, so a batch of
 * thousands of thumbnails does not rescan `blobState` per photo; calls run one after another.
 */
export function roomKeeper(db: AppDb, budget: number, opts: RoomOptions = {}) {
  let used: number | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  const check = async (size: number): Promise<boolean> => {
    used ??= (await storedBlobs(db)).reduce((n, r) => n + r.size, 0);
    if (used + size > budget) {
      const fits = await makeRoom(db, size, budget, opts);
      used = (await storedBlobs(db)).reduce((n, r) => n + r.size, 0);
      if (!fits) return false;
    }
    used += size;
    return true;
  };
  return (size: number): Promise<boolean> => {
    const p = chain.then(() => check(size));
    chain = p.catch(() => {});
    return p;
  };
}
