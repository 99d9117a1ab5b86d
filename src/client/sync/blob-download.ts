// Photos other devices took: fetched on demand, verified by hash, kept for offline use
// (docs/architecture.md §Photos step 4). Many at once: ./blob-fetch.ts; in the background after
// each sync: ./blob-prefetch.ts.
import { blobUrl } from '../../shared/blobs';
import type { AppDb, BlobRow } from '../db/schema';
import { readBlobRow, storeDownloadedBlob, touchBlob } from '../db/sync-blobs';
import { sha256Hex } from './blob-bytes';
import { linkedSignal } from './transport';

export type BlobAccess = { baseUrl: string; getToken(): string | null; fetch: typeof fetch };

/**
 * Why the server could not hand out the bytes: 'offline', 'signed_out', 'not_uploaded' (404:
 * the taking device has not uploaded yet, or no access), 'hash_mismatch', 'http_<status>',
 * 'budget' (the photo budget has no room: not stored), 'aborted'.
 */
export class BlobUnavailableError extends Error {
  override name = 'BlobUnavailableError';
  constructor(
    readonly sha256: string,
    readonly code: string,
  ) {
    super(`photo ${sha256.slice(0, 12)}… unavailable: ${code}`);
  }
}

/** Codes after which no further download in the same batch can succeed. */
export const STOPS_ALL: ReadonlySet<string> = new Set([
  'offline',
  'signed_out',
  'http_401',
  'aborted',
]);

const access = new Map<string, BlobAccess>();

/** The sync engine registers how its database reaches the server; ensureBlob uses it. */
export function registerBlobAccess(dbName: string, a: BlobAccess | null): void {
  if (a) access.set(dbName, a);
  else access.delete(dbName);
}

/** How the sync engine of `db` reaches the server, when one runs. */
export function blobAccessOf(db: AppDb): BlobAccess | undefined {
  return access.get(db.name);
}

export type EnsureOptions = {
  signal?: AbortSignal;
  /** Keep the bytes out of automatic eviction until then (prepared for offline work). */
  keepUntil?: number;
  /**
   * Called with the size of downloaded bytes before they are stored; false: not stored, the call
   * fails with 'budget' (the background prefetch). Absent: stored.
   */
  room?(size: number): Promise<boolean>;
};

/** Local reads mark bytes as used at most this often (a write per thumbnail render is waste). */
const TOUCH_EVERY_MS = 3600_000;
const lastTouch = new Map<string, number>();

/**
 * The photo bytes for `sha256`, from this device or downloaded once and stored.
 * Throws BlobUnavailableError (code 'not_uploaded' while the taking device has not uploaded yet).
 */
export async function ensureBlob(
  db: AppDb,
  sha256: string,
  a: BlobAccess | undefined = access.get(db.name),
  opts: EnsureOptions = {},
): Promise<BlobRow['data']> {
  const local = await readBlobRow(db, sha256);
  if (local) {
    const key = `${db.name}:${sha256}`;
    if (opts.keepUntil || Date.now() - (lastTouch.get(key) ?? 0) > TOUCH_EVERY_MS) {
      lastTouch.set(key, Date.now());
      await touchBlob(db, sha256, { keepUntil: opts.keepUntil }).catch(() => {});
    }
    return local.data;
  }
  // navigator.onLine === false is certain (docs/architecture.md §Scheduling); true proves nothing.
  // Checked first: offline, "no connection" is the reason even before the sync engine (which
  // registers the access) has started after a reload.
  if (globalThis.navigator?.onLine === false) throw new BlobUnavailableError(sha256, 'offline');
  const token = a?.getToken();
  if (!a || !token) throw new BlobUnavailableError(sha256, 'signed_out');
  let res: Response;
  let buf: ArrayBuffer;
  const linked = linkedSignal(opts.signal, AbortSignal.timeout(60_000));
  try {
    res = await a.fetch(`${a.baseUrl}${blobUrl(sha256)}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: linked.signal,
    });
    if (res.status === 404) throw new BlobUnavailableError(sha256, 'not_uploaded');
    if (!res.ok) throw new BlobUnavailableError(sha256, `http_${res.status}`);
    buf = await res.arrayBuffer();
  } catch (e) {
    if (e instanceof BlobUnavailableError) throw e;
    throw new BlobUnavailableError(sha256, opts.signal?.aborted ? 'aborted' : 'offline');
  } finally {
    linked.release();
  }
  if ((await sha256Hex(new Uint8Array(buf))) !== sha256)
    throw new BlobUnavailableError(sha256, 'hash_mismatch');
  if (opts.room && !(await opts.room(buf.byteLength)))
    throw new BlobUnavailableError(sha256, 'budget');
  const row = await storeDownloadedBlob(
    db,
    sha256,
    buf,
    res.headers.get('content-type') ?? 'image/jpeg',
    { keepUntil: opts.keepUntil },
  );
  return row.data;
}
