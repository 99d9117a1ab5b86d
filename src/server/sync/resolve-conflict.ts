// A 'conflictResolution' mutation: a person chose how a recorded conflict ends. The rule itself is
// shared with the devices (src/shared/sync/resolve-conflict.ts); here it is checked and written.
// The chosen value is written as a deliberate act (no merge check) and the conflict is marked
// resolved with a new seq so every device learns it. Resolving twice is a no-op. A decision made
// on an earlier save of a conflict a later save joined since keeps that later value open
// (reopenUnseen, docs/architecture.md §Merge).
import { patchSchema } from '../../shared/domain/schemas';
import {
  ConflictResolutionFields,
  type Mutation,
  type MutationResult,
} from '../../shared/protocol';
import { conflictOutcome, resolutionProblem } from '../../shared/sync/resolve-conflict';
import { canReadSite, canWrite } from '../../shared/policy';
import type { ApplyContext } from './apply-context';
import { MutationRejected, zodRejection } from './rejection';
import { reopenUnseen, writeWithCascade } from './records';
import { reviewResolution } from './review-rules';
import { keptHistory } from './history-writer';
import { advisoryResolution, closingDayFollowsStatus } from './advisory-rules';

export async function resolveConflict(ctx: ApplyContext, m: Mutation): Promise<MutationResult> {
  const { tx, user } = ctx;
  const parsed = ConflictResolutionFields.safeParse(m.fields);
  if (!parsed.success) throw zodRejection(parsed.error);
  const { conflictId, resolution, value, seen } = parsed.data;
  const conflict = await tx.sync.conflict(conflictId);
  if (!conflict || !canReadSite(user, conflict.siteId))
    throw new MutationRejected('not_found', `conflict ${conflictId} does not exist`, 'conflictId');
  const current = await tx.sync.record(conflict.entity, conflict.entityId);
  if (!current)
    throw new MutationRejected('not_found', 'the conflicting record does not exist', 'conflictId');
  if (conflict.status === 'resolved')
    return { id: m.id, clientSeq: m.clientSeq, status: 'applied', serverSeq: current.version };

  // The server holds the first-committed values already: `kept` needs no write here.
  const outcome = conflictOutcome(conflict, resolution, value, current.deleted);
  const { restore, fields } = outcome;
  const valid = patchSchema(conflict.entity).safeParse(fields);
  if (!valid.success) throw zodRejection(valid.error);
  const op = restore ? 'restore' : 'patch';
  if (
    !canWrite(user, conflict.entity, op, { siteId: current.siteId, createdBy: current.createdBy })
  ) {
    throw new MutationRejected('forbidden', `role ${user.role} may not resolve this conflict`);
  }
  await advisoryResolution(ctx, current, valid.data);
  // The record the decision leaves behind must satisfy its whole schema (§Merge).
  if (current.data === null)
    throw new MutationRejected('purged', 'the conflicting record was purged', 'conflictId');
  const problem = resolutionProblem(
    conflict,
    resolution,
    value,
    { ...current.data, id: current.id },
    outcome,
  );
  if (problem) throw new MutationRejected(problem.code, problem.message, problem.path);
  const written = closingDayFollowsStatus(
    current,
    await reviewResolution(ctx, current, valid.data, conflict.field), // docs/architecture.md §Review
  );

  const seq = await tx.sync.nextSeq();
  const changed = Object.keys(written);
  const by = { userId: user.id, clientId: ctx.clientId, at: ctx.now, conflictId };
  if (changed.length || restore) {
    const data = { ...current.data, ...written };
    const fieldVersions = {
      ...current.fieldVersions,
      ...Object.fromEntries(changed.map((f) => [f, seq])),
    };
    const fieldWriters = {
      ...current.fieldWriters,
      ...Object.fromEntries(changed.map((f) => [f, ctx.clientId])),
    };
    const deleted = restore ? false : current.deleted;
    await writeWithCascade(
      tx,
      current,
      {
        ...current,
        data,
        fieldVersions,
        fieldWriters,
        version: seq,
        seq,
        deleted,
        deletedSeq: deleted ? current.deletedSeq : null,
        deletedByCascade: deleted ? current.deletedByCascade : false,
        updatedBy: user.id,
        updatedAt: ctx.now,
      },
      by,
    );
  } else await keptHistory(tx, current, conflict, by);
  await tx.sync.resolveConflict(conflictId, resolution, await tx.sync.nextSeq());
  const field = conflict.field;
  const reopened = await reopenUnseen(tx, conflict, seen, {
    standing: field === null ? null : { ...current.data, ...written }[field],
    serverAuthorId:
      field !== null && field in written ? user.id : (conflict.serverAuthorId ?? null),
    visitId: current.visitId,
    now: ctx.now,
    decidedBy: user.id,
  });
  return {
    id: m.id,
    clientSeq: m.clientSeq,
    status: 'applied',
    serverSeq: seq,
    ...(reopened ? { conflictIds: [reopened] } : {}),
  };
}
