// Mutation schema 1 kept a visit's participants as one list field. Devices that queued such a
// mutation before they updated, and apps not yet updated, still send it; the server translates
// the list into per-item writes of participant rows with the deterministic ids the migration
// gave the stored lists (docs/adr/0007-participants-as-rows.md, docs/architecture.md §Push
// step 3). Each item is merged field by field like any participant patch, judged against the
// visit version the user saw, so an unseen concurrent edit of one person is a conflict of that
// person's field, never a silent overwrite of the whole list.
import {
  LegacyParticipants,
  legacyParticipantId,
  type EntityName,
} from '../../shared/domain/schemas';
import type { Mutation, MutationResult } from '../../shared/protocol';
import type { ApplyContext } from './apply-context';
import { MutationRejected } from './rejection';

/** The schema version whose visit mutations may carry a `participants` list. */
const LEGACY_SCHEMA = 1;

type ApplyEntity = (ctx: ApplyContext, m: Mutation, entity: EntityName) => Promise<MutationResult>;

export function isLegacyParticipantsMutation(m: Mutation): boolean {
  return m.schemaVersion <= LEGACY_SCHEMA && m.entity === 'visit' && 'participants' in m.fields;
}

/**
 * 1. Validate the list (an invalid item rejects the whole mutation, as it always did).
 * 2. Apply the visit mutation without the list (an empty patch still checks existence and scope).
 * 3. Item i → participant `<visitId>~p<i>`: patch if the row exists, else create.
 * 4. Legacy rows past the list's end that are alive → delete (the user removed them).
 * One result: conflict if any step had one, with the highest seq written (the device keeps
 * showing its entry until its pull covers every row the translation wrote).
 */
export async function applyLegacyParticipants(
  ctx: ApplyContext,
  m: Mutation,
  apply: ApplyEntity,
): Promise<MutationResult> {
  // 1.
  const parsed = LegacyParticipants.safeParse(m.fields['participants']);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['participants', ...(issue?.path ?? [])].join('.');
    throw new MutationRejected('invalid', `${path}: ${issue?.message ?? 'invalid'}`, path);
  }
  const { participants: _list, ...rest } = m.fields;
  // 2.
  const results = [await apply(ctx, { ...m, fields: rest }, 'visit')];
  const visit = await ctx.tx.sync.record('visit', m.entityId);
  if (!visit || visit.data === null) return results[0]!;
  const createdAt = visit.data['createdAt'] as string;
  // 3.
  for (const [order, item] of parsed.data.entries()) {
    const id = legacyParticipantId(visit.id, order);
    const fields = { ...item, order };
    const sub: Mutation = (await ctx.tx.sync.place('participant', id))
      ? { ...m, entity: 'participant', entityId: id, op: 'patch', fields }
      : {
          ...m,
          entity: 'participant',
          entityId: id,
          op: 'create',
          baseVersion: null,
          fields: { id, visitId: visit.id, ...fields, createdAt },
        };
    results.push(await apply(ctx, sub, 'participant'));
  }
  // 4. (ids and flags only: the visit's other children and their content are never loaded)
  for (const child of await ctx.tx.sync.childStates(visit.id)) {
    if (child.entity !== 'participant' || child.deleted) continue;
    const index = /~p(\d+)$/.exec(child.id)?.[1];
    if (index === undefined || child.id !== legacyParticipantId(visit.id, Number(index))) continue;
    if (Number(index) < parsed.data.length) continue;
    results.push(
      await apply(
        ctx,
        { ...m, entity: 'participant', entityId: child.id, op: 'delete', fields: {} },
        'participant',
      ),
    );
  }
  const conflictIds = results.flatMap((r) => r.conflictIds ?? []);
  const seqs = results.map((r) => r.serverSeq).filter((s): s is number => s !== undefined);
  const serverSeq = seqs.length ? Math.max(...seqs) : undefined;
  return {
    id: m.id,
    clientSeq: m.clientSeq,
    status: conflictIds.length ? 'conflict' : 'applied',
    ...(serverSeq !== undefined ? { serverSeq } : {}),
    ...(conflictIds.length ? { conflictIds } : {}),
  };
}
