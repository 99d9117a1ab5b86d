// Mutators for the human side of invariants 2 and 4 (docs/architecture.md): resolving a conflict
// and resubmitting or discarding a rejection. Like every writer they change rows and the outbox in
// one transaction, opened by write.ts.
import { ENTITY_SCHEMAS, type EntityName } from '../../shared/domain/schemas';
import type { MutationOp } from '../../shared/protocol';
import { type Resolution, conflictOutcome } from '../../shared/sync/resolve-conflict';
import { RecordNotFoundError, ValidationError, zodIssues } from './errors';
import { type AppDb, type Local, TABLE_OF } from './schema';
import { visitOfRecord } from './sync-queries';
import { validatePatch, write } from './write';

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
 */
export async function resolveConflict(
  db: AppDb,
  conflictId: string,
  resolution: Resolution,
  value?: unknown,
): Promise<void> {
  const c = await db.conflicts.get(conflictId);
  if (!c || c.status !== 'open') throw new ConflictNotOpenError(conflictId);
  // Validated before the transaction; the tombstone only decides whether a restore happens.
  const planned = conflictOutcome(c, resolution, value, true);
  validatePatch(c.entity, { ...planned.kept, ...planned.fields });
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
        fields:
          resolution === 'edited' ? { conflictId, resolution, value } : { conflictId, resolution },
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

/** Dismiss a rejection: the server keeps its state; the notice is closed on this device. */
export async function discardRejection(db: AppDb, rejectionId: string): Promise<void> {
  const n = await db.rejections
    .where('id')
    .equals(rejectionId)
    .and((r) => r.resolved === 0)
    .modify({ resolved: 1 });
  if (n === 0) throw new RejectionNotOpenError(rejectionId);
}
