// Mutators for the human side of invariants 2 and 4 (docs/architecture.md): resolving a conflict
// and resubmitting or discarding a rejection. Like every writer they change rows and the outbox in
// one transaction, opened by write.ts.
import { ENTITY_SCHEMAS, type EntityName } from '../../shared/domain/schemas';
import type { ConflictRecord, MutationOp } from '../../shared/protocol';
import {
  type Resolution,
  conflictOutcome,
  resolutionProblem,
} from '../../shared/sync/resolve-conflict';
import { RecordNotFoundError, ValidationError, zodIssues } from './errors';
import {
  type AppDb,
  type Local,
  type LocalRejection,
  SYNCED_TABLES,
  TABLE_OF,
  syncedTransaction,
} from './schema';
import { rebuildRow } from './sync-apply';
import { visitOfRecord } from './sync-queries';
import { type QueuedEntry, validatePatch, write } from './write';

export type { Resolution };

/** The conflict is gone or already resolved (e.g. by another person, synced in meanwhile). */
export class ConflictNotOpenError extends Error {
  override name = 'ConflictNotOpenError';
  constructor(readonly conflictId: string) {
    super(`conflict ${conflictId} is not open`);
  }
}

export class RejectionNotOpenError extends Error {
  override name = 'RejectionNotOpenError';
  constructor(readonly rejectionId: string) {
    super(`rejection ${rejectionId} is not open`);
  }
}

type Plain = Record<string, unknown>;

function strip(row: Local<Plain>): Plain {
  const { _v, _deleted, ...plain } = row;
  return plain;
}

function validateWhole(entity: EntityName, row: Plain): Plain {
  const parsed = ENTITY_SCHEMAS[entity].safeParse(row);
  if (!parsed.success) throw new ValidationError(entity, zodIssues(parsed.error));
  return parsed.data as Plain;
}

const OWN = [ConflictNotOpenError, RejectionNotOpenError];

/**
 * Resolve a conflict. `mine`/`theirs` refer to the conflict record: mine = clientValue (the value of
 * the mutation that arrived second), theirs = serverValue (first committed). The chosen value is
 * applied locally at once and a `conflictResolution` mutation carries the decision to the server.
 * `seen` is the conflict's mutationId as the person saw it (the page's row): a pull may join a
 * later save to the conflict meanwhile, and the server keeps a save the decision never saw open.
 */
export async function resolveConflict(
  db: AppDb,
  conflictId: string,
  resolution: Resolution,
  value?: unknown,
  seen?: string,
): Promise<void> {
  const c = await db.conflicts.get(conflictId);
  if (!c || c.status !== 'open') throw new ConflictNotOpenError(conflictId);
  // Without the page's row: the save this decision is computed on (not one pulled in meanwhile).
  const decidedOn = seen ?? c.mutationId;
  // Validated before the transaction; the tombstone only decides whether a restore happens.
  const planned = conflictOutcome(c, resolution, value, true);
  validatePatch(c.entity, { ...planned.kept, ...planned.fields });
  // The same whole-record check the server makes: a decision never leaves a broken row.
  const before = (await db.entityTable(c.entity).get(c.entityId)) as Local<Plain> | undefined;
  if (before) {
    const outcome = conflictOutcome(c, resolution, value, before._deleted === 1);
    const problem = resolutionProblem(c, resolution, value, strip(before), outcome);
    if (problem)
      throw new ValidationError(c.entity, [
        { path: problem.path ?? '', code: problem.code, message: problem.message },
      ]);
  }
  await write(
    db,
    [db[TABLE_OF[c.entity]], db.conflicts],
    async (tx) => {
      const now = await tx.db.conflicts.get(conflictId);
      if (!now || now.status !== 'open') throw new ConflictNotOpenError(conflictId);
      const table = tx.db.entityTable(c.entity);
      const row = (await table.get(c.entityId)) as Local<Plain> | undefined;
      if (row) {
        // The row may still show this device's own value: it takes the kept one too (shared rule).
        const { restore, fields, kept } = conflictOutcome(c, resolution, value, row._deleted === 1);
        const changes = { ...kept, ...fields, ...(restore ? { _deleted: 0 } : {}) };
        if (Object.keys(changes).length > 0) await table.update(c.entityId, changes as never);
      }
      await tx.db.conflicts.update(conflictId, { status: 'resolved', resolution });
      await tx.enqueue({
        entity: 'conflictResolution',
        entityId: conflictId,
        op: 'patch',
        baseVersion: row && row._v > 0 ? row._v : null,
        // `seen`: the save the person decided on; a later one that joined the conflict since stays open.
        fields:
          resolution === 'edited'
            ? { conflictId, resolution, value, seen: decidedOn }
            : { conflictId, resolution, seen: decidedOn },
        visitId: await visitOfRecord(tx.db, c.entity, c.entityId),
      });
    },
    OWN,
  );
}

