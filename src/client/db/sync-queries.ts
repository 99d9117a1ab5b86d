// Read helpers behind the visible sync state (docs/architecture.md invariant I8): what waits, how old,
// last success, open conflicts and rejections — globally and per visit. Read-only; the UI
// observes them with `observe()` so every tab sees the same IndexedDB state live.
import { liveQuery } from 'dexie';
import type { ConflictRecord } from '../../shared/protocol';
import type { EntityName } from '../../shared/domain/schemas';
import { META } from './meta-keys';
import {
  type AppDb,
  type BlobStateRow,
  type LocalRejection,
  TABLE_OF,
  syncedTransaction,
} from './schema';

export type SyncErrorInfo = { code: string; message: string; at: number | string };

export type SyncSummary = {
  /** Outbox entries not yet accepted by the server. */
  pending: number;
  /** Accepted by the server but not yet confirmed by a pull. */
  unconfirmed: number;
  /** Epoch ms of the oldest entry still in the outbox (pending or unconfirmed), or null. */
  oldestWaitingAt: number | null;
  openConflicts: number;
  openRejections: number;
  /** Photos whose bytes the server has not verified yet (waitingForServer). */
  photosWaiting?: number;
  /** Photos the server refuses for now because the account's photo quota is full (blobState.refused). */
  photosRefused?: number;
  lastSyncOkAt: string | null;
  lastSyncError: SyncErrorInfo | null;
};

export type VisitSyncSummary = Omit<SyncSummary, 'lastSyncOkAt' | 'lastSyncError'> & {
  /** Last error recorded on one of this visit's outbox entries. */
  lastError: string | null;
};

async function metaValue(db: AppDb, key: string): Promise<unknown> {
  return (await db.meta.get(key))?.value;
}

function asSyncError(v: unknown): SyncErrorInfo | null {
  if (!v || typeof v !== 'object') return null;
  const e = v as Partial<SyncErrorInfo>;
  return typeof e.message === 'string'
    ? { code: String(e.code ?? 'error'), message: e.message, at: e.at ?? '' }
    : null;
}

/** Global state for the header indicator. */
export async function syncSummary(db: AppDb): Promise<SyncSummary> {
  const tables = [db.outbox, db.meta, db.conflicts, db.rejections, db.blobState, db.photos];
  return db.transaction('r', tables, async () => {
    const pending = await db.outbox.where('state').equals('pending').count();
    const oldest = await db.outbox.orderBy('clientSeq').first();
    const okAt = await metaValue(db, META.lastSyncOkAt);
    return {
      pending,
      unconfirmed: await db.outbox.where('state').equals('acked').count(),
      oldestWaitingAt: oldest ? oldest.createdAt : null,
      openConflicts: await db.conflicts.where('status').equals('open').count(),
      openRejections: await db.rejections.where('resolved').equals(0).count(),
      photosWaiting: await countPhotosWaiting(db),
      photosRefused: await db.blobState
        .where('state')
        .anyOf(UNVERIFIED)
        .filter((b) => b.refused !== undefined)
        .count(),
      lastSyncOkAt: typeof okAt === 'string' ? okAt : null,
      lastSyncError: asSyncError(await metaValue(db, META.lastSyncError)),
    };
  });
}

/** The visit a record belongs to (conflicts and rejections carry only entity + id). */
export async function visitOfRecord(
  db: AppDb,
  entity: string,
  entityId: string,
): Promise<string | null> {
  if (entity === 'visit') return entityId;
  if (!(entity in TABLE_OF) || entity === 'site') return null;
  const row = (await db.entityTable(entity as EntityName).get(entityId)) as
    { visitId?: string } | undefined;
  return row?.visitId ?? null;
}

