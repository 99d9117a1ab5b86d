// Review comments on the server (docs/architecture.md §Review comments), checked after the
// general placement and policy (a comment is a child of its visit, canWrite gives patch, delete
// and restore to its author and coordinators):
//   - a new comment points at its own visit or at a record of that same visit, never into
//     another visit or site (`invalid`, path target); a reply answers a comment of the same
//     visit about the same target (`invalid`, path replyTo);
//   - an approved visit takes no comment writes from visitors (`visit_approved`), as it takes
//     no other writes from them; a submitted one does (canComment);
//   - only its author changes a comment's text, coordinators included (`forbidden`).
import type { CommentTarget, EntityName, VisitStatus } from '../../shared/domain/schemas';
import type { Mutation } from '../../shared/protocol';
import { canComment } from '../../shared/policy';
import { deepEqual } from '../../shared/sync/merge';
import type { StoredRecord } from '../store/store';
import type { VisitState } from '../store/types';
import type { ApplyContext } from './apply-context';
import { MutationRejected } from './rejection';

export async function commentGate(
  ctx: ApplyContext,
  entity: EntityName,
  m: Mutation,
  current: StoredRecord | null,
  fields: Record<string, unknown>,
  place: { siteId: string | null; visitId: string | null; visit?: VisitState | undefined },
): Promise<void> {
  if (entity !== 'reviewComment' || place.siteId === null || place.visitId === null) return;
  // The visit as a new comment's placement read it, else read here.
  const visit = place.visit ?? (await ctx.tx.sync.visitPlace(place.visitId));
  const status = (visit?.status as VisitStatus | null) ?? 'planned';
  if (!canComment(ctx.user, { siteId: place.siteId, status })) {
    if (status === 'approved')
      throw new MutationRejected(
        'visit_approved',
        'the visit is approved: only coordinators comment',
      );
    throw new MutationRejected('forbidden', `role ${ctx.user.role} may not comment here`);
  }
  if (m.op === 'create' && current === null) await checkPlace(ctx, place.visitId, fields);
  if (
    m.op === 'patch' &&
    current !== null &&
    'text' in fields &&
    fields['text'] !== current.data['text'] &&
    current.createdBy !== ctx.user.id
  )
    throw new MutationRejected('forbidden', "only a comment's author changes its text", 'text');
}

/** The target and the answered comment of a new comment must lie in the comment's own visit. */
async function checkPlace(
  ctx: ApplyContext,
  visitId: string,
  fields: Record<string, unknown>,
): Promise<void> {
  const target = fields['target'] as CommentTarget;
  const inVisit =
    target.entity === 'visit'
      ? target.id === visitId
      : (await ctx.tx.sync.record(target.entity, target.id))?.visitId === visitId;
  if (!inVisit)
    throw new MutationRejected(
      'invalid',
      'the target must be the visit or one of its records',
      'target',
    );
  const replyTo = fields['replyTo'] as string | null;
  if (replyTo === null) return;
  const parent = await ctx.tx.sync.record('reviewComment', replyTo);
  if (!parent || parent.visitId !== visitId || !deepEqual(parent.data?.['target'], target))
    throw new MutationRejected(
      'invalid',
      'a reply answers a comment of the same visit about the same target',
      'replyTo',
    );
}
