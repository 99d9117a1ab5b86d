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

/** The ISO time `days` before `now`. */
const daysBefore = (now: Date, days: number) =>
  new Date(now.getTime() - days * 86_400_000).toISOString();

/**
 * Deletes orphan photo bytes (docs/architecture.md §Server storage): stored more than `graceDays`
 * ago, referenced by no row (a deleted, restorable row keeps them; a purged one does not), no
 * upload of them open, and no device of their senders that could still send a row for them.
 * Runs in one write transaction and deletes each file inside it: an upload of the same bytes
 * finishing meanwhile commits after it and puts its bytes again (blob-store.ts finalize).
 */
export async function sweepOrphans(
  db: ServerDb,
  photos: PhotoDeleter,
  now: Date,
  graceDays: number,
): Promise<{ photoFiles: number }> {
  const cutoff = daysBefore(now, graceDays);
  const photoFiles = await db.purgeTx(async (tx) => {
    let n = 0;
    for (const sha of await tx.retention.orphanBlobs(cutoff)) {
      if (!(await tx.retention.forgetIfUnreferenced(sha))) continue;
      await photos.delete(sha);
      n++;
    }
    return n;
  });
  return { photoFiles };
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
  // Photo bytes go inside the transaction, like the orphan sweep's: an upload of the same bytes
  // finishing meanwhile commits its row only after this commit and then puts its bytes again
  // (blob-store.ts finalize), so no row is left without bytes. A crash before the commit leaves
  // the purged visit's rows, deleted and past retention, without their bytes; the next purge
  // removes them.
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
    for (const h of hashes)
      if (await tx.retention.forgetIfUnreferenced(h)) {
        await photos.delete(h);
        forgotten.push(h);
      }
    return { visits: ids.length, rows: count, forgotten };
  });
  return { visits, rows, photoFiles: forgotten.length };
}