/** State for one visit's badge. */
export async function visitSyncSummary(appDb: AppDb, visitId: string): Promise<VisitSyncSummary> {
  const more = [appDb.outbox, appDb.conflicts, appDb.rejections, appDb.blobState];
  return syncedTransaction(appDb, 'r', more, async (db) => {
    const rows = await db.outbox.where('visitId').equals(visitId).toArray();
    const pending = rows.filter((e) => e.state === 'pending');
    const conflicts = await openConflicts(db);
    const rejections = await openRejections(db);
    let openC = 0;
    for (const c of conflicts)
      if ((await visitOfRecord(db, c.entity, c.entityId)) === visitId) openC++;
    let openR = 0;
    for (const r of rejections)
      if ((await visitOfRecord(db, r.entity, r.entityId)) === visitId) openR++;
    const withError = pending
      .filter((e) => e.lastError)
      .sort((a, b) => b.clientSeq - a.clientSeq)[0];
    return {
      pending: pending.length,
      unconfirmed: rows.length - pending.length,
      oldestWaitingAt: rows.reduce<number | null>(
        (min, e) => (min === null || e.createdAt < min ? e.createdAt : min),
        null,
      ),
      openConflicts: openC,
      openRejections: openR,
      photosWaiting: await countPhotosWaiting(db, visitId),
      lastError: withError?.lastError ?? null,
    };
  });
}

export function openConflicts(db: AppDb): Promise<ConflictRecord[]> {
  return db.conflicts.where('status').equals('open').sortBy('createdAt');
}

export function openRejections(db: AppDb): Promise<LocalRejection[]> {
  return db.rejections.where('resolved').equals(0).sortBy('createdAt');
}

/** Photo bytes on this device whose upload the server has not verified yet (§Upload step 5). */
const UNVERIFIED: readonly BlobStateRow['state'][] = ['local', 'uploading'];

/** What still waits for the server: nothing on this device may be deleted while it is not zero. */
export type Waiting = {
  /** Outbox entries (pending or acked but not yet pulled back). */
  changes: number;
  /** Photos whose image or thumbnail bytes are not verified on the server (bytes no photo row
   * names count one each, so waiting bytes are never reported as nothing). */
  photos: number;
};

/**
 * The ONE answer to "does anything still wait for the server?" (docs/architecture.md §Device
 * safety): logout, the header indicator, the visit badge and the "unsynced" backup all use it.
 * `visitId` narrows it to one visit.
 */
export function waitingForServer(db: AppDb, visitId?: string): Promise<Waiting> {
  return db.transaction('r', [db.outbox, db.blobState, db.photos], async () => ({
    changes:
      visitId === undefined
        ? await db.outbox.count()
        : await db.outbox.where('visitId').equals(visitId).count(),
    photos: await countPhotosWaiting(db, visitId),
  }));
}

/** Waiting.photos, inside a transaction the caller opened (over blobState and photos). */
async function countPhotosWaiting(db: AppDb, visitId?: string): Promise<number> {
  const hashes = new Set(
    (await db.blobState.where('state').anyOf(UNVERIFIED).primaryKeys()) as string[],
  );
  if (hashes.size === 0) return 0;
  const named = new Set<string>();
  let photos = 0;
  const rows =
    visitId === undefined
      ? await db.photos.toArray()
      : await db.photos.where('visitId').equals(visitId).toArray();
  for (const p of rows) {
    if (hashes.has(p.sha256) || hashes.has(p.thumbSha256)) photos++;
    named.add(p.sha256);
    named.add(p.thumbSha256);
  }
  if (visitId === undefined) for (const h of hashes) if (!named.has(h)) photos++;
  return photos;
}

/**
 * Runs `query` now and again after every IndexedDB change it read from, in this tab or any other
 * (Dexie liveQuery uses BroadcastChannel across tabs). Returns the unsubscribe function.
 */
export function observe<T>(
  query: () => Promise<T>,
  onValue: (v: T) => void,
  onError: (e: unknown) => void = () => {},
): () => void {
  const sub = liveQuery(query).subscribe({ next: onValue, error: onError });
  return () => sub.unsubscribe();
}
