// Applies one validated-in-order mutation inside the request's write transaction
// (docs/architecture.md §Push steps 3–4): bound its depth, validate with the shared schemas,
// authorize with the policy, merge field by field, record conflicts, keep the account within
// its record quota and each record within its size. Anything invalid, forbidden or over a
// limit becomes a rejection record that syncs back to its author; it never blocks the queue.
import { v7 as uuidv7 } from 'uuid';
import {
  ENTITY_SCHEMAS,
  IMMUTABLE_FIELDS,
  patchSchema,
  type EntityName,
} from '../../shared/domain/schemas';
import { Mutation, type MutationResult, SCHEMA_VERSION } from '../../shared/protocol';
import type { ApplyContext } from './apply-context';
import { MAX_JSON_DEPTH, type MutationEnvelope, deeperThan } from './incoming';
import type { z } from '../../shared/zod';
import { canReadRecord, canReadSite, canWrite } from '../../shared/policy';
import { SITELESS_PLACE, checkTemplateWrite } from './template-rules';
import type { StoredRecord } from '../store/store';
import type { VisitState } from '../store/types';
import { resolveConflict } from './resolve-conflict';
import { type ConflictDraft, merge } from '../../shared/sync/merge';
import { MutationRejected, zodRejection } from './rejection';
import { recordConflicts, writeWithCascade } from './records';
import { applyLegacyParticipants, isLegacyParticipantsMutation } from './legacy-participants';
import { reviewGate, stampReview } from './review-rules';
import { commentGate } from './comment-rules';
import { advisoryGate } from './advisory-rules';

/** idUsed: a device applied raw.id before (SyncStore.priorApplication), read by the caller. */
export async function applyMutation(
  ctx: ApplyContext,
  raw: MutationEnvelope,
  idUsed: boolean,
): Promise<MutationResult> {
  // Deeper JSON than any mutation needs would break recursive code further on (and SQLite's
  // json() at 1000 levels): refused before anything walks it.
  if (deeperThan(raw, MAX_JSON_DEPTH))
    return reject(
      ctx,
      raw,
      new MutationRejected(
        'too_deep',
        `the mutation is nested deeper than ${MAX_JSON_DEPTH} levels`,
      ),
    );
  const keepsVisits = LEAVES_VISITS.has(raw.entity as string);
  if (!keepsVisits) ctx.visitPlaces = undefined;
  try {
    return await applyParsed(ctx, raw, idUsed);
  } finally {
    if (!keepsVisits) ctx.visitPlaces = undefined;
  }
}

/**
 * Entities whose mutations never write a visit's row (records.ts: a write changes its own record,
 * and a visit's deletion or restore its children), so the places of visits the push read stay
 * true across them (ApplyContext.visitPlaces). Any other entity, or none, empties them.
 */
const LEAVES_VISITS: ReadonlySet<string> = new Set<EntityName>([
  'checklistItem',
  'observation',
  'followUp',
  'photo',
  'participant',
  'reviewComment',
  'fieldRating',
]);

async function applyParsed(
  ctx: ApplyContext,
  raw: MutationEnvelope,
  idUsed: boolean,
): Promise<MutationResult> {
  const parsed = Mutation.safeParse(raw);
  if (!parsed.success) return reject(ctx, raw, zodRejection(parsed.error));
  const m = parsed.data;
  const apply = async () => {
    // The bytes the previous mutation of this push left: nothing changes them in between (the
    // push's mutations run one after another in its transaction, and the steps between them,
    // a replay's answer and the applied_mutations row, charge nothing).
    const before = ctx.usage ?? (await ctx.tx.sync.usage(ctx.user.id));
    ctx.usage = undefined;
    const result = await applyChecked(ctx, m, idUsed);
    const after = await ctx.tx.sync.usage(ctx.user.id);
    if (after > before && after > ctx.limits.recordQuotaBytes)
      throw new MutationRejected(
        'quota_exceeded',
        `the account's stored records would exceed ${ctx.limits.recordQuotaBytes} bytes`,
      );
    ctx.usage = after;
    return result;
  };
  try {
    // A refusal may come after a write (the account's quota), and must take the whole mutation
    // back, so a rejection never leaves half of it applied: that needs a savepoint per mutation.
    // A savepoint copies every page the mutation touches, which costs a push more than the writes
    // themselves, so a push first runs without; a refusal then undoes the whole push
    // (NeedsSavepoints) and it runs again with them.
    return await (ctx.savepointPerMutation ? ctx.tx.savepoint(apply) : apply());
  } catch (e) {
    if (!(e instanceof MutationRejected)) throw e;
    if (!ctx.savepointPerMutation) throw new NeedsSavepoints();
    return reject(ctx, m, e);
  }
}

