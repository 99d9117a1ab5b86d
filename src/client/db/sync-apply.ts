// Apply one sync response in ONE read-write transaction (docs/architecture.md §Apply):
// acks, rejections, pulled rows rebased under this device's unsynced mutations, covered
// outbox entries removed and the cursor advanced — all or nothing, so a crash at any
// point leaves either the old or the new state, and a replayed response is harmless.
import type { EntityName } from '../../shared/domain/schemas';
import type { Change, ConflictRecord, SyncResponse } from '../../shared/protocol';
import {
  type OverlayEntry,
  type ServerBase,
  type StoredRow,
  rebase,
} from '../../shared/sync/rebase';
import { resolutionOverlay } from '../../shared/sync/resolution-overlay';
import { withQueuedEdit } from './authors';
import { META } from './meta-keys';
import { journalEntries } from './sync-store';
import { rebuildRows } from './sync-apply-bulk';
import {
  type AppDb,
  type LocalRejection,
  type OutboxEntry,
  TABLE_OF,
  syncedTransaction,
} from './schema';

export type ApplySummary = {
  acked: number;
  rejected: number;
  pulled: number;
  cursor: string;
  reset: boolean;
};

const key = (entity: string, id: string) => `${entity}\u0000${id}`;
const maxCursor = (a: string | null, b: string): string =>
  a !== null && BigInt(a) > BigInt(b) ? a : b;

export async function applySyncResponse(
  appDb: AppDb,
  res: SyncResponse,
  clientId: string,
  now: number = Date.now(),
): Promise<ApplySummary> {
  const more = [appDb.outbox, appDb.meta, appDb.conflicts, appDb.rejections];
  return syncedTransaction(appDb, 'rw', more, async (db) => {
    const touched = new Map<
      string,
      { entity: EntityName; id: string; base?: ServerBase; version?: number }
    >();
    const touch = (entity: EntityName, id: string) => {
      const k = key(entity, id);
      let t = touched.get(k);
      if (!t) touched.set(k, (t = { entity, id }));
      return t;
    };
    let acked = 0;
    let rejected = 0;
    // Entries leaving the outbox are kept as the journal (docs/adr/0006-device-recovery.md).
    const finished: OutboxEntry[] = [];
    // A finished entry no longer overlays its row; a finished resolution hands its conflict
    // record and its record back to the server's state (someone else may have decided first).
    const done = async (e: OutboxEntry) => {
      if (e.entity !== 'conflictResolution') return void touch(e.entity, e.entityId);
      const c = await settleResolution(db, e.entityId);
      if (c) touch(c.entity, c.entityId);
    };

    // 1. Results: applied/duplicate/conflict → acked with the server seq of the write;
    //    no seq (nothing written) → done now; rejected → local dead letter, out of the queue
    //    (every entry leaving the queue goes to the journal, step 4).
    for (const r of res.results) {
      const entry = await db.outbox.get(r.clientSeq);
      if (!entry || entry.id !== r.id) continue; // already handled by another tab or round
      // A replayed rejection comes back as 'duplicate' carrying the stored error.
      if (r.status === 'rejected' || (r.status === 'duplicate' && r.error !== undefined)) {
        await db.outbox.delete(entry.clientSeq);
        finished.push(entry);
        await addLocalRejection(db, entry, clientId, r.error);
        rejected++;
      } else if (r.serverSeq === undefined) {
        await db.outbox.delete(entry.clientSeq);
        finished.push(entry);
        await done(entry);
        acked++;
      } else if (entry.state !== 'acked' || entry.serverSeq !== r.serverSeq) {
        await db.outbox.update(entry.clientSeq, {
          state: 'acked',
          serverSeq: r.serverSeq,
          lastError: undefined,
        });
        acked++;
      }
    }

    // 2. Cursor never goes back (a late or duplicated response must not rewind it).
    const cursorRow = await db.meta.get(META.cursor);
    const oldCursor = typeof cursorRow?.value === 'string' ? cursorRow.value : null;
    const cursor = maxCursor(oldCursor, res.cursor);
    const stale = oldCursor !== null && BigInt(res.cursor) < BigInt(oldCursor);

    // 3. Pulled changes in seq order. A stale response (another tab already went further)
    //    only contributes its results: its rows may be older than what we hold.
    if (!stale) {
      for (const c of res.changes) {
        if (c.entity === 'conflict') await applyConflict(db, c);
        else if (c.entity === 'rejection') await applyRejection(db, c);
        else {
          const t = touch(c.entity, c.entityId);
          t.base = { row: c.row, deleted: c.deleted, ...(c.meta ? { meta: c.meta } : {}) };
          t.version = c.version;
        }
      }
    }

    // 4. Acked entries whose write the cursor now covers are done: the pulled row shows them.
    //    They, and the entries finished in step 1, are kept in the journal (pruned there).
    const covered = await db.outbox
      .where('state')
      .equals('acked')
      .filter((e) => e.serverSeq !== undefined && BigInt(e.serverSeq) <= BigInt(cursor))
      .toArray();
    await db.outbox.bulkDelete(covered.map((e) => e.clientSeq));
    for (const e of covered) await done(e);
    await journalEntries(db, [...finished, ...covered], now);

    // 5. Rebuild every touched row: server base ⊕ remaining outbox entries (pending, or acked
    //    but not yet pulled), in clientSeq order, each keeping its original baseVersion.
    //    Rows no queued change overlays are written in bulk (sync-apply-bulk.ts).
    await rebuildRows(db, [...touched.values()], rebuildRow);

    // 6. Cursor in the same transaction as the rows it describes.
    await db.meta.put({ key: META.cursor, value: cursor });
    return {
      acked,
      rejected,
      pulled: stale ? 0 : res.changes.length,
      cursor,
      reset: res.reset !== undefined,
    };
  });
}

