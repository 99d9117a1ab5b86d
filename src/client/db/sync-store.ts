// The sync engine's small reads and writes outside the apply transaction: device id,
// next push batch, durable engine status in `meta`, and a reset before a full refetch.
import { MAX_MUTATIONS_PER_PUSH } from '../../shared/protocol';
import { newId } from './ids';
import { META } from './meta-keys';
import { type AppDb, type OutboxEntry, TABLE_OF, syncedTransaction } from './schema';
import { outboxHighWater } from './write';

export type SyncErrorInfo = { code: string; message: string; at: number };
export type SyncStatusMeta = {
  lastSyncOkAt: number | null;
  lastSyncError: SyncErrorInfo | null;
  nextRetryAt: number | null;
};

/** This database's device id: created once (UUIDv7), never changed; a reinstall is a new device. */
export async function ensureClientId(db: AppDb): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get(META.clientId);
    if (typeof row?.value === 'string') return row.value;
    const id = newId();
    await db.meta.put({ key: META.clientId, value: id });
    return id;
  });
}

export type PushInput = { cursor: string | null; highWater: number; entries: OutboxEntry[] };

/**
 * Read the cursor and the next entries to push in one snapshot.
 * Normally the pending entries in clientSeq order; after a 409 gap every entry from `fromSeq`
 * on, acked ones included (the server lost them, so they must travel again).
 */
export async function readPushInput(
  db: AppDb,
  fromSeq: number | null,
  limit = MAX_MUTATIONS_PER_PUSH,
): Promise<PushInput> {
  return db.transaction('r', [db.outbox, db.meta], async () => {
    const cursorRow = await db.meta.get(META.cursor);
    const entries =
      fromSeq === null
        ? await db.outbox.where('state').equals('pending').limit(limit).toArray()
        : await db.outbox.where('clientSeq').aboveOrEqual(fromSeq).limit(limit).toArray();
    entries.sort((a, b) => a.clientSeq - b.clientSeq);
    const cursor = typeof cursorRow?.value === 'string' ? cursorRow.value : null;
    return { cursor, highWater: await outboxHighWater(db), entries };
  });
}

export async function countPending(db: AppDb): Promise<number> {
  return db.outbox.where('state').equals('pending').count();
}

/** Count a failed push on its entries, so the UI can show "tried n times: <error>". */
export async function recordPushFailure(
  db: AppDb,
  clientSeqs: number[],
  message: string,
): Promise<void> {
  if (clientSeqs.length === 0) return;
  await db.transaction('rw', db.outbox, async () => {
    await db.outbox
      .where('clientSeq')
      .anyOf(clientSeqs)
      .modify((e) => {
        e.attempts += 1;
        e.lastError = message;
      });
  });
}

export async function readSyncStatus(db: AppDb): Promise<SyncStatusMeta> {
  const [ok, err, retry] = await db.meta.bulkGet([
    META.lastSyncOkAt,
    META.lastSyncError,
    META.syncNextRetryAt,
  ]);
  return {
    lastSyncOkAt:
      typeof ok?.value === 'number'
        ? ok.value
        : typeof ok?.value === 'string'
          ? Date.parse(ok.value)
          : null,
    lastSyncError: (err?.value as SyncErrorInfo | undefined) ?? null,
    nextRetryAt: typeof retry?.value === 'number' ? retry.value : null,
  };
}

/** Persist the durable part of the engine state (every tab and the UI read it from here). */
export async function writeSyncStatus(db: AppDb, patch: Partial<SyncStatusMeta>): Promise<void> {
  const keyOf = {
    lastSyncOkAt: META.lastSyncOkAt,
    lastSyncError: META.lastSyncError,
    nextRetryAt: META.syncNextRetryAt,
  } as const;
  await db.transaction('rw', db.meta, async () => {
    for (const [k, v] of Object.entries(patch) as [keyof SyncStatusMeta, unknown][]) {
      if (v === null || v === undefined) await db.meta.delete(keyOf[k]);
      else
        await db.meta.put({
          key: keyOf[k],
          value: k === 'lastSyncOkAt' ? new Date(v as number).toISOString() : v,
        });
    }
  });
}

/**
 * Server asked for a reset (cursor too old, scope changed): forget the server-owned state so a
 * refetch from cursor null rebuilds it. Rows this device still has mutations for stay (they are
 * the user's unsynced work); outbox, rejections and blobs are never touched.
 */
export async function resetForRefetch(appDb: AppDb): Promise<void> {
  const more = [appDb.outbox, appDb.meta, appDb.conflicts];
  await syncedTransaction(appDb, 'rw', more, async (db) => {
    const keep = new Set((await db.outbox.toArray()).map((e) => `${e.entity}:${e.entityId}`));
    for (const [entity, t] of Object.entries(TABLE_OF)) {
      const ids = (await db[t].toCollection().primaryKeys()) as string[];
      await db[t].bulkDelete(ids.filter((id) => !keep.has(`${entity}:${id}`)));
    }
    await db.conflicts.clear();
    await db.meta.delete(META.cursor);
  });
}

/** Sync leader heartbeat (multi-tab): epoch ms of the leader's last proof of life. */
export const leaderHeartbeat = (db: AppDb) => ({
  async read(): Promise<number | null> {
    const v = (await db.meta.get(META.syncLeaderHeartbeatAt))?.value;
    return typeof v === 'number' ? v : null;
  },
  async write(at: number): Promise<void> {
    await db.meta.put({ key: META.syncLeaderHeartbeatAt, value: at });
  },
});