/**
 * Thrown out of a push's transaction when a mutation run without its own savepoint is refused:
 * the push's savepoint takes everything back and the push runs again with savepointPerMutation.
 */
export class NeedsSavepoints extends Error {
  override name = 'NeedsSavepoints';
}

async function applyChecked(
  ctx: ApplyContext,
  m: Mutation,
  idUsed: boolean,
): Promise<MutationResult> {
  if (idUsed)
    throw new MutationRejected(
      'duplicate_mutation_id',
      'this mutation id was already used with another sequence number',
    );
  if (m.schemaVersion > SCHEMA_VERSION)
    throw new MutationRejected(
      'schema_too_new',
      `schema ${m.schemaVersion} is newer than the server's ${SCHEMA_VERSION}`,
    );
  if (m.entity === 'conflictResolution') return resolveConflict(ctx, m);
  if (isLegacyParticipantsMutation(m)) return applyLegacyParticipants(ctx, m, applyEntityMutation);
  return applyEntityMutation(ctx, m, m.entity);
}

/**
 * What a rejection keeps of the mutation it refused (docs/architecture.md §Push step 3): the
 * whole mutation when it is small (MAX_REJECTION_PAYLOAD_BYTES) and the account is below its
 * quota, charged to the account; otherwise only its envelope (id, entity, op …) with
 * `truncated: true`. The device keeps its own copy of what it sent, and editing or resending a
 * rejection starts from its local row, so nothing is lost by keeping less here.
 */
async function rejectionPayload(
  ctx: ApplyContext,
  m: MutationEnvelope,
  deep: boolean,
): Promise<unknown> {
  if (!deep) {
    const bytes = Buffer.byteLength(JSON.stringify(m));
    const room = ctx.limits.recordQuotaBytes - (await ctx.tx.sync.usage(ctx.user.id));
    if (bytes <= ctx.limits.maxRejectionPayloadBytes && bytes <= room) {
      await ctx.tx.sync.addUsage(ctx.user.id, bytes);
      return m;
    }
  }
  const envelope: Record<string, unknown> = { truncated: true };
  for (const key of ENVELOPE_KEYS) {
    const v = m[key];
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) envelope[key] = v;
    else if (typeof v === 'string' && v.length <= 120) envelope[key] = v;
  }
  return envelope;
}
const ENVELOPE_KEYS = [
  'id',
  'clientSeq',
  'entity',
  'entityId',
  'op',
  'baseVersion',
  'schemaVersion',
  'clientTime',
] as const;

async function reject(
  ctx: ApplyContext,
  m: MutationEnvelope,
  e: MutationRejected,
): Promise<MutationResult> {
  ctx.usage = undefined; // the payload kept may be charged
  const payload = await rejectionPayload(ctx, m, e.code === 'too_deep');
  const seq = await ctx.tx.sync.nextSeq();
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 120) : '');
  await ctx.tx.sync.insertRejection(
    {
      id: uuidv7(),
      mutationId: m.id,
      clientId: ctx.clientId,
      userId: ctx.user.id,
      entity: text(m['entity']),
      entityId: text(m['entityId']),
      code: e.code,
      message: e.message,
      path: e.path,
      payload,
      createdAt: ctx.now,
    },
    seq,
  );
  return {
    id: m.id,
    clientSeq: m.clientSeq,
    status: 'rejected',
    serverSeq: seq,
    error: { code: e.code, message: e.message, ...(e.path ? { path: e.path } : {}) },
  };
}

const jsonBytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? '');

/** Built once per entity: a zod schema made per mutation costs more than the parse itself. */
const createSchemas = new Map<EntityName, z.ZodType>();
const patchSchemas = new Map<EntityName, z.ZodType>();
const once = (cache: Map<EntityName, z.ZodType>, entity: EntityName, make: () => z.ZodType) => {
  let schema = cache.get(entity);
  if (!schema) cache.set(entity, (schema = make()));
  return schema;
};

