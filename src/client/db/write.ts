// The single write path (docs/architecture.md §Write path, invariant I1): entity row + outbox entry + gap-free
// device sequence number commit in one strict IndexedDB transaction. Outbox entries, sequence
// numbers and the local-write event are made here and nowhere else: `commit` for the ordinary
// mutators, `write` for the few writers that also touch other tables in the same transaction
// (conflict decisions, resubmitted rejections, a backup import).
// Everything async that is not IndexedDB (validation, hashing) happens before `commit`/`write`.
import { ENTITY_SCHEMAS, type EntityName, patchSchema } from '../../shared/domain/schemas';
import { SCHEMA_VERSION, type MutationOp } from '../../shared/protocol';
import { deepEqual } from '../../shared/sync/merge';
import {
  RecordNotFoundError,
  StorageFullError,
  ValidationError,
  isQuotaError,
  zodIssues,
} from './errors';
import { type Writer, stampAuthors } from './authors';
import { newId, nowIso } from './ids';
import { localWrites } from './local-writes';
import { takeSeenVersion } from './seen-base';
import { META } from './meta-keys';
import { type AppDb, type OutboxEntry, TABLE_OF, bindToTransaction } from './schema';
import type { Table } from 'dexie';

type ErrorClass = abstract new (...args: never[]) => Error;
/** Errors thrown inside a write transaction that callers catch by class: handed back unwrapped. */
const OWN_ERRORS: ErrorClass[] = [RecordNotFoundError, ValidationError];

/**
 * Extra writes to non-synced tables (e.g. photo bytes) that must land in the SAME
 * transaction as the ops. `run` may only touch IndexedDB (no fetch, hashing, timers); it gets
 * the database with its tables bound to that transaction.
 */
export type ExtraWrites = { tables: Table[]; run: (db: AppDb) => Promise<void> };

export type WriteOp = {
  entity: EntityName;
  op: MutationOp;
  id: string;
  /** create: the whole record; patch: changed fields; delete/restore: {} */
  fields: Record<string, unknown>;
  /** Visit the record belongs to (for per-visit sync state); null for sites. */
  visitId: string | null;
};

const NEXT_SEQ = META.nextClientSeq;

// Re-exported for existing importers; the shell imports it from ./local-writes (no zod there).
export { localWrites };

/** Validate a whole new record before any transaction starts. */
export function validateCreate<E extends EntityName>(
  entity: E,
  row: unknown,
): Record<string, unknown> {
  const parsed = ENTITY_SCHEMAS[entity].safeParse(row);
  if (!parsed.success) throw new ValidationError(entity, zodIssues(parsed.error));
  return parsed.data as Record<string, unknown>;
}

export function validatePatch(entity: EntityName, patch: unknown): Record<string, unknown> {
  const parsed = patchSchema(entity).safeParse(patch);
  if (!parsed.success) throw new ValidationError(entity, zodIssues(parsed.error));
  return parsed.data as Record<string, unknown>;
}

/**
 * The fields of a validated patch whose value differs from the row's: what a saved form sends, so
 * it never touches (nor conflicts over) the fields someone else changed meanwhile.
 */
export function changedFields(
  row: object,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const current = row as Record<string, unknown>;
  return Object.fromEntries(Object.entries(patch).filter(([k, v]) => !deepEqual(current[k], v)));
}

/** Read and advance the device sequence inside a `write` transaction: gap-free by construction. */
async function takeSeq(db: AppDb): Promise<number> {
  const row = await db.meta.get(NEXT_SEQ);
  const seq = typeof row?.value === 'number' ? row.value : 1;
  await db.meta.put({ key: NEXT_SEQ, value: seq + 1 });
  return seq;
}

/** Highest clientSeq ever enqueued on this device (0 if none). */
export async function outboxHighWater(db: AppDb): Promise<number> {
  const row = await db.meta.get(NEXT_SEQ);
  return typeof row?.value === 'number' ? row.value - 1 : 0;
}

/**
 * An outbox entry whose local effect the caller writes itself (a conflict decision, a resubmitted
 * rejection, an imported entry). schemaVersion, clientTime and createdAt default to now.
 */
export type QueuedEntry = Pick<
  OutboxEntry,
  'entity' | 'entityId' | 'op' | 'baseVersion' | 'fields' | 'visitId'
> &
  Partial<Pick<OutboxEntry, 'schemaVersion' | 'clientTime' | 'createdAt'>>;

/** What the body of a `write` transaction may do. */
export type WriteTx = {
  /** The database with every table bound to this transaction (see bindToTransaction). */
  db: AppDb;
  /** An entity write and its outbox entry, as `commit` does it. */
  apply(op: WriteOp): Promise<OutboxEntry>;
  /** Queue an outbox entry with a new mutation id and the next device sequence number. */
  enqueue(e: QueuedEntry): Promise<OutboxEntry>;
  /** Local rows changed without a queued entry (e.g. imported server state): still announce the write. */
  changed(): void;
};

/**
 * The signed-in user of this database (stored by the session, src/client/session/store.ts): who
 * writes here, for the rows' `_by` until the server names them. Null on a database nobody signed in to.
 */