/**
 * Resubmit a rejected change with the user's edits as a new ordinary mutation and mark the rejection
 * resolved — atomically. A record the server never accepted (local version 0) is sent as a create.
 */
export async function resubmitRejection(
  db: AppDb,
  rejectionId: string,
  edits: Plain,
): Promise<void> {
  const r = await db.rejections.get(rejectionId);
  if (!r || r.resolved === 1) throw new RejectionNotOpenError(rejectionId);
  if (!(r.entity in TABLE_OF)) throw new RecordNotFoundError(r.entity, r.entityId);
  const entity = r.entity as EntityName;
  const payloadOp = (r.payload as { op?: unknown } | null)?.op;
  await write(
    db,
    [db[TABLE_OF[entity]], db.rejections],
    async (tx) => {
      const table = tx.db.entityTable(entity);
      const row = (await table.get(r.entityId)) as Local<Plain> | undefined;
      if (!row) throw new RecordNotFoundError(entity, r.entityId);
      const visitId = await visitOfRecord(tx.db, entity, r.entityId);
      const baseVersion = row._v > 0 ? row._v : null;
      let op: MutationOp;
      let fields: Plain;
      if (payloadOp === 'delete' || payloadOp === 'restore') {
        op = payloadOp;
        fields = {};
      } else {
        const merged = validateWhole(entity, { ...strip(row), ...edits, id: r.entityId });
        await table.update(r.entityId, edits as never);
        op = row._v === 0 ? 'create' : 'patch';
        fields =
          op === 'create' ? (({ id: _id, ...rest }) => rest)(merged) : validatePatch(entity, edits);
      }
      await tx.enqueue({ entity, entityId: r.entityId, op, baseVersion, fields, visitId });
      await tx.db.rejections.update(rejectionId, { resolved: 1 });
    },
    OWN,
  );
}

/**
 * Send refused changes again, unchanged ("Alle erneut senden"): each becomes a new outbox entry
 * through the one write path, in the order given (a group's head first, so a parent is created
 * before its children), and its rejection closes — all in ONE transaction. A record the server
 * never had goes as one create from its local row (later refused patches of it are in that row);
 * a refused patch sends its own fields with its original base version, so the server judges it
 * against what the user saw (a value changed since becomes a conflict, never an overwrite); a
 * delete or restore goes as itself. Which changes can succeed now is the caller's choice
 * (`resendable` in review-queries.ts). Returns how many entries were queued.
 */