function validate(entity: EntityName, m: Mutation): Record<string, unknown> {
  if (m.op === 'delete' || m.op === 'restore') return {};
  if (m.op === 'create') {
    if (m.fields['id'] !== m.entityId)
      throw new MutationRejected('invalid', 'fields.id must equal entityId', 'id');
    // Strict: a field this server does not know would otherwise be dropped without a trace.
    const strict = once(createSchemas, entity, () =>
      (ENTITY_SCHEMAS[entity] as z.ZodObject).strict(),
    );
    const parsed = strict.safeParse(m.fields);
    if (!parsed.success) throw zodRejection(parsed.error);
    return parsed.data as Record<string, unknown>;
  }
  const immutable = Object.keys(m.fields).find((f) => IMMUTABLE_FIELDS[entity].includes(f));
  if (immutable)
    throw new MutationRejected('immutable_field', `${immutable} cannot be changed`, immutable);
  const parsed = once(patchSchemas, entity, () => patchSchema(entity)).safeParse(m.fields);
  if (!parsed.success) throw zodRejection(parsed.error);
  return parsed.data as Record<string, unknown>;
}

/**
 * Where a new record belongs: its site and visit, checked against the parent rows (their place
 * and flags only: a push of many children of one visit never parses the visit once per child).
 * A child's visit comes with its review state, read with its place (the comment and review
 * gates use it instead of reading the visit again).
 */
type Place = {
  siteId: string | null;
  visitId: string | null;
  parentDeleted: boolean;
  visit?: VisitState;
};

async function placement(
  ctx: ApplyContext,
  entity: EntityName,
  f: Record<string, unknown>,
): Promise<Place> {
  if (entity === 'site') return { siteId: f['id'] as string, visitId: null, parentDeleted: false };
  if (entity === 'checklistTemplate' || entity === 'offer') return SITELESS_PLACE;
  if (entity === 'visit' || entity === 'sponsorship') {
    const siteId = f['siteId'] as string;
    if (!(await ctx.tx.sync.place('site', siteId)) || !canReadSite(ctx.user, siteId))
      throw new MutationRejected('parent_missing', 'the site does not exist', 'siteId');
    const visitId = entity === 'visit' ? (f['id'] as string) : null;
    return { siteId, visitId, parentDeleted: false };
  }
  const visitId = f['visitId'] as string;
  const visits = (ctx.visitPlaces ??= new Map());
  let visit = visits.get(visitId);
  if (visit === undefined) visits.set(visitId, (visit = await ctx.tx.sync.visitPlace(visitId)));
  // A purged visit (data null, src/server/retention.ts) takes no new children: its content is gone for good.
  if (!visit || visit.purged || !canReadSite(ctx.user, visit.siteId))
    throw new MutationRejected('parent_missing', 'the visit does not exist', 'visitId');
  if (entity === 'followUp' && f['siteId'] !== visit.siteId)
    throw new MutationRejected('invalid', "siteId must be the visit's site", 'siteId');
  return { siteId: visit.siteId, visitId, parentDeleted: visit.deleted, visit };
}

