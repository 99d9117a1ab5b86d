// Retention (README "Löschfristen"): a deleted visit stays restorable for RETENTION_DAYS (default
// 30); after that the server purges its content and its children's, deletes photo files no row
// references any more, and every device drops the rows at its next sync (the purged rows come
// down the change feed with row = null). Runs at start-up, daily, and as `npm run admin -- purge`.
// sweepOrphans (same schedule) deletes photo bytes nothing references after ORPHAN_GRACE_DAYS.
import type { PhotoStorage } from './blobs/photo-storage';
import type { ServerDb } from './store/store';

export const DEFAULT_RETENTION_DAYS = 30;

export class RetentionConfigError extends Error {
  override name = 'RetentionConfigError';
}

/** A number of days ≥ 0 from env[name]; unset or empty: `fallback`. */
function daysFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const days = Number(raw);
  if (!Number.isFinite(days) || days < 0)
    throw new RetentionConfigError(`${name} must be a number of days ≥ 0, got "${raw}"`);
  return days;
}

/** RETENTION_DAYS: how long a deleted visit stays restorable (default 30). */
export function retentionDays(env: NodeJS.ProcessEnv = process.env): number {
  return daysFromEnv(env, 'RETENTION_DAYS', DEFAULT_RETENTION_DAYS);
}

export const DEFAULT_ORPHAN_GRACE_DAYS = 7;

/** ORPHAN_GRACE_DAYS: how long stored photo bytes may wait for a row that references them (default 7). */
export function orphanGraceDays(env: NodeJS.ProcessEnv = process.env): number {
  return daysFromEnv(env, 'ORPHAN_GRACE_DAYS', DEFAULT_ORPHAN_GRACE_DAYS);
}

/** What retention needs of the photo storage: deleting bytes (nothing happens when they are gone). */
export type PhotoDeleter = Pick<PhotoStorage, 'delete'>;

/**
 * Deletes forgotten photo bytes after the commit that forgot them (a crash in between leaves an
 * unreferenced object, never a row without bytes), each under the lock of its hash: an upload of
 * the same bytes stores row and object under that lock too (blob-store.ts finalize), so bytes
 * stored again meanwhile are kept, and a delete never lands after such a store.
 */
export async function deleteForgottenBytes(
  db: ServerDb,
  photos: PhotoDeleter,
  hashes: readonly string[],
): Promise<number> {
  let deleted = 0;
  for (const sha of hashes) {
    const gone = await db.writeTxOutsideFeed(async (tx) => {
      await tx.blobs.lockBytes(sha);
      if (await tx.blobs.blob(sha)) return false; // stored again since: keep
      await photos.delete(sha);
      return true;
    });
    if (gone) deleted++;
  }
  return deleted;
}

/** The ISO time `days` before `now`. */
const daysBefore = (now: Date, days: number) =>
  new Date(now.getTime() - days * 86_400_000).toISOString();

/**
 * Deletes orphan photo bytes (docs/architecture.md §Server storage): stored more than `graceDays`
 * ago, referenced by no row (a deleted, restorable row keeps them; a purged one does not), no
 * upload of them open, and no device of their senders that could still send a row for them.
 * Forgets them in one write transaction; the bytes go after its commit (deleteForgottenBytes).
 */
export async function sweepOrphans(
  db: ServerDb,
  photos: PhotoDeleter,
  now: Date,
  graceDays: number,
): Promise<{ photoFiles: number }> {
  const cutoff = daysBefore(now, graceDays);
  const forgotten = await db.purgeTx(async (tx) => {
    const hashes: string[] = [];
    for (const sha of await tx.retention.orphanBlobs(cutoff))
      if (await tx.retention.forgetIfUnreferenced(sha)) hashes.push(sha);
    return hashes;
  });
  return { photoFiles: await deleteForgottenBytes(db, photos, forgotten) };
}

export type PurgeReport = { visits: number; rows: number; photoFiles: number };

/** photos: where the blob store keeps the bytes (BlobStore.storage). */
export async function purgeExpired(
  db: ServerDb,
  photos: PhotoDeleter,
  now: Date,
  days: number,
): Promise<PurgeReport> {
  const cutoff = daysBefore(now, days);
  const { visits, rows, forgotten } = await db.purgeTx(async (tx) => {
    const ids = await tx.retention.expiredVisits(cutoff);
    let count = 0;
    const hashes = new Set<string>();
    for (const id of ids) {
      const purged = await tx.retention.purgeVisit(id);
      count += purged.rows;
      for (const h of purged.hashes) hashes.add(h);
    }
    const forgotten: string[] = [];
    for (const h of hashes) if (await tx.retention.forgetIfUnreferenced(h)) forgotten.push(h);
    return { visits: ids.length, rows: count, forgotten };
  });
  await deleteForgottenBytes(db, photos, forgotten);
  return { visits, rows, photoFiles: forgotten.length };
}