export async function resendRejections(
  db: AppDb,
  rejectionIds: readonly string[],
): Promise<number> {
  const tables = [...SYNCED_TABLES.map((t) => db[t]), db.rejections];
  return write(
    db,
    tables,
    async (tx) => {
      const created = new Set<string>();
      let queued = 0;
      for (const id of rejectionIds) {
        const r = await tx.db.rejections.get(id);
        if (!r || r.resolved === 1 || !(r.entity in TABLE_OF)) continue;
        const entity = r.entity as EntityName;
        const key = `${entity}:${r.entityId}`;
        if (created.has(key)) {
          await tx.db.rejections.update(id, { resolved: 1 });
          continue;
        }
        const table = tx.db.entityTable(entity);
        const row = (await table.get(r.entityId)) as Local<Plain> | undefined;
        const again = row ? sameChange(entity, r, row) : null;
        if (!again) continue; // cannot go unchanged: it stays open for an edit or a discard
        if (Object.keys(again.local).length > 0)
          await table.update(r.entityId, again.local as never);
        const visitId = await visitOfRecord(tx.db, entity, r.entityId);
        await tx.enqueue({ entity, entityId: r.entityId, ...again.entry, visitId });
        await tx.db.rejections.update(id, { resolved: 1 });
        if (again.entry.op === 'create') created.add(key);
        queued++;
      }
      return queued;
    },
    OWN,
  );
}

/** The entry that sends a refused change again and what the local row shows; null if it cannot. */
function sameChange(
  entity: EntityName,
  r: LocalRejection,
  row: Local<Plain>,
): { entry: Pick<QueuedEntry, 'op' | 'baseVersion' | 'fields'>; local: Plain } | null {
  const sent = r.payload as { op?: unknown; fields?: unknown; baseVersion?: unknown } | null;
  const base = row._v > 0 ? row._v : null;
  try {
    if (row._v === 0 && (row as { _base?: unknown })._base === undefined) {
      // The server never had it: one create from the whole local row.
      const { id: _id, _by, _base, ...plain } = strip(row);
      const { id: _i, ...fields } = validateWhole(entity, { ...plain, id: r.entityId });
      return { entry: { op: 'create', baseVersion: null, fields }, local: {} };
    }
    if (sent?.op === 'delete' || sent?.op === 'restore') {
      const local = { _deleted: sent.op === 'delete' ? 1 : 0 };
      return { entry: { op: sent.op, baseVersion: base, fields: {} }, local };
    }
    if (!sent?.fields || typeof sent.fields !== 'object') return null;
    const fields = validatePatch(entity, sent.fields as Plain);
    validateWhole(entity, { ...strip(row), ...fields, id: r.entityId });
    // Its original base: the server judges it against what the user saw when typing it.
    const seen = typeof sent.baseVersion === 'number' ? sent.baseVersion : base;
    return { entry: { op: 'patch', baseVersion: seen, fields }, local: fields };
  } catch (e) {
    if (e instanceof ValidationError) return null;
    throw e;
  }
}

// ── discarding a rejection: back to the server's truth ─────────────────────
/**
 * Fields that name another record without belonging to it: a need's link to an offer of the
 * catalogue (a deleted offer keeps its links, docs/domain.md §Offers), so discarding a refused
 * offer never takes a need with it.
 */
const REFERENCES = new Set(['followUp.offerId']);

/**
 * Which entity's rows name which parent, derived from the schemas (every `<entity>Id` field that
 * names another synced entity, REFERENCES apart), so a new child entity is covered without a
 * hand-written list.
 */
export const PARENT_REFS: readonly { child: EntityName; field: string; parent: EntityName }[] = (
  Object.keys(ENTITY_SCHEMAS) as EntityName[]
).flatMap((child) =>
  Object.keys((ENTITY_SCHEMAS[child] as unknown as { shape: Plain }).shape)
    .map((field) => ({ child, field, parent: field.replace(/Id$/, '') as EntityName }))
    .filter((r) => r.field.endsWith('Id') && r.parent !== child && r.parent in ENTITY_SCHEMAS)
    .filter((r) => !REFERENCES.has(`${r.child}.${r.field}`)),
);

type RowKey = { entity: EntityName; id: string };

/** What discarding a rejection does (shown to the user before they confirm). */
export type DiscardImpact = {
  entity: string;
  entityId: string;
  /** The server never had the record: it and every local-only row below it disappear. */
  cascade: boolean;
  /** Rows that disappear or return to the server's state, the record itself included. */
  rows: number;
  /** Changes (outbox entries, open rejections) that are dropped with them, besides this one. */
  changes: number;
};

