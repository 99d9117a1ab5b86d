// A 'conflictResolution' mutation: a person chose how a recorded conflict ends.
//   kind 'field':                    mine → the client's value; edited → `value`; theirs → keep.
//   kind 'edit_on_deleted':          mine → restore + the client's values; edited → restore + `value`
//                                    (an object of fields, may be empty); theirs → stays deleted.
//   kind 'delete_with_unseen_edits': theirs → restore (the unseen edits win); mine/edited → stays
//                                    deleted. (Same rule as the client's resolveConflict mutator.)
// The chosen value is written as a deliberate act (no merge check) and the conflict is marked
// resolved with a new seq so every device learns it. Resolving twice is a no-op.
import { type EntityName, IMMUTABLE_FIELDS, patchSchema } from '../../shared/domain/schemas';
import { ConflictResolutionFields, type Mutation, type MutationResult } from '../../shared/protocol';
import { canReadSite, canWrite } from '../auth/policy';
import type { ApplyContext } from './apply-mutation';
import { MutationRejected, zodRejection } from './rejection';
import { writeWithCascade } from './records';

export function resolveConflict(ctx: ApplyContext, m: Mutation): MutationResult {
  const { db, user } = ctx;
  const parsed = ConflictResolutionFields.safeParse(m.fields);
  if (!parsed.success) throw zodRejection(parsed.error);
  const { conflictId, resolution, value } = parsed.data;
  const conflict = db.sync.conflict(conflictId);
  if (!conflict || !canReadSite(user, conflict.siteId)) throw new MutationRejected('not_found', `conflict ${conflictId} does not exist`, 'conflictId');
  const current = db.sync.record(conflict.entity, conflict.entityId);
  if (!current) throw new MutationRejected('not_found', 'the conflicting record does not exist', 'conflictId');
  if (conflict.status === 'resolved') return { id: m.id, clientSeq: m.clientSeq, status: 'applied', serverSeq: current.version };

  let fields: Record<string, unknown> = {};
  let restore = false;
  if (conflict.kind === 'field') {
    if (resolution !== 'theirs') fields = { [conflict.field!]: resolution === 'mine' ? conflict.clientValue : value };
  } else {
    const restores = conflict.kind === 'edit_on_deleted' ? resolution !== 'theirs' : resolution === 'theirs';
    restore = restores && current.deleted;
    if (conflict.kind === 'edit_on_deleted' && resolution !== 'theirs') fields = mutableFields(conflict.entity, resolution === 'mine' ? conflict.clientValue : value);
  }
  const valid = patchSchema(conflict.entity).safeParse(fields);
  if (!valid.success) throw zodRejection(valid.error);
  const op = restore ? 'restore' : 'patch';
  if (!canWrite(user, conflict.entity, op, { siteId: current.siteId, createdBy: current.createdBy })) {
    throw new MutationRejected('forbidden', `role ${user.role} may not resolve this conflict`);
  }

  const seq = db.sync.nextSeq();
  const changed = Object.keys(valid.data);
  if (changed.length || restore) {
    const data = { ...current.data, ...valid.data };
    const fieldVersions = { ...current.fieldVersions, ...Object.fromEntries(changed.map((f) => [f, seq])) };
    const fieldWriters = { ...current.fieldWriters, ...Object.fromEntries(changed.map((f) => [f, ctx.clientId])) };
    const deleted = restore ? false : current.deleted;
    writeWithCascade(db, current, {
      ...current, data, fieldVersions, fieldWriters, version: seq, seq, deleted,
      deletedSeq: deleted ? current.deletedSeq : null, deletedByCascade: deleted ? current.deletedByCascade : false, updatedBy: user.id,
    });
  }
  db.sync.resolveConflict(conflictId, resolution, db.sync.nextSeq());
  return { id: m.id, clientSeq: m.clientSeq, status: 'applied', serverSeq: seq };
}

/** The mutable fields of an object value (a create's fields also carry id, visitId, …). */
function mutableFields(entity: EntityName, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([k]) => !IMMUTABLE_FIELDS[entity].includes(k)));
}
