// The review loop on the server (docs/architecture.md §Review): which status changes a person may
// make, what happens to a write on a visit that is locked for its writer, and who reviewed it.
//   - A status change policy's mayMoveVisit refuses → rejection `status_transition`.
//   - A visitor's write to an approved visit or its children → rejection `visit_approved`.
//   - A visitor's patch of a submitted (or legacy done) visit or its children is not applied: each
//     differing field becomes a 'field' conflict (server value = the submitted one, client value
//     = the offline edit), decided with the ordinary conflict machinery by a coordinator, or by
//     the visitor once the visit is returned. A create, delete or restore there is refused as
//     `visit_submitted`: the device keeps its row and can send it again after a return.
//   - Approving or returning stamps reviewedBy/reviewedByName/reviewedAt from the pushing account.
// Review comments are the conversation about the review itself and are never locked here.
import type { EntityName, VisitStatus } from '../../shared/domain/schemas';
import type { Mutation } from '../../shared/protocol';
import { isTrackingField, isTrackingPatch, isVisitLocked, mayMoveVisit } from '../../shared/policy';
import { type ConflictDraft, type MergeOutcome, deepEqual } from '../../shared/sync/merge';
import type { StoredRecord } from '../store/store';
import type { VisitState } from '../store/types';
import type { ApplyContext } from './apply-context';
import { MutationRejected } from './rejection';

/** Fields only the server writes: a mutation carrying one is refused, so nobody can forge a review. */
const REVIEW_STAMP = ['reviewedBy', 'reviewedByName', 'reviewedAt'] as const;
const STAMPED: readonly VisitStatus[] = ['approved', 'returned'];
const UNLOCKED_CHILDREN: readonly string[] = ['reviewComment'];

const statusOf = (r: StoredRecord | null) =>
  (r?.data?.['status'] as VisitStatus | undefined) ?? null;

function refuseForgedStamp(fields: Record<string, unknown>): void {
  const forged = REVIEW_STAMP.find((f) => f in fields);
  if (forged) throw new MutationRejected('invalid', `${forged} is set by the server`, forged);
}

const transitionRefused = (ctx: ApplyContext, from: VisitStatus, to: VisitStatus) =>
  new MutationRejected(
    'status_transition',
    `role ${ctx.user.role} may not move a visit from ${from} to ${to}`,
    'status',
  );

const approvedRefused = () =>
  new MutationRejected('visit_approved', 'the visit is approved: only coordinators change it');

/** Who reviewed the visit and when: the pushing account at the server's time. */
const reviewStamp = (ctx: ApplyContext) => ({
  reviewedBy: ctx.user.id,
  reviewedByName: ctx.user.name || ctx.user.email,
  reviewedAt: ctx.now,
});

/**
 * Checks a mutation of `entity` against the review state of its visit. Throws the rejection;
 * returns the outcome to record instead of merging (the held-back conflicts of an edit to a
 * submitted visit), or null when the mutation goes on to the merge. known: the visit's state as
 * this mutation already read it (a new child's placement), else it is read here.
 */
export async function reviewGate(
  ctx: ApplyContext,
  entity: EntityName,
  m: Mutation,
  current: StoredRecord | null,
  fields: Record<string, unknown>,
  visitId: string | null,
  known?: VisitState,
): Promise<MergeOutcome | null> {
  if (entity === 'visit') return visitGate(ctx, m, current, fields);
  if (visitId === null || UNLOCKED_CHILDREN.includes(entity) || current?.deleted) return null;
  // An advisory need is worked on after its visit is reviewed: its status, owner, due date and
  // offer link stay open to whoever may write it (policy FOLLOW_UP_TRACKING).
  if (entity === 'followUp' && m.op === 'patch' && current && isTrackingPatch(fields)) return null;
  // The visit's status read in SQL: a push of many children never parses the visit per child.
  const visit = known ?? (await ctx.tx.sync.visitPlace(visitId));
  const status = visit && !visit.deleted ? (visit.status as VisitStatus | null) : null;
  if (status === null || !isVisitLocked(ctx.user, status)) return null;
  return lockedWrite(m, current, fields, status);
}

