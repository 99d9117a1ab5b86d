// Photos other devices took: fetched on demand, verified by hash, kept for offline use.
import { blobUrl } from '../../shared/blobs';
import type { AppDb, BlobRow } from '../db/schema';
import { readBlobRow, storeDownloadedBlob } from '../db/sync-blobs';
import { sha256Hex } from './blob-bytes';

export type BlobAccess = { baseUrl: string; getToken(): string | null; fetch: typeof fetch };

/** The server could not hand out the bytes (offline, not uploaded yet, no access). */
export class BlobUnavailableError extends Error {
  override name = 'BlobUnavailableError';
  constructor(
    readonly sha256: string,
    readonly code: string,
  ) {
    super(`photo ${sha256.slice(0, 12)}… unavailable: ${code}`);
  }
}

const access = new Map<string, BlobAccess>();

/** The sync engine registers how its database reaches the server; ensureBlob uses it. */
export function registerBlobAccess(dbName: string, a: BlobAccess | null): void {
  if (a) access.set(dbName, a);
  else access.delete(dbName);
}

/**
 * The photo bytes for `sha256`, from this device or downloaded once and stored.
 * Throws BlobUnavailableError (code 'not_uploaded' while the taking device has not uploaded yet).
 */
export async function ensureBlob(
  db: AppDb,
  sha256: string,
  a: BlobAccess | undefined = access.get(db.name),
): Promise<BlobRow['data']> {
  const local = await readBlobRow(db, sha256);
  if (local) return local.data;
  const token = a?.getToken();
  if (!a || !token) throw new BlobUnavailableError(sha256, 'signed_out');
  let res: Response;
  try {
    res = await a.fetch(`${a.baseUrl}${blobUrl(sha256)}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(60_000),
    });
  } catch {
    throw new BlobUnavailableError(sha256, 'offline');
  }
  if (res.status === 404) throw new BlobUnavailableError(sha256, 'not_uploaded');
  if (!res.ok) throw new BlobUnavailableError(sha256, `http_${res.status}`);
  const buf = await res.arrayBuffer();
  if ((await sha256Hex(new Uint8Array(buf))) !== sha256)
    throw new BlobUnavailableError(sha256, 'hash_mismatch');
  const row = await storeDownloadedBlob(
    db,
    sha256,
    buf,
    res.headers.get('content-type') ?? 'image/jpeg',
  );
  return row.data;
}
