// The single write path (docs/architecture.md §Write path, invariant I1): entity row + outbox entry + gap-free
// device sequence number commit in one strict IndexedDB transaction.
// Everything async that is not IndexedDB (validation, hashing) happens before `commit`.
import { ENTITY_SCHEMAS, type EntityName, patchSchema } from '../../shared/domain/schemas';
import { SCHEMA_VERSION, type MutationOp } from '../../shared/protocol';
import { RecordNotFoundError, StorageFullError, ValidationError, isQuotaError, zodIssues } from './errors';

const OWN_ERRORS = [RecordNotFoundError, ValidationError];
import { newId, nowIso } from './ids';
import { localWrites } from './local-writes';
import { META } from './meta-keys';
import { type AppDb, type OutboxEntry, TABLE_OF } from './schema';
import type { Table } from 'dexie';

/**
 * Extra writes to non-synced tables (e.g. photo bytes) that must land in the SAME
 * transaction as the ops. `run` may only touch IndexedDB (no fetch, hashing, timers).
 */
export type ExtraWrites = { tables: Table[]; run: () => Promise<void> };

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
export function validateCreate<E extends EntityName>(entity: E, row: unknown): Record<string, unknown> {
  const parsed = ENTITY_SCHEMAS[entity].safeParse(row);
  if (!parsed.success) throw new ValidationError(entity, zodIssues(parsed.error));
  return parsed.data as Record<string, unknown>;
}

export function validatePatch(entity: EntityName, patch: unknown): Record<string, unknown> {
  const parsed = patchSchema(entity).safeParse(patch);
  if (!parsed.success) throw new ValidationError(entity, zodIssues(parsed.error));
  return parsed.data as Record<string, unknown>;
}

/** Read and advance the device sequence inside the caller's transaction: gap-free by construction. */
export async function takeSeq(db: AppDb): Promise<number> {
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

async function applyOne(db: AppDb, w: WriteOp): Promise<OutboxEntry> {
  const table = db.entityTable(w.entity);
  let baseVersion: number | null = null;
  if (w.op === 'create') {
    await table.add({ ...w.fields, id: w.id, _v: 0, _deleted: 0 } as never);
  } else {
    const existing = await table.get(w.id);
    if (!existing || (w.op === 'patch' && existing._deleted === 1)) throw new RecordNotFoundError(w.entity, w.id);
    baseVersion = existing._v > 0 ? existing._v : null;
    if (w.op === 'patch') {
      // The merged record must still satisfy the schema (cross-field rules, required fields).
      const { _v, _deleted, ...plain } = existing as Record<string, unknown>;
      validateCreate(w.entity, { ...plain, ...w.fields });
      await table.update(w.id, w.fields as never);
    } else {
      await table.update(w.id, { _deleted: w.op === 'delete' ? 1 : 0 } as never);
    }
  }
  const entry: OutboxEntry = {
    clientSeq: await takeSeq(db),
    id: newId(),
    entity: w.entity,
    entityId: w.id,
    op: w.op,
    baseVersion,
    fields: w.op === 'create' ? stripId(w.fields) : w.fields,
    schemaVersion: SCHEMA_VERSION,
    clientTime: nowIso(),
    visitId: w.visitId,
    state: 'pending',
    createdAt: Date.now(),
    attempts: 0,
  };
  await db.outbox.add(entry);
  return entry;
}

function stripId(fields: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = fields;
  return rest;
}

/**
 * Commit writes atomically: all rows and outbox entries, or nothing.
 * Resolves only after the strict-durability transaction committed.
 */
export async function commit(db: AppDb, ops: WriteOp[], extra?: ExtraWrites): Promise<OutboxEntry[]> {
  const tables = [...new Set([...ops.map((o) => db[TABLE_OF[o.entity]]), ...(extra?.tables ?? [])])];
  const started = performance.now();
  try {
    const entries = await db.transaction('rw', [...tables, db.outbox, db.meta], async () => {
      if (extra) await extra.run();
      const out: OutboxEntry[] = [];
      for (const op of ops) out.push(await applyOne(db, op));
      return out;
    });
    // For the benchmark (test/bench/capture.bench.ts): one entry per committed transaction.
    performance.measure('sb:commit', { start: started, end: performance.now() });
    localWrites.dispatchEvent(new CustomEvent('write', { detail: { db: db.name, count: entries.length } }));
    return entries;
  } catch (e) {
    if (isQuotaError(e)) throw new StorageFullError(e);
    // Dexie may wrap errors thrown inside the transaction; hand ours back unwrapped.
    const inner = (e as { inner?: unknown }).inner;
    throw inner instanceof Error && OWN_ERRORS.some((c) => inner instanceof c) ? inner : e;
  }
}
