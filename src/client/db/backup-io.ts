// Reads and writes for "export everything / import" (src/client/backup). The file format
// lives in backup/; this module only moves already-validated data in and out of IndexedDB.
//
// How unsynced work reaches the server from the device that imports it (no network needed
// between the two devices):
//   1. The export carries every pending outbox entry of the source next to the rows.
//   2. Import runs ONE strict transaction (write.ts `write`) over all synced tables + outbox +
//      meta + blobs: rows are merged by id and, for every source entry whose effect is not yet
//      on the target row, an equivalent entry is enqueued on the target with a NEW mutation id
//      and the target's next gap-free clientSeq (`enqueue`), keeping the source's op,
//      fields, baseVersion, clientTime and createdAt (so "waiting since" stays honest).
//      Invariant 1 holds: rows, outbox entries and sequence numbers commit together.
//   3. New mutation ids, because the server keys stored results by mutation id per client
//      (docs/architecture.md §Push step 1): reusing the source's id from another clientId would be a
//      protocol error. If the source device syncs the same change too, the server sees the
//      second copy as converged: a create of an existing id with equal values and a patch
//      whose values already equal the current ones are no-ops; a true concurrent edit with
//      the source's baseVersion becomes a conflict record, never a silent overwrite.
//   4. Idempotence: an entry is "already reflected" when the target row already holds the
//      imported final values of the entry's fields (or its deleted flag). Importing the
//      same file twice therefore adds no rows and no outbox entries.
// Photo bytes are content-addressed: a blob is added only if its hash is absent; new blobs
// get blobState 'local', so the target uploads them (the server dedupes by hash).
import {
  ENTITY_SCHEMAS,
  type EntityName,
  type EntityOf,
  IMMUTABLE_FIELDS,
} from '../../shared/domain/schemas';
import { ValidationError, zodIssues } from './errors';
import type { ConflictRecord } from '../../shared/protocol';
import {
  type AppDb,
  type BlobRow,
  type Local,
  type LocalRejection,
  type OutboxEntry,
  SYNCED_TABLES,
  TABLE_OF,
  syncedTransaction,
} from './schema';
import { write } from './write';

export const BACKUP_ENTITIES = [
  'site',
  'visit',
  'checklistItem',
  'observation',
  'followUp',
  'photo',
  'participant',
  'reviewComment',
  'checklistTemplate',
  'offer',
  'sponsorship',
  'fieldRating',
] as const satisfies readonly EntityName[];
export type BackupScope = 'all' | 'unsynced';
export type BackupRecords = { [E in EntityName]: Local<EntityOf<E>>[] };
export type BackupBlob = { sha256: string; type: string; bytes: Uint8Array };
/** conflicts and rejections: server records this device holds; kept so nothing waits unseen after a restore. */
export type BackupData = {
  records: BackupRecords;
  outbox: OutboxEntry[];
  blobs: BackupBlob[];
  conflicts: ConflictRecord[];
  rejections: LocalRejection[];
};
export type ImportSummary = {
  inserted: number;
  updated: number;
  unchanged: number;
  enqueued: number;
  blobs: number;
  skipped: number;
  notes: number;
};

type AnyRow = Record<string, unknown> & { id: string; _v: number; _deleted: 0 | 1 };
const key = (entity: string, id: string) => `${entity}\u0000${id}`;