/** Also used by discardRejection (client/db/conflict-mutators.ts) inside its own transaction. */
export async function rebuildRow(
  db: AppDb,
  entity: EntityName,
  id: string,
  pulled: ServerBase | undefined,
  pulledVersion: number | undefined,
) {
  const table = db[TABLE_OF[entity]] as unknown as {
    get(id: string): Promise<StoredRow | undefined>;
    put(r: object): Promise<unknown>;
    delete(id: string): Promise<void>;
  };
  const current = await table.get(id);
  // A row older than the one we hold (late response of a concurrent round) never wins.
  const fresh = pulled !== undefined && (pulledVersion ?? 0) >= (current?._v ?? 0);
  // A row without a pulled base (created here, or written by an import) serves as its own
  // base: replaying the overlay on it again is idempotent, dropping its fields would not be.
  const base =
    (fresh ? pulled : (current?._base ?? (current ? ownBase(current) : undefined))) ?? null;
  const version = (fresh ? pulledVersion : current?._v) ?? 0;
  const entries = await overlayEntries(db, entity, id);
  if (!base && entries.length === 0) {
    // Nothing from the server and nothing queued: a row only this device knows keeps its state
    // (e.g. after a rejected create); a purge from the server removes it.
    if (!fresh && current) return;
    if (current) await table.delete(id);
    return;
  }
  const row = rebase(id, version, base, entries);
  if (row && !fresh && !current?._base) delete row._base; // never store a local row as if the server sent it
  if (row && entries.length > 0) {
    const by = withQueuedEdit(row._by, current?._by);
    if (by) row._by = by;
  }
  if (row) await table.put(row);
  else if (current) await table.delete(id);
}

function ownBase(row: StoredRow): ServerBase {
  // `_by` stays among the fields: rebase puts it back on the row.
  const { _v, _deleted, _base, ...fields } = row;
  return { row: fields, deleted: _deleted === 1 };
}

