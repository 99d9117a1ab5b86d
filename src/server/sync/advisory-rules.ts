// The server's rules for the records around advisory work (docs/domain.md §Offers, §Ratings),
// after the schema, the placement and the policy:
//   - a rating's id is fieldRatingId(visitId, perspective, fieldId), so one field of one visit has
//     one rating per perspective (`invalid`, path id); each person rates only the perspective that
//     is theirs (canRatePerspective, `forbidden`, path perspective);
//   - a follow-up links only an offer the server knows (`invalid`, path offerId);
//   - a conflict decision writes like a patch (advisoryResolution): only who may give a rating's
//     perspective decides its conflicts, and an edited offer link must name a known offer;
//   - a decision on a need's status or closing day never leaves an open need with a closing day
//     (closingDayFollowsStatus), as a status change on a device never does (followUpStatusPatch).
import { isOpenFollowUp } from '../../shared/domain/follow-ups';
import { type EntityName, fieldRatingId } from '../../shared/domain/schemas';
import type { FollowUp, Perspective } from '../../shared/domain/schemas';
import type { Mutation } from '../../shared/protocol';
import { canRatePerspective } from '../../shared/policy';
import type { StoredRecord } from '../store/store';
import type { ApplyContext } from './apply-context';
import { MutationRejected } from './rejection';

export async function advisoryGate(
  ctx: ApplyContext,
  entity: EntityName,
  m: Mutation,
  current: StoredRecord | null,
  fields: Record<string, unknown>,
): Promise<void> {
  if (entity === 'fieldRating') checkRating(ctx, m, current, fields);
  if (entity === 'followUp') await checkOfferLink(ctx, fields);
}

function checkRating(
  ctx: ApplyContext,
  m: Mutation,
  current: StoredRecord | null,
  fields: Record<string, unknown>,
): void {
  const row = current?.data ?? fields;
  const perspective = row['perspective'] as Perspective;
  if (
    current === null &&
    m.entityId !== fieldRatingId(String(row['visitId']), perspective, String(row['fieldId']))
  )
    throw new MutationRejected('invalid', 'a rating id is <visitId>~<perspective>~<fieldId>', 'id');
  checkPerspective(ctx, perspective);
}

function checkPerspective(ctx: ApplyContext, perspective: Perspective): void {
  if (!canRatePerspective(ctx.user, perspective))
    throw new MutationRejected(
      'forbidden',
      `role ${ctx.user.role} may not give the ${perspective} rating`,
      'perspective',
    );
}

/** A decision on a conflict of `current` that writes `fields`: the same rules as a patch. */
export async function advisoryResolution(
  ctx: ApplyContext,
  current: StoredRecord,
  fields: Record<string, unknown>,
): Promise<void> {
  if (current.entity === 'fieldRating')
    checkPerspective(ctx, current.data?.['perspective'] as Perspective);
  if (current.entity === 'followUp') await checkOfferLink(ctx, fields);
}

async function checkOfferLink(ctx: ApplyContext, fields: Record<string, unknown>): Promise<void> {
  const offerId = fields['offerId'];
  if (typeof offerId !== 'string') return;
  if (!(await ctx.tx.sync.place('offer', offerId)))
    throw new MutationRejected('invalid', `offer ${offerId} does not exist`, 'offerId');
}

/**
 * What a conflict decision on a need writes, with its closing day kept to its status: two
 * devices moving a need apart offline meet as two conflicts (status, closedAt) decided one by
 * one, and an open need left with a day would read as closed on that day.
 */
export function closingDayFollowsStatus(
  current: StoredRecord,
  written: Record<string, unknown>,
): Record<string, unknown> {
  if (current.entity !== 'followUp' || !('status' in written || 'closedAt' in written))
    return written;
  const after = { ...current.data, ...written };
  const open = isOpenFollowUp({ status: after['status'] as FollowUp['status'] });
  return open && after['closedAt'] != null ? { ...written, closedAt: null } : written;
}
