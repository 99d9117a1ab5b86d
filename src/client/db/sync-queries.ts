// Read helpers behind the visible sync state (docs/architecture.md invariant I8): what waits, how old,
// last success, open conflicts and rejections — globally and per visit. Read-only; the UI
// observes them with `observe()` so every tab sees the same IndexedDB state live.
import { liveQuery } from 'dexie';
import type { ConflictRecord } from '../../shared/protocol';
import type { EntityName } from '../../shared/domain/schemas';
import { META } from './meta-keys';
import { type AppDb, type LocalRejection, TABLE_OF, syncedTransaction } from './schema';

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
  return db.transaction('r', [db.outbox, db.meta, db.conflicts, db.rejections], async () => {
    const pending = await db.outbox.where('state').equals('pending').count();
    const oldest = await db.outbox.orderBy('clientSeq').first();
    const okAt = await metaValue(db, META.lastSyncOkAt);
    return {
      pending,
      unconfirmed: await db.outbox.where('state').equals('acked').count(),
      oldestWaitingAt: oldest ? oldest.createdAt : null,
      openConflicts: await db.conflicts.where('status').equals('open').count(),
      openRejections: await db.rejections.where('resolved').equals(0).count(),
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
  const more = [appDb.outbox, appDb.conflicts, appDb.rejections];
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

/** Number of outbox entries not yet confirmed (pending or acked): logout must wait for 0. */
export function outboxCount(db: AppDb): Promise<number> {
  return db.outbox.count();
}

/** The current local row of a record (for showing context next to a conflict or rejection). */
export async function recordOf(
  db: AppDb,
  entity: string,
  entityId: string,
): Promise<Record<string, unknown> | null> {
  if (!(entity in TABLE_OF)) return null;
  return (
    ((await db.entityTable(entity as EntityName).get(entityId)) as
      Record<string, unknown> | undefined) ?? null
  );
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

export type WithVisit<T> = T & { visitId: string | null };

/** Open conflicts with the visit they belong to, oldest first (for the conflicts view). */
export async function openConflictsWithVisit(db: AppDb): Promise<WithVisit<ConflictRecord>[]> {
  const list = await openConflicts(db);
  return Promise.all(
    list.map(async (c) => ({ ...c, visitId: await visitOfRecord(db, c.entity, c.entityId) })),
  );
}

/** Open rejections with their visit and the current local row, so the user can edit and resend. */
export async function openRejectionsWithRecord(
  db: AppDb,
): Promise<WithVisit<LocalRejection & { record: Record<string, unknown> | null }>[]> {
  const list = await openRejections(db);
  return Promise.all(
    list.map(async (r) => ({
      ...r,
      visitId: await visitOfRecord(db, r.entity, r.entityId),
      record: await recordOf(db, r.entity, r.entityId),
    })),
  );
}
