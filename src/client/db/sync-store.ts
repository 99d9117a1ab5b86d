// The sync engine's small reads and writes outside the apply transaction: device id,
// next push batch, durable engine status in `meta`, and a reset before a full refetch.
import type { Table } from 'dexie';
import { MAX_MUTATIONS_PER_PUSH } from '../../shared/protocol';
import type { StoredRow } from '../../shared/sync/rebase';
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

export type PushInput = {
  clientId: string;
  cursor: string | null;
  highWater: number;
  entries: OutboxEntry[];
  /** fromSeq given: the entries run gap-free from fromSeq (journal + outbox can fill the gap). */
  covered: boolean;
  /** The clientSeqs of `entries` that came from the journal (acknowledged once before). */
  fromJournal: number[];
};

/**
 * Read the device id, the cursor and the next entries to push in one snapshot.
 * Normally the pending entries in clientSeq order; after a 409 gap every entry from `fromSeq`
 * on: journal entries and outbox entries, acked ones included (the server lost them, so they
 * must travel again with their original ids, seqs and baseVersions).
 */
export async function readPushInput(
  db: AppDb,
  fromSeq: number | null,
  limit = MAX_MUTATIONS_PER_PUSH,
): Promise<PushInput> {
  return db.transaction('r', [db.outbox, db.meta], async () => {
    const [cursorRow, idRow] = await db.meta.bulkGet([META.cursor, META.clientId]);
    let entries: OutboxEntry[];
    let fromJournal: number[] = [];
    let covered = true;
    if (fromSeq === null) {
      entries = await db.outbox.where('state').equals('pending').limit(limit).toArray();
      entries.sort((a, b) => a.clientSeq - b.clientSeq);
    } else {
      const journaled = (await journalFrom(db, fromSeq).limit(limit).toArray()).map(
        (r) => (r.value as JournalRow).entry,
      );
      const queued = await db.outbox
        .where('clientSeq')
        .aboveOrEqual(fromSeq)
        .limit(limit)
        .toArray();
      entries = [...journaled, ...queued]
        .sort((a, b) => a.clientSeq - b.clientSeq)
        .filter((e, i, all) => i === 0 || all[i - 1]!.clientSeq !== e.clientSeq)
        .slice(0, limit);
      fromJournal = entries.filter((e) => journaled.includes(e)).map((e) => e.clientSeq);
      covered = entries.length > 0 && entries.every((e, i) => e.clientSeq === fromSeq + i);
    }
    const cursor = typeof cursorRow?.value === 'string' ? cursorRow.value : null;
    const clientId = typeof idRow?.value === 'string' ? idRow.value : '';
    return {
      clientId,
      cursor,
      highWater: await outboxHighWater(db),
      entries,
      covered,
      fromJournal,
    };
  });
}

// ── the sync journal (docs/adr/0006-device-recovery.md) ─────────────────────────────────────
/** Acknowledged entries are kept this long after §Apply removed them from the outbox… */
export const JOURNAL_KEEP_MS = 30 * 24 * 60 * 60 * 1000;
/** …and at most this many (the newest). */
export const JOURNAL_MAX_ENTRIES = 5000;

type JournalRow = { entry: OutboxEntry; doneAt: number };
const journalKey = (clientSeq: number) =>
  `${META.journalPrefix}${String(clientSeq).padStart(12, '0')}`;
const journalAll = (db: AppDb) =>
  db.meta.where('key').between(META.journalPrefix, `${META.journalPrefix}\uffff`);
const journalFrom = (db: AppDb, fromSeq: number) =>
  db.meta.where('key').between(journalKey(fromSeq), `${META.journalPrefix}\uffff`);

/**
 * Keep entries §Apply removes from the outbox (answered, pulled back, or rejected) as the journal,
 * then prune it to JOURNAL_KEEP_MS / JOURNAL_MAX_ENTRIES. Runs inside the caller's transaction
 * (which must include `meta`).
 */
export async function journalEntries(
  db: AppDb,
  entries: readonly OutboxEntry[],
  now: number,
): Promise<void> {
  if (entries.length === 0) return;
  await db.meta.bulkPut(
    entries.map((e) => {
      const { lastError: _, ...entry } = e;
      return { key: journalKey(e.clientSeq), value: { entry, doneAt: now } satisfies JournalRow };
    }),
  );
  const total = await journalAll(db).count();
  if (total > JOURNAL_MAX_ENTRIES)
    await db.meta.bulkDelete(
      (await journalAll(db)
        .limit(total - JOURNAL_MAX_ENTRIES)
        .primaryKeys()) as string[],
    );
  const oldest = (await journalAll(db).first())?.value as JournalRow | undefined;
  if (oldest && oldest.doneAt < now - JOURNAL_KEEP_MS) {
    const stale = await journalAll(db)
      .filter((r) => (r.value as JournalRow).doneAt < now - JOURNAL_KEEP_MS)
      .primaryKeys();
    await db.meta.bulkDelete(stale as string[]);
  }
}

/** Forget the whole journal (a new device identity starts its own). */
export async function dropJournal(db: AppDb): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    await db.meta.bulkDelete((await journalAll(db).primaryKeys()) as string[]);
  });
}