/** Key-order independent equality for JSON-like values (rows, field values). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a)
    .filter((k) => (a as Record<string, unknown>)[k] !== undefined)
    .sort();
  const kb = Object.keys(b)
    .filter((k) => (b as Record<string, unknown>)[k] !== undefined)
    .sort();
  return (
    ka.length === kb.length &&
    ka.every(
      (k, i) =>
        k === kb[i] &&
        sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

async function blobBytes(row: BlobRow): Promise<{ type: string; bytes: Uint8Array }> {
  const d = row.data;
  if (d instanceof Blob)
    return { type: d.type || 'image/jpeg', bytes: new Uint8Array(await d.arrayBuffer()) };
  return { type: d.type, bytes: new Uint8Array(d.buf) };
}

/** Everything on this device, or only records with pending changes and unconfirmed photo bytes. */
export async function readBackup(appDb: AppDb, scope: BackupScope): Promise<BackupData> {
  const more = [appDb.outbox, appDb.blobs, appDb.blobState, appDb.conflicts, appDb.rejections];
  const snap = await syncedTransaction(appDb, 'r', more, async (db) => {
    const outbox = await db.outbox.where('state').equals('pending').sortBy('clientSeq');
    const pendingKeys = new Set(outbox.map((e) => key(e.entity, e.entityId)));
    const records = {} as Record<EntityName, AnyRow[]>;
    for (const entity of BACKUP_ENTITIES) {
      const table = db.entityTable(entity);
      const rows = (
        scope === 'all'
          ? await table.toArray()
          : (
              await table.bulkGet(outbox.filter((e) => e.entity === entity).map((e) => e.entityId))
            ).filter((r) => r !== undefined)
      ) as AnyRow[];
      const unique = new Map(rows.map((r) => [r.id, r]));
      records[entity] = [...unique.values()].filter(
        (r) => scope === 'all' || pendingKeys.has(key(entity, r.id)),
      );
    }
    const wanted = new Set<string>();
    const stored = (await db.blobs.toCollection().primaryKeys()) as string[];
    if (scope === 'all') stored.forEach((h) => wanted.add(h));
    else {
      for (const p of records.photo as unknown as Local<EntityOf<'photo'>>[]) {
        wanted.add(p.sha256);
        wanted.add(p.thumbSha256);
      }
      const states = new Map(
        (await db.blobState.bulkGet(stored)).map((s, i) => [stored[i]!, s?.state]),
      );
      for (const h of stored) {
        const s = states.get(h);
        if (s !== 'uploaded' && s !== 'remote') wanted.add(h);
      }
    }
    const blobRows: BlobRow[] = [];
    for (const h of [...wanted].sort()) {
      const row = await db.blobs.get(h); // by primary key only (WebKit large-row trap)
      if (row) blobRows.push(row);
    }
    const conflicts = await db.conflicts.toArray();
    const rejections = await db.rejections.toArray();
    // "Unsynced" keeps open rejections (their payload never reached the server as applied);
    // conflicts are the server's own records and come back with the next sync.
    return {
      records: records as unknown as BackupRecords,
      outbox,
      blobRows,
      conflicts: scope === 'all' ? conflicts : [],
      rejections: rejections.filter((r) => scope === 'all' || r.resolved === 0),
    };
  });
  // Reading Blob bytes is not IndexedDB work: done after the transaction, or it would commit early.
  const blobs: BackupBlob[] = [];
  for (const row of snap.blobRows) blobs.push({ sha256: row.sha256, ...(await blobBytes(row)) });
  return {
    records: snap.records,
    outbox: snap.outbox,
    blobs,
    conflicts: snap.conflicts,
    rejections: snap.rejections,
  };
}

type Effect = { next: AnyRow; entry: OutboxEntry } | null;

/** The effect of one source entry on the target row, or null when the row already reflects it. */
function effectOf(entity: EntityName, cur: AnyRow, final: AnyRow, e: OutboxEntry): Effect {
  if (e.op === 'delete' || e.op === 'restore') {
    if (cur._deleted === final._deleted) return null;
    return { next: { ...cur, _deleted: e.op === 'delete' ? 1 : 0 }, entry: e };
  }
  const immutable = new Set(IMMUTABLE_FIELDS[entity]);
  const fields = Object.fromEntries(
    Object.entries(e.fields).filter(
      ([f]) => !(e.op === 'create' && immutable.has(f)) && !sameJson(cur[f], final[f]),
    ),
  );
  if (Object.keys(fields).length === 0) return null;
  // A create for a row the target already has becomes a patch of the differing fields;
  // its baseVersion stays null ("saw nothing"), so the server records any concurrent edit.
  return { next: { ...cur, ...fields }, entry: { ...e, op: 'patch', fields } };
}