async function applyEntityMutation(
  ctx: ApplyContext,
  m: Mutation,
  entity: EntityName,
): Promise<MutationResult> {
  const fields = validate(entity, m);
  const { tx, user } = ctx;
  const current = await tx.sync.record(entity, m.entityId);
  if (current && !canReadRecord(user, current.siteId))
    throw new MutationRejected('not_found', `${entity} ${m.entityId} does not exist`);
  if (!current && m.op !== 'create')
    throw new MutationRejected('not_found', `${entity} ${m.entityId} does not exist`);
  if (current && current.data === null)
    throw new MutationRejected(
      'purged',
      `${entity} ${m.entityId} was deleted and purged after the retention period`,
    );
  const place: Place = current
    ? { siteId: current.siteId, visitId: current.visitId, parentDeleted: false }
    : await placement(ctx, entity, fields);
  if (
    !canWrite(user, entity, m.op, { siteId: place.siteId, createdBy: current?.createdBy ?? null })
  ) {
    throw new MutationRejected('forbidden', `role ${user.role} may not ${m.op} this ${entity}`);
  }
  if (current && m.op === 'create') {
    const clash = IMMUTABLE_FIELDS[entity].find(
      (f) => JSON.stringify(current.data[f]) !== JSON.stringify(fields[f]),
    );
    if (clash)
      throw new MutationRejected('id_conflict', `another ${entity} already has this id`, clash);
  }
  if (entity === 'checklistTemplate') await checkTemplateWrite(ctx, m, fields, current);

  await commentGate(ctx, entity, m, current, fields, place);
  await advisoryGate(ctx, entity, m, current, fields);
  // docs/architecture.md §Review: a status move, or a write to a visit locked for its writer.
  const held = await reviewGate(ctx, entity, m, current, fields, place.visitId, place.visit);
  const seq = await tx.sync.nextSeq();
  const outcome =
    held ??
    stampReview(
      ctx,
      entity,
      merge(
        current,
        { op: m.op, baseVersion: m.baseVersion, fields, clientId: ctx.clientId },
        seq,
        IMMUTABLE_FIELDS[entity],
      ),
      seq,
    );
  let drafts = [...outcome.conflicts];
  if (entity === 'visit' && current && !current.deleted && outcome.next?.deleted) {
    drafts = await withUnseenChildren(
      ctx,
      drafts,
      current,
      Math.max(m.baseVersion ?? current.createdSeq, ctx.cursor),
    );
  }
  let serverSeq = current?.version ?? seq;
  if (outcome.next) {
    let next: StoredRecord = {
      entity,
      id: m.entityId,
      siteId: place.siteId,
      visitId: place.visitId,
      ...outcome.next,
      seq,
      deletedByCascade: false,
      createdBy: current?.createdBy ?? user.id,
      updatedBy: user.id,
      createdAt: current ? (current.createdAt ?? null) : ctx.now,
      updatedAt: ctx.now,
    };
    if (!current && place.parentDeleted) {
      // A child created offline on a visit someone deleted: kept, tombstoned with the visit, restorable.
      next = { ...next, deleted: true, deletedSeq: seq, deletedByCascade: true };
      drafts.push({ kind: 'edit_on_deleted', field: null, serverValue: null, clientValue: fields });
    }
    const bytes = jsonBytes(next.data);
    if (bytes > ctx.limits.maxRecordBytes && (!current || bytes > jsonBytes(current.data)))
      throw new MutationRejected(
        'too_large',
        `the ${entity} would take ${bytes} bytes, more than ${ctx.limits.maxRecordBytes}`,
      );
    await writeWithCascade(tx, current, next, {
      userId: user.id,
      clientId: ctx.clientId,
      at: ctx.now,
    });
    serverSeq = seq;
  }
  const conflictIds = await recordConflicts(tx, drafts, {
    entity,
    entityId: m.entityId,
    siteId: place.siteId,
    visitId: place.visitId,
    mutationId: m.id,
    user,
    clientId: ctx.clientId,
    now: ctx.now,
    before: current,
  });
  return conflictIds.length
    ? { id: m.id, clientSeq: m.clientSeq, status: 'conflict', serverSeq, conflictIds }
    : { id: m.id, clientSeq: m.clientSeq, status: 'applied', serverSeq };
}

/**
 * Deleting a visit also deletes its children: children someone else changed after both the
 * visit's baseVersion and the device's cursor (seqs are global, so versions compare across rows)
 * had certainly not reached the device: unseen edits too. (The cursor at push time can only be
 * newer than what the device saw when the user deleted, so this never invents a conflict.)
 * They are listed under `children` in the visit's delete_with_unseen_edits conflict, whose
 * 'theirs' resolution restores the visit and, with it, the cascaded children.
 */
async function withUnseenChildren(
  ctx: ApplyContext,
  drafts: ConflictDraft[],
  visit: StoredRecord,
  base: number,
): Promise<ConflictDraft[]> {
  const unseen = (await ctx.tx.sync.childStates(visit.id)).filter(
    (c) =>
      !c.deleted &&
      Object.entries(c.fieldVersions).some(
        ([f, v]) => v > base && c.fieldWriters[f] !== ctx.clientId,
      ),
  );
  if (unseen.length === 0) return drafts;
  const children = unseen.map((c) => ({ entity: c.entity, id: c.id }));
  const own = drafts.find((d) => d.kind === 'delete_with_unseen_edits');
  if (own)
    return drafts.map((d) =>
      d === own ? { ...d, serverValue: { ...(d.serverValue as object), children } } : d,
    );
  return [
    ...drafts,
    { kind: 'delete_with_unseen_edits', field: null, serverValue: { children }, clientValue: null },
  ];
}