async function writerOf(db: AppDb): Promise<Writer | null> {
  const u = (await db.meta.get(META.user))?.value as
    { id?: unknown; name?: unknown; email?: unknown } | undefined;
  if (typeof u?.id !== 'string') return null;
  const name = typeof u.name === 'string' && u.name !== '' ? u.name : String(u.email ?? '');
  return { id: u.id, name };
}

/** The writer, read once per transaction (a new visit writes dozens of rows in one). */
const writers = new WeakMap<WriteTx, Promise<Writer | null>>();

async function applyOne(tx: WriteTx, w: WriteOp): Promise<OutboxEntry> {
  const table = tx.db.entityTable(w.entity);
  let pending = writers.get(tx);
  if (!pending) writers.set(tx, (pending = writerOf(tx.db)));
  const writer = await pending;
  let baseVersion: number | null = null;
  if (w.op === 'create') {
    const by = writer ? { _by: stampAuthors(null, writer, nowIso()) } : {};
    await table.add({ ...w.fields, id: w.id, _v: 0, _deleted: 0, ...by } as never);
  } else {
    const existing = await table.get(w.id);
    if (!existing || (w.op === 'patch' && existing._deleted === 1))
      throw new RecordNotFoundError(w.entity, w.id);
    baseVersion = existing._v > 0 ? existing._v : null;
    if (w.op === 'patch') {
      // A value held back while the person typed: based on what they saw (seen-base.ts).
      const seen = takeSeenVersion(w.entity, w.id, Object.keys(w.fields));
      if (seen !== undefined && (baseVersion === null || seen === null || seen < baseVersion))
        baseVersion = seen;
    }
    const by = writer ? { _by: stampAuthors(existing._by, writer, nowIso()) } : {};
    if (w.op === 'patch') {
      // The merged record must still satisfy the schema (cross-field rules, required fields).
      const { _v, _deleted, ...plain } = existing as Record<string, unknown>;
      validateCreate(w.entity, { ...plain, ...w.fields });
      await table.update(w.id, { ...w.fields, ...by } as never);
    } else {
      await table.update(w.id, { _deleted: w.op === 'delete' ? 1 : 0, ...by } as never);
    }
  }
  return tx.enqueue({
    entity: w.entity,
    entityId: w.id,
    op: w.op,
    baseVersion,
    fields: w.op === 'create' ? stripId(w.fields) : w.fields,
    visitId: w.visitId,
  });
}

function stripId(fields: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = fields;
  return rest;
}

/**
 * Run `body` in ONE strict read-write transaction over `tables` + outbox + meta: every row,
 * outbox entry and sequence number it writes commits together, or nothing does. Resolves after
 * the commit; then announces the write (`localWrites`) if anything was queued or changed.
 * `body` may only touch IndexedDB (no fetch, hashing, timers) and should use `tx.db`.
 */
export async function write<T>(
  db: AppDb,
  tables: Table[],
  body: (tx: WriteTx) => Promise<T>,
  ownErrors: ErrorClass[] = [],
): Promise<T> {
  let queued = 0;
  let changed = false;
  try {
    const result = await db.transaction(
      'rw',
      [...new Set([...tables, db.outbox, db.meta])],
      async (dxTx) => {
        const bound = bindToTransaction(db, dxTx);
        const tx: WriteTx = {
          db: bound,
          apply: (op) => applyOne(tx, op),
          async enqueue(e) {
            const entry: OutboxEntry = {
              schemaVersion: SCHEMA_VERSION,
              clientTime: nowIso(),
              createdAt: Date.now(),
              ...e,
              clientSeq: await takeSeq(bound),
              id: newId(),
              state: 'pending',
              attempts: 0,
            };
            await bound.outbox.add(entry);
            queued++;
            return entry;
          },
          changed() {
            changed = true;
          },
        };
        return body(tx);
      },
    );
    if (queued > 0 || changed)
      localWrites.dispatchEvent(
        new CustomEvent('write', { detail: { db: db.name, count: queued } }),
      );
    return result;
  } catch (e) {
    if (isQuotaError(e)) throw new StorageFullError(e);
    // Dexie may wrap errors thrown inside the transaction; hand ours back unwrapped.
    const inner = (e as { inner?: unknown }).inner;
    throw inner instanceof Error && [...OWN_ERRORS, ...ownErrors].some((c) => inner instanceof c)
      ? inner
      : e;
  }
}

/**
 * Commit writes atomically: all rows and outbox entries, or nothing.
 * Resolves only after the strict-durability transaction committed.
 */
export async function commit(
  db: AppDb,
  ops: WriteOp[],
  extra?: ExtraWrites,
): Promise<OutboxEntry[]> {
  const tables = [...ops.map((o) => db[TABLE_OF[o.entity]]), ...(extra?.tables ?? [])];
  const started = performance.now();
  const entries = await write(db, tables, async (tx) => {
    tx.changed();
    if (extra) await extra.run(tx.db);
    const out: OutboxEntry[] = [];
    for (const op of ops) out.push(await tx.apply(op));
    return out;
  });
  // For the benchmark (test/bench/capture.bench.ts): one entry per committed transaction.
  performance.measure('sb:commit', { start: started, end: performance.now() });
  return entries;
}