function visitGate(
  ctx: ApplyContext,
  m: Mutation,
  current: StoredRecord | null,
  fields: Record<string, unknown>,
): MergeOutcome | null {
  refuseForgedStamp(fields);
  if (current?.deleted && m.op !== 'restore') return null;
  const from = statusOf(current) ?? 'planned';
  const to = fields['status'] as VisitStatus | undefined;
  if (to !== undefined && to !== from) {
    const siteId = current?.siteId ?? (fields['siteId'] as string);
    if (mayMoveVisit(ctx.user, from, to, siteId)) return null;
    if (from === 'approved' && isVisitLocked(ctx.user, from)) throw approvedRefused();
    throw transitionRefused(ctx, from, to);
  }
  if (current === null || !isVisitLocked(ctx.user, from)) return null;
  return lockedWrite(m, current, fields, from);
}

/** A write by someone the visit's state locks out: refused, or held back as conflicts. */
function lockedWrite(
  m: Mutation,
  current: StoredRecord | null,
  fields: Record<string, unknown>,
  status: VisitStatus,
): MergeOutcome {
  if (status === 'approved') throw approvedRefused();
  if (m.op !== 'patch' || current === null)
    throw new MutationRejected(
      'visit_submitted',
      'the visit is submitted for review: it can be changed again after a return',
    );
  const conflicts: ConflictDraft[] = Object.keys(fields)
    .filter((f) => !deepEqual(current.data[f], fields[f]))
    .map((f) => ({
      kind: 'field',
      field: f,
      serverValue: current.data[f],
      clientValue: fields[f],
    }));
  return { next: null, conflicts, changedFields: [] };
}

/** Approving or returning a visit records who did it and when (after the merge applied it). */
export function stampReview(
  ctx: ApplyContext,
  entity: EntityName,
  outcome: MergeOutcome,
  seq: number,
): MergeOutcome {
  const next = outcome.next;
  if (entity !== 'visit' || !next || !outcome.changedFields.includes('status')) return outcome;
  if (!STAMPED.includes(next.data['status'] as VisitStatus)) return outcome;
  const stamp = reviewStamp(ctx);
  const versions = Object.fromEntries(REVIEW_STAMP.map((f) => [f, seq]));
  const writers = Object.fromEntries(REVIEW_STAMP.map((f) => [f, ctx.clientId]));
  return {
    ...outcome,
    next: {
      ...next,
      data: { ...next.data, ...stamp },
      fieldVersions: { ...next.fieldVersions, ...versions },
      fieldWriters: { ...next.fieldWriters, ...writers },
    },
    changedFields: [...outcome.changedFields, ...REVIEW_STAMP],
  };
}

/**
 * A conflict decision writes like a patch: refused while the visit is locked for the person
 * (except a decision on a follow-up's tracking field, `field`, which a locked visit lets through
 * like the patch), a status it sets must be a move the person may make, and approving or
 * returning is stamped. Returns the fields to write.
 */
export async function reviewResolution(
  ctx: ApplyContext,
  current: StoredRecord,
  written: Record<string, unknown>,
  field: string | null,
): Promise<Record<string, unknown>> {
  const tracking =
    current.entity === 'followUp' &&
    field !== null &&
    isTrackingField(field) &&
    Object.keys(written).every((f) => f === field);
  const status =
    current.entity === 'visit'
      ? statusOf(current)
      : current.visitId && !UNLOCKED_CHILDREN.includes(current.entity) && !tracking
        ? (((await ctx.tx.sync.visitPlace(current.visitId))?.status as VisitStatus | null) ?? null)
        : null;
  if (status && isVisitLocked(ctx.user, status)) {
    const code = status === 'approved' ? 'visit_approved' : 'visit_submitted';
    throw new MutationRejected(code, `the visit is ${status}: a coordinator decides this conflict`);
  }
  if (current.entity !== 'visit') return written;
  refuseForgedStamp(written);
  const to = written['status'] as VisitStatus | undefined;
  if (to === undefined || to === status) return written;
  if (status && !mayMoveVisit(ctx.user, status, to, current.siteId))
    throw transitionRefused(ctx, status, to);
  if (!STAMPED.includes(to)) return written;
  return { ...written, ...reviewStamp(ctx) };
}