/** The highest clientSeq the server has acknowledged to this device (journal or acked entries). */
export async function highestAcknowledged(db: AppDb): Promise<number> {
  return db.transaction('r', [db.outbox, db.meta], async () => {
    const last = (await journalAll(db).last())?.value as JournalRow | undefined;
    const acked = await db.outbox.where('state').equals('acked').primaryKeys();
    return Math.max(last?.entry.clientSeq ?? 0, ...(acked as number[]));
  });
}

/**
 * Take a new device identity (docs/adr/0006-device-recovery.md): the server cannot continue this
 * device's numbering (a copied or rolled-back profile, or a restored server whose gap the
 * journal cannot fill). In ONE transaction: a new clientId, every outbox entry plus the journal
 * entries from `fromSeq` on (the server lacks those) renumbered 1..n in their order as pending,
 * keeping mutation ids, fields and baseVersions, the rest of the journal dropped and the device
 * sequence continued after n. The server answers a mutation id it already applied for this
 * account as a duplicate, so nothing is applied twice. When another tab already renewed the
 * identity (`expectedClientId` is stale), nothing changes.
 */
export async function renewIdentity(
  db: AppDb,
  expectedClientId: string,
  fromSeq: number,
): Promise<{ clientId: string; renumbered: number }> {
  return db.transaction('rw', [db.outbox, db.meta], async () => {
    const current = (await db.meta.get(META.clientId))?.value;
    if (typeof current === 'string' && current !== expectedClientId)
      return { clientId: current, renumbered: 0 };
    const journaled = (await journalFrom(db, fromSeq).toArray()).map(
      (r) => (r.value as JournalRow).entry,
    );
    const queued = await db.outbox.toArray();
    const seen = new Set<number>();
    const all = [...journaled, ...queued]
      .sort((a, b) => a.clientSeq - b.clientSeq)
      .filter((e) => !seen.has(e.clientSeq) && seen.add(e.clientSeq));
    await db.outbox.clear();
    await db.meta.bulkDelete((await journalAll(db).primaryKeys()) as string[]);
    const renumbered = all.map((e, i): OutboxEntry => {
      const { serverSeq: _, ...rest } = e;
      return { ...rest, clientSeq: i + 1, state: 'pending' };
    });
    await db.outbox.bulkAdd(renumbered);
    const clientId = newId();
    await db.meta.bulkPut([
      { key: META.clientId, value: clientId },
      { key: META.nextClientSeq, value: renumbered.length + 1 },
    ]);
    return { clientId, renumbered: renumbered.length };
  });
}

export type SyncNotice = {
  /** server_restored: lost entries re-sent from the journal; new_identity: renumbered and re-sent. */
  kind: 'server_restored' | 'new_identity';
  resent: number;
  at: number;
};
export async function writeSyncNotice(db: AppDb, notice: SyncNotice | null): Promise<void> {
  if (notice) await db.meta.put({ key: META.syncNotice, value: notice });
  else await db.meta.delete(META.syncNotice);
}
export async function readSyncNotice(db: AppDb): Promise<SyncNotice | null> {
  return ((await db.meta.get(META.syncNotice))?.value as SyncNotice | undefined) ?? null;
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
 * the user's unsynced work); outbox, rejections and photo bytes are never deleted. Photo bytes
 * the server had confirmed and this device still holds wait for the server again: a restored
 * server may have lost them, and the upload queue re-sends or re-verifies them (one POST, one
 * HEAD each; docs/adr/0006-device-recovery.md).
 */
export async function resetForRefetch(appDb: AppDb): Promise<void> {
  const more = [
    appDb.outbox,
    appDb.meta,
    appDb.conflicts,
    appDb.blobs,
    appDb.blobState,
    appDb.recordHistory,
  ];
  await syncedTransaction(appDb, 'rw', more, async (db) => {
    const held = new Set((await db.blobs.toCollection().primaryKeys()) as string[]);
    await db.blobState
      .where('state')
      .equals('uploaded')
      .filter((b) => held.has(b.sha256))
      .modify((b) => {
        b.state = 'local';
        delete b.uploadUrl;
        b.offset = 0;
      });
    const keep = new Set((await db.outbox.toArray()).map((e) => `${e.entity}:${e.entityId}`));
    for (const [entity, t] of Object.entries(TABLE_OF)) {
      const ids = (await db[t].toCollection().primaryKeys()) as string[];
      await db[t].bulkDelete(ids.filter((id) => !keep.has(`${entity}:${id}`)));
      // A kept row's pulled base is server-owned too: until the refetch brings the row again it
      // counts as not visible to this account, so once its own changes are settled (acked,
      // refused or discarded) nothing of it stays (a site the account no longer sees, §Auth).
      await (db[t] as unknown as Table<StoredRow, string>)
        .filter((r) => r._base !== undefined)
        .modify((r) => {
          r._base = { row: null, deleted: true };
        });
    }
    await db.conflicts.clear();
    // Kept histories may be of records outside the new scope (§History): fetched again on demand.
    await db.recordHistory.clear();
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