/** The row's own queued mutations plus queued resolutions of its conflicts, in clientSeq order. */
async function overlayEntries(db: AppDb, entity: EntityName, id: string): Promise<OverlayEntry[]> {
  const own: (OverlayEntry & { clientSeq: number })[] = await db.outbox
    .where('[entity+entityId]')
    .equals([entity, id])
    .filter((e) => e.discarded !== 1) // a discarded change no longer shows
    .toArray();
  for (const c of await db.conflicts.where('entityId').equals(id).toArray()) {
    if (c.entity !== entity) continue;
    for (const r of await db.outbox
      .where('[entity+entityId]')
      .equals(['conflictResolution', c.id])
      .toArray()) {
      own.push(...resolutionOverlay(c, r.fields).map((o) => ({ ...o, clientSeq: r.clientSeq })));
    }
  }
  return own.sort((a, b) => a.clientSeq - b.clientSeq);
}

/** Conflict records keep the server's copy (`_server`) so a local decision can be undone. */
type StoredConflict = ConflictRecord & { _server?: ConflictRecord };

async function applyConflict(db: AppDb, c: Change) {
  if (c.deleted || !c.row) {
    await db.conflicts.delete(c.entityId);
    return;
  }
  const { _server: _, ...server } = { ...(c.row as StoredConflict), id: c.entityId };
  // A resolution still in the outbox wins locally until the server reports it resolved.
  const queued = await db.outbox
    .where('[entity+entityId]')
    .equals(['conflictResolution', c.entityId])
    .last();
  const resolution = queued?.fields['resolution'] as ConflictRecord['resolution'] | undefined;
  const shown =
    queued && server.status === 'open'
      ? { ...server, status: 'resolved' as const, resolution: resolution ?? null }
      : server;
  await db.conflicts.put({ ...shown, _server: server } as StoredConflict);
}

/** Once no resolution of this conflict is queued any more, show the server's record again. */
async function settleResolution(
  db: AppDb,
  conflictId: string,
): Promise<ConflictRecord | undefined> {
  const c = (await db.conflicts.get(conflictId)) as StoredConflict | undefined;
  if (!c) return undefined;
  const queued = await db.outbox
    .where('[entity+entityId]')
    .equals(['conflictResolution', conflictId])
    .count();
  if (queued === 0 && c._server)
    await db.conflicts.put({ ...c._server, _server: c._server } as StoredConflict);
  return c;
}

async function applyRejection(db: AppDb, c: Change) {
  if (c.deleted || !c.row) {
    await db.rejections.delete(c.entityId);
    return;
  }
  const server = { ...(c.row as LocalRejection), id: c.entityId };
  // Replace the placeholder made from the push result, keeping the user's "resolved" mark.
  const local = await db.rejections
    .where('entityId')
    .equals(server.entityId)
    .filter((r) => r.mutationId === server.mutationId)
    .toArray();
  const resolved = local.some((r) => r.resolved === 1) ? 1 : 0;
  await db.rejections.bulkDelete(local.map((r) => r.id).filter((id) => id !== server.id));
  await db.rejections.put({
    ...server,
    resolved: (await db.rejections.get(server.id))?.resolved ?? resolved,
  });
}

async function addLocalRejection(
  db: AppDb,
  e: OutboxEntry,
  clientId: string,
  error: { code: string; message: string; path?: string } | undefined,
) {
  const existing = await db.rejections
    .where('entityId')
    .equals(e.entityId)
    .filter((r) => r.mutationId === e.id)
    .count();
  if (existing > 0) return;
  await db.rejections.put({
    id: e.id,
    mutationId: e.id,
    clientId,
    entity: e.entity,
    entityId: e.entityId,
    code: error?.code ?? 'rejected',
    message: error?.message ?? '',
    path: error?.path ?? null,
    payload: { op: e.op, fields: e.fields, baseVersion: e.baseVersion, clientSeq: e.clientSeq },
    createdAt: new Date(e.createdAt).toISOString(),
    resolved: e.discarded === 1 ? 1 : 0, // the user already discarded this change
  });
}