/** Whether the server holds this row: it was pulled once, or an accepted write awaits its pull. */
async function serverHasRow(db: AppDb, k: RowKey, row: Local<Plain> | undefined) {
  if (row && (row._v > 0 || (row as { _base?: unknown })._base !== undefined)) return true;
  const acked = await db.outbox
    .where('[entity+entityId]')
    .equals([k.entity, k.id])
    .filter((e) => e.state === 'acked')
    .count();
  return acked > 0;
}

/** The row and every row below it (parent map PARENT_REFS), breadth first, by index reads. */
async function withDescendants(db: AppDb, root: RowKey): Promise<RowKey[]> {
  const out: RowKey[] = [root];
  const seen = new Set([`${root.entity}:${root.id}`]);
  for (let i = 0; i < out.length; i++) {
    const parent = out[i]!;
    for (const ref of PARENT_REFS.filter((r) => r.parent === parent.entity)) {
      const table = db.entityTable(ref.child);
      // Each parent field has an index (schema.ts); one without would still be found by a scan.
      const kids = await (
        table.schema.idxByName[ref.field]
          ? table.where(ref.field).equals(parent.id)
          : table.filter((row) => (row as Plain)[ref.field] === parent.id)
      ).primaryKeys();
      for (const id of kids as string[]) {
        const k = `${ref.child}:${id}`;
        if (!seen.has(k)) {
          seen.add(k);
          out.push({ entity: ref.child, id });
        }
      }
    }
  }
  return out;
}

type DiscardPlan = DiscardImpact & { keys: RowKey[]; keep: Set<string> };

/** Reads what discarding `r` touches; run inside a transaction over the synced tables + outbox. */
async function planDiscard(db: AppDb, r: LocalRejection): Promise<DiscardPlan> {
  const none = { entity: r.entity, entityId: r.entityId, cascade: false, rows: 0, changes: 0 };
  if (!(r.entity in TABLE_OF)) return { ...none, keys: [], keep: new Set() };
  const root = { entity: r.entity as EntityName, id: r.entityId };
  const row = (await db.entityTable(root.entity).get(root.id)) as Local<Plain> | undefined;
  if (await serverHasRow(db, root, row))
    return {
      ...none,
      rows: row ? 1 : 0,
      keys: [root],
      keep: new Set([`${root.entity}:${root.id}`]),
    };
  const keys = await withDescendants(db, root);
  const keep = new Set<string>();
  let changes = 0;
  for (const k of keys) {
    const own = (await db.entityTable(k.entity).get(k.id)) as Local<Plain> | undefined;
    if (k !== root && (await serverHasRow(db, k, own))) keep.add(`${k.entity}:${k.id}`);
    changes += await db.outbox
      .where('[entity+entityId]')
      .equals([k.entity, k.id])
      .filter((e) => e.discarded !== 1)
      .count();
    changes += await db.rejections
      .where('entityId')
      .equals(k.id)
      .filter((x) => x.resolved === 0 && x.entity === k.entity && x.id !== r.id)
      .count();
  }
  return { ...none, cascade: true, rows: keys.length, changes, keys, keep };
}

/** What `discardRejection` would do, for the confirmation ("Standort und 30 abhängige …"). */
export async function discardImpact(db: AppDb, rejectionId: string): Promise<DiscardImpact> {
  return syncedTransaction(db, 'r', [db.outbox, db.rejections], async (tx) => {
    const r = await tx.rejections.get(rejectionId);
    if (!r || r.resolved === 1) throw new RejectionNotOpenError(rejectionId);
    const { keys: _k, keep: _s, ...impact } = await planDiscard(tx, r);
    return impact;
  });
}

