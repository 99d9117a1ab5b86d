// Many photos' bytes at once, a few at a time: the background thumbnail prefetch, the export's
// missing full images and "Für den Besuch vorbereiten" (docs/architecture.md §Photos step 4).
// Nothing here deletes bytes the server does not hold; room is made by ../db/sync-blobs makeRoom.
import { missingBlobs } from '../db/sync-blobs';
import type { AppDb } from '../db/schema';
import {
  type BlobAccess,
  BlobUnavailableError,
  type EnsureOptions,
  STOPS_ALL,
  blobAccessOf,
  ensureBlob,
} from './blob-download';

/** Downloads at a time: small enough to leave the sync request and uploads their bandwidth. */
export const FETCH_CONCURRENCY = 3;

export type FetchManyOptions = Omit<EnsureOptions, 'room'> & {
  access?: BlobAccess;
  concurrency?: number;
  /** done of total hashes (also those that failed). */
  onProgress?(done: number, total: number): void;
  /** Before storing `size` new bytes: false stops this batch ('budget'). */
  room?(size: number): Promise<boolean>;
};

export type FetchManyResult = {
  /** Hashes this call downloaded and stored. */
  fetched: string[];
  /** Bytes of those. */
  bytes: number;
  /** Hashes still missing on this device, with the reason (a code of BlobUnavailableError). */
  failed: Map<string, string>;
  /** Why the batch ended early (offline, signed out, budget, aborted), else null. */
  stoppedBy: string | null;
};

/**
 * Makes sure the bytes of `hashes` are on this device: those already here are left alone (their
 * keepUntil extended when given), the others downloaded, verified and stored. One that the
 * server does not have yet is skipped; offline, signed out, aborted or a full budget end the
 * batch, and every hash not reached is reported with that reason.
 */
export async function fetchBlobs(
  db: AppDb,
  hashes: Iterable<string>,
  opts: FetchManyOptions = {},
): Promise<FetchManyResult> {
  const all = [...new Set(hashes)];
  const todo = await missingBlobs(db, all);
  if (opts.keepUntil) {
    const missing = new Set(todo);
    for (const h of all)
      if (!missing.has(h)) await ensureBlob(db, h, undefined, { keepUntil: opts.keepUntil });
  }
  const a = opts.access ?? blobAccessOf(db);
  const out: FetchManyResult = { fetched: [], bytes: 0, failed: new Map(), stoppedBy: null };
  const total = todo.length;
  let next = 0;
  let done = 0;
  opts.onProgress?.(0, total);
  const worker = async () => {
    while (next < todo.length && !out.stoppedBy) {
      const sha = todo[next++]!;
      if (opts.signal?.aborted) {
        out.stoppedBy = 'aborted';
        break;
      }
      try {
        const data = await ensureBlob(db, sha, a, {
          signal: opts.signal,
          keepUntil: opts.keepUntil,
          room: opts.room,
        });
        out.fetched.push(sha);
        out.bytes += data instanceof Blob ? data.size : data.buf.byteLength;
      } catch (e) {
        const code = e instanceof BlobUnavailableError ? e.code : 'local_error';
        out.failed.set(sha, code);
        if (STOPS_ALL.has(code) || code === 'budget') out.stoppedBy ??= code;
      }
      opts.onProgress?.(++done, total);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, opts.concurrency ?? FETCH_CONCURRENCY) }, worker),
  );
  for (const sha of todo.slice(next)) out.failed.set(sha, out.stoppedBy ?? 'aborted');
  // A hash a worker had taken when the batch stopped and that failed is already listed.
  return out;
}
