// Mutators for the human side of invariants 2 and 4: resolving a conflict and resubmitting
// or discarding a rejection. Like every writer they change rows and the outbox in one transaction.
import { ENTITY_SCHEMAS, type EntityName } from '../../shared/domain/schemas';
import { SCHEMA_VERSION, type MutationOp } from '../../shared/protocol';
import { RecordNotFoundError, ValidationError, zodIssues } from './errors';
import { newId, nowIso } from './ids';
import { type AppDb, type Local, type OutboxEntry, TABLE_OF } from './schema';
import { visitOfRecord } from './sync-queries';
import { localWrites, takeSeq, validatePatch } from './write';

export type Resolution = 'mine' | 'theirs' | 'edited';

/** The conflict is gone or already resolved (e.g. by another person, synced in meanwhile). */
export class ConflictNotOpenError extends Error {
  override name = 'ConflictNotOpenError';
  constructor(readonly conflictId: string) { super(`conflict ${conflictId} is not open`); }
}

export class RejectionNotOpenError extends Error {
  override name = 'RejectionNotOpenError';
  constructor(readonly rejectionId: string) { super(`rejection ${rejectionId} is not open`); }
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

async function enqueue(db: AppDb, e: Pick<OutboxEntry, 'entity' | 'entityId' | 'op' | 'baseVersion' | 'fields' | 'visitId'>): Promise<void> {
  await db.outbox.add({
    ...e, clientSeq: await takeSeq(db), id: newId(), schemaVersion: SCHEMA_VERSION, clientTime: nowIso(),
    state: 'pending', createdAt: Date.now(), attempts: 0,
  });
}

function unwrap(e: unknown): unknown {
  const inner = (e as { inner?: unknown }).inner;
  return inner instanceof Error ? inner : e;
}

/**
 * Resolve a conflict. `mine`/`theirs` refer to the conflict record: mine = clientValue (the value of
 * the mutation that arrived second), theirs = serverValue (first committed). The chosen value is
 * applied locally at once and a `conflictResolution` mutation carries the decision to the server.
 */
export async function resolveConflict(db: AppDb, conflictId: string, resolution: Resolution, value?: unknown): Promise<void> {
  const c = await db.conflicts.get(conflictId);
  if (!c || c.status !== 'open') throw new ConflictNotOpenError(conflictId);
  const chosen = resolution === 'mine' ? c.clientValue : resolution === 'theirs' ? c.serverValue : value;
  if (c.kind === 'field' && c.field) validatePatch(c.entity, { [c.field]: chosen });
  const table = db.entityTable(c.entity);
  try {
    await db.transaction('rw', [table, db.outbox, db.meta, db.conflicts], async () => {
      const now = await db.conflicts.get(conflictId);
      if (!now || now.status !== 'open') throw new ConflictNotOpenError(conflictId);
      const row = (await table.get(c.entityId)) as Local<Plain> | undefined;
      if (row) {
        if (c.kind === 'field' && c.field) await table.update(c.entityId, { [c.field]: chosen } as never);
        // edit_on_deleted: keeping the edit restores the record; delete_with_unseen_edits: keeping the edits restores it.
        const restore = (c.kind === 'edit_on_deleted' && resolution !== 'theirs') || (c.kind === 'delete_with_unseen_edits' && resolution === 'theirs');
        if (restore && row._deleted === 1) await table.update(c.entityId, { _deleted: 0 } as never);
      }
      await db.conflicts.update(conflictId, { status: 'resolved', resolution });
      await enqueue(db, {
        entity: 'conflictResolution', entityId: conflictId, op: 'patch',
        baseVersion: row && row._v > 0 ? row._v : null,
        fields: resolution === 'edited' ? { conflictId, resolution, value: chosen } : { conflictId, resolution },
        visitId: await visitOfRecord(db, c.entity, c.entityId),
      });
    });
  } catch (e) { throw unwrap(e); }
  localWrites.dispatchEvent(new CustomEvent('write', { detail: { db: db.name, count: 1 } }));
}

/**
 * Resubmit a rejected change with the user's edits as a new ordinary mutation and mark the rejection
 * resolved — atomically. A record the server never accepted (local version 0) is sent as a create.
 */
export async function resubmitRejection(db: AppDb, rejectionId: string, edits: Plain): Promise<void> {
  const r = await db.rejections.get(rejectionId);
  if (!r || r.resolved === 1) throw new RejectionNotOpenError(rejectionId);
  if (!(r.entity in TABLE_OF)) throw new RecordNotFoundError(r.entity, r.entityId);
  const entity = r.entity as EntityName;
  const table = db.entityTable(entity);
  const payloadOp = (r.payload as { op?: unknown } | null)?.op;
  try {
    await db.transaction('rw', [table, db.outbox, db.meta, db.rejections], async () => {
      const row = (await table.get(r.entityId)) as Local<Plain> | undefined;
      if (!row) throw new RecordNotFoundError(entity, r.entityId);
      const visitId = await visitOfRecord(db, entity, r.entityId);
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
        fields = op === 'create' ? (({ id: _id, ...rest }) => rest)(merged) : validatePatch(entity, edits);
      }
      await enqueue(db, { entity, entityId: r.entityId, op, baseVersion, fields, visitId });
      await db.rejections.update(rejectionId, { resolved: 1 });
    });
  } catch (e) { throw unwrap(e); }
  localWrites.dispatchEvent(new CustomEvent('write', { detail: { db: db.name, count: 1 } }));
}

/** Dismiss a rejection: the server keeps its state; the notice is closed on this device. */
export async function discardRejection(db: AppDb, rejectionId: string): Promise<void> {
  const n = await db.rejections.where('id').equals(rejectionId).and((r) => r.resolved === 0).modify({ resolved: 1 });
  if (n === 0) throw new RejectionNotOpenError(rejectionId);
}