/**
 * Dismiss a rejection and return this device to the server's truth (docs/architecture.md §Apply):
 * - a record the server never had (refused create): it and every local-only row below it
 *   disappear; their queued changes are marked discarded (they keep their clientSeq so the
 *   numbering stays gap-free; the server refuses them and their rejections arrive dismissed),
 *   their open rejections close, and photo bytes no remaining photo names are released;
 * - a record the server has (refused patch, delete, restore): it is rebuilt from the server base
 *   and the changes still queued, without the refused one;
 * - a refused conflict decision: the conflict and its record show the server's state again.
 * All in one transaction.
 */
export async function discardRejection(db: AppDb, rejectionId: string): Promise<void> {
  await discard(db, [rejectionId], true);
}

/**
 * Discard a group of refused changes at once ("Alle verwerfen"), in the order given (the group's
 * head first, so a refused create takes its local-only children with it), in ONE transaction.
 * Ids no longer open (closed by an earlier one of the same call, or elsewhere) are skipped.
 * Returns how many were discarded by name.
 */
export async function discardRejections(
  db: AppDb,
  rejectionIds: readonly string[],
): Promise<number> {
  return discard(db, rejectionIds, false);
}

async function discard(db: AppDb, ids: readonly string[], strict: boolean): Promise<number> {
  const tables = [
    ...SYNCED_TABLES.map((t) => db[t]),
    db.rejections,
    db.conflicts,
    db.blobs,
    db.blobState,
  ];
  return write(
    db,
    tables,
    async (tx) => {
      let n = 0;
      for (const id of ids) {
        const r = await tx.db.rejections.get(id);
        if (!r || r.resolved === 1) {
          if (strict) throw new RejectionNotOpenError(id);
          continue;
        }
        await discardOne(tx.db, r);
        n++;
      }
      if (n > 0) tx.changed();
      return n;
    },
    OWN,
  );
}

async function discardOne(db: AppDb, r: LocalRejection): Promise<void> {
  await db.rejections.update(r.id, { resolved: 1 });
  if (r.entity === 'conflictResolution') return settleDiscardedDecision(db, r.entityId);
  const plan = await planDiscard(db, r);
  if (!plan.cascade) {
    for (const k of plan.keys) await rebuildRow(db, k.entity, k.id, undefined, undefined);
    return;
  }
  const hashes = new Set<string>();
  for (const k of plan.keys) {
    await db.outbox.where('[entity+entityId]').equals([k.entity, k.id]).modify({ discarded: 1 });
    await db.rejections
      .where('entityId')
      .equals(k.id)
      .filter((x) => x.entity === k.entity && x.resolved === 0)
      .modify({ resolved: 1 });
    const table = db.entityTable(k.entity);
    if (plan.keep.has(`${k.entity}:${k.id}`)) {
      await rebuildRow(db, k.entity, k.id, undefined, undefined);
      continue;
    }
    const row = (await table.get(k.id)) as Plain | undefined;
    if (k.entity === 'photo' && row) {
      hashes.add(String(row['sha256']));
      hashes.add(String(row['thumbSha256']));
    }
    await table.delete(k.id);
  }
  // Bytes are released only now, and only those no remaining photo names.
  for (const h of hashes) {
    const used = await db.photos.filter((p) => p.sha256 === h || p.thumbSha256 === h).count();
    if (used > 0) continue;
    await db.blobs.delete(h);
    await db.blobState.delete(h);
  }
}

/** A refused conflict decision: show the server's conflict record and the record's server state. */
async function settleDiscardedDecision(db: AppDb, conflictId: string): Promise<void> {
  const c = (await db.conflicts.get(conflictId)) as
    (ConflictRecord & { _server?: ConflictRecord }) | undefined;
  if (!c) return;
  const queued = await db.outbox
    .where('[entity+entityId]')
    .equals(['conflictResolution', conflictId])
    .filter((e) => e.discarded !== 1)
    .count();
  if (queued === 0 && c._server)
    await db.conflicts.put({ ...c._server, _server: c._server } as never);
  await rebuildRow(db, c.entity, c.entityId, undefined, undefined);
}