/** Merge validated backup data into this device in one transaction (see header). */
export async function writeBackup(db: AppDb, data: BackupData): Promise<ImportSummary> {
  const sum: ImportSummary = {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    enqueued: 0,
    blobs: 0,
    skipped: 0,
    notes: 0,
  };
  const entriesOf = new Map<string, OutboxEntry[]>();
  for (const e of [...data.outbox].sort((a, b) => a.clientSeq - b.clientSeq)) {
    if (e.entity === 'conflictResolution') {
      sum.skipped++;
      continue;
    } // conflicts live on the server: resolve there
    const k = key(e.entity, e.entityId);
    entriesOf.set(k, [...(entriesOf.get(k) ?? []), e]);
  }
  const tables = [
    ...SYNCED_TABLES.map((t) => db[t]),
    db.blobs,
    db.blobState,
    db.conflicts,
    db.rejections,
  ];
  await write(db, tables, async (tx) => {
    const db = tx.db; // every table bound to this transaction
    // Chosen entries are enqueued after the rows, in the source's order: causal order
    // across records (a visit before its observation's photo) is kept.
    const chosen: OutboxEntry[] = [];
    const enqueue = (e: OutboxEntry) => {
      chosen.push(e);
    };
    for (const entity of BACKUP_ENTITIES) {
      const table = db[TABLE_OF[entity]];
      for (const row of data.records[entity] as unknown as AnyRow[]) {
        const entries = entriesOf.get(key(entity, row.id)) ?? [];
        const local = (await table.get(row.id)) as AnyRow | undefined;
        if (!local) {
          await table.add(row as never);
          for (const e of entries) enqueue(e);
          sum.inserted++;
        } else if (sameJson(local, row)) {
          sum.unchanged++;
        } else if (entries.length === 0) {
          // A plain server state: the newer version wins unless this device has own pending edits.
          const ownPending = await db.outbox
            .where('[entity+entityId]')
            .equals([entity, row.id])
            .filter((e) => e.state === 'pending')
            .count();
          if (row._v > local._v && ownPending === 0) {
            await table.put(row as never);
            sum.updated++;
          } else sum.unchanged++;
        } else {
          let cur = local;
          for (const e of entries) {
            const eff = effectOf(entity, cur, row, e);
            if (!eff) continue;
            cur = eff.next;
            enqueue(eff.entry);
          }
          if (cur === local) {
            sum.unchanged++;
            continue;
          }
          const { _v, _deleted, _base, ...plain } = cur;
          const parsed = ENTITY_SCHEMAS[entity].safeParse(plain);
          if (!parsed.success) throw new ValidationError(entity, zodIssues(parsed.error));
          await table.put(cur as never);
          sum.updated++;
        }
      }
    }
    for (const { serverSeq: _s, lastError: _l, ...e } of chosen.sort(
      (a, b) => a.clientSeq - b.clientSeq,
    )) {
      const { clientSeq: _c, id: _i, state: _st, attempts: _a, ...source } = e;
      await tx.enqueue(source);
      sum.enqueued++;
    }
    // Server-owned records: add what is missing; what this device holds is as new or newer.
    for (const c of data.conflicts)
      if (!(await db.conflicts.get(c.id))) {
        await db.conflicts.add(c);
        sum.notes++;
      }
    for (const r of data.rejections)
      if (!(await db.rejections.get(r.id))) {
        await db.rejections.add(r);
        sum.notes++;
      }
    const have = new Set(
      (await db.blobs
        .where(':id')
        .anyOf(data.blobs.map((b) => b.sha256))
        .primaryKeys()) as string[],
    );
    for (const b of data.blobs) {
      if (have.has(b.sha256)) continue;
      const buf = b.bytes.slice().buffer as ArrayBuffer;
      await db.blobs.add({
        sha256: b.sha256,
        data: { buf, type: b.type },
        size: b.bytes.byteLength,
      });
      if (!(await db.blobState.get(b.sha256)))
        await db.blobState.add({ sha256: b.sha256, state: 'local', lastAccess: Date.now() });
      have.add(b.sha256);
      sum.blobs++;
    }
    // Rows or notes changed without an entry (server state): still announce the import.
    if (sum.inserted > 0 || sum.updated > 0 || sum.notes > 0) tx.changed();
  });
  return sum;
}
