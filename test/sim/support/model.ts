// The reference model (docs/architecture.md §Invariants, "How they are checked"): the server's
// applied mutations, in the order the server processed them, replayed through the SHARED merge
// (src/shared/sync/merge.ts) and the shared conflict outcome (src/shared/sync/resolve-conflict.ts)
// into a model of every record and conflict. Everything around those two functions is written
// here from the documented rules (§Push step 3, §Merge, §Push "conflictResolution"), not taken
// from the server: validation with the shared schemas, placement, the visit cascade, seqs. The
// model is then compared field by field with the server's tables and every device's rows, so a
// merge that dropped a field everywhere, a wrong status or a lost write shows up as a problem.
//
// Processing order: a trigger (installApplyLog) logs every insert into applied_mutations in a
// side table inside the same transaction, so the log is exactly as durable as the writes and a
// restored backup brings back its own log. Payloads come from the wire (support/network.ts):
// applied_mutations does not store the mutation itself.
import Database from 'better-sqlite3';
import {
  ENTITY_SCHEMAS,
  type EntityName,
  IMMUTABLE_FIELDS,
  fieldRatingId,
  patchSchema,
} from '../../../src/shared/domain/schemas';
import {
  ConflictResolutionFields,
  Mutation,
  type MutationResult,
  SCHEMA_VERSION,
} from '../../../src/shared/protocol';
import {
  type ConflictDraft,
  type MergeState,
  deepEqual,
  merge,
} from '../../../src/shared/sync/merge';
import { conflictOutcome } from '../../../src/shared/sync/resolve-conflict';
import { SYNCED_TABLES, TABLE_OF, type AppDb } from '../../../src/client/db/schema';
import type { z } from '../../../src/shared/zod';
import { fieldWritersOf } from '../../../src/server/store/field-writers';
import type { SimServer } from '../../support/server';
import type { SentMutation } from './network';

/** Adds the processing log to a closed server file (call inside SimServer.restart(whileClosed)). */
export function installApplyLog(file: string): void {
  const db = new Database(file);
  try {
    db.exec(`
      CREATE TABLE IF NOT EXISTS sim_apply_log (
        n INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL, client_seq INTEGER NOT NULL,
        mutation_id TEXT NOT NULL);
      CREATE TRIGGER IF NOT EXISTS sim_apply_log_insert AFTER INSERT ON applied_mutations BEGIN
        INSERT INTO sim_apply_log (client_id, client_seq, mutation_id)
        VALUES (NEW.client_id, NEW.client_seq, NEW.mutation_id);
      END;`);
  } finally {
    db.close();
  }
}

export type ModelRecord = MergeState & {
  entity: EntityName;
  id: string;
  siteId: string | null;
  visitId: string | null;
  deletedByCascade: boolean;
};
export type ModelConflict = {
  id: string;
  entity: EntityName;
  entityId: string;
  kind: ConflictDraft['kind'];
  field: string | null;
  serverValue: unknown;
  clientValue: unknown;
  mutationId: string;
  /** The device that sent clientValue. */
  clientId: string;
  status: 'open' | 'resolved';
  resolution: string | null;
};
export type Model = {
  records: Map<string, ModelRecord>;
  conflicts: Map<string, ModelConflict>;
  /** Mutations the model expected the server to reject (and it did). */
  rejected: number;
  applied: number;
  /** Mutations resent under another device identity (answered with their first result). */
  replayed: number;
  /** Field conflicts a later save of the same device joined. */
  joined: number;
  /** Decisions on an earlier save that kept the later, unseen one open. */
  reopened: number;
  /** `clientId/mutationId` of every applied mutation that changed nothing and recorded no conflict. */
  noEffect: Set<string>;
};

const key = (entity: string, id: string) => `${entity}:${id}`;

class Rejected extends Error {}
const reject = (why: string): never => {
  throw new Rejected(why);
};

type Applied = {
  client_id: string;
  client_seq: number;
  mutation_id: string;
  status: string;
  result_json: string;
  server_seq: number | null;
};
type ServerConflictRow = {
  id: string;
  entity: EntityName;
  entity_id: string;
  kind: ConflictDraft['kind'];
  field: string | null;
  server_value: string | null;
  client_value: string | null;
  mutation_id: string;
  client_id: string | null;
  status: string;
  resolution: string | null;
};

/** Replays the server's processing log; every disagreement with a result becomes a problem. */
export function buildModel(
  server: SimServer,
  sent: Map<string, SentMutation>,
  problems: string[],
): Model {
  const model: Model = {
    records: new Map(),
    conflicts: new Map(),
    rejected: 0,
    applied: 0,
    replayed: 0,
    joined: 0,
    reopened: 0,
    noEffect: new Set(),
  };
  const log = server.query<Applied & { n: number }>(
    `SELECT l.n, a.client_id, a.client_seq, a.mutation_id, a.status, a.result_json, a.server_seq
     FROM sim_apply_log l JOIN applied_mutations a
       ON a.client_id = l.client_id AND a.client_seq = l.client_seq AND a.mutation_id = l.mutation_id
     ORDER BY l.n`,
  );
  const [{ n: total } = { n: 0 }] = server.query<{ n: number }>(
    'SELECT count(*) AS n FROM applied_mutations',
  );
  if (total !== log.length)
    problems.push(`model: ${total} applied mutations but ${log.length} in the processing log`);
  const serverConflicts = new Map(
    server.query<ServerConflictRow>('SELECT * FROM conflicts').map((c) => [c.id, c]),
  );
  let maxSeq = 0;
  /** The first processing of each mutation id (a device with a new identity may resend it). */
  const first = new Map<string, MutationResult>();
  for (const row of log) {
    const m = sent.get(`${row.client_id}/${row.mutation_id}`);
    const result = JSON.parse(row.result_json) as MutationResult;
    const where = `model: ${row.client_id.slice(-8)}#${row.client_seq} (${m?.entity} ${m?.op} ${m?.entityId})`;
    if (!m) {
      problems.push(`${where}: applied on the server but never sent by any device`);
      continue;
    }
    const earlier = first.get(row.mutation_id);
    if (earlier) {
      // Resent under a new device identity (§Push step 3): the stored outcome, nothing applied again.
      const strip = (r: MutationResult) => ({ ...r, id: '', clientSeq: 0 });
      if (!deepEqual(strip(result), strip(earlier)))
        problems.push(
          `${where}: a resent mutation got ${JSON.stringify(result)}, first ${JSON.stringify(earlier)}`,
        );
      model.replayed++;
      model.noEffect.add(`${row.client_id}/${row.mutation_id}`);
      continue;
    }
    first.set(row.mutation_id, result);
    let expect: ReturnType<typeof step>;
    try {
      expect = step(model, m, result, serverConflicts, maxSeq);
    } catch (e) {
      if (!(e instanceof Rejected)) throw e;
      if (result.status !== 'rejected')
        problems.push(
          `${where}: the model rejects it (${e.message}), the server answered ${result.status}`,
        );
      else model.rejected++;
      maxSeq = Math.max(maxSeq, result.serverSeq ?? 0);
      continue;
    }
    model.applied++;
    if (!expect.wrote && expect.status === 'applied')
      model.noEffect.add(`${row.client_id}/${row.mutation_id}`);
    for (const p of expect.problems) problems.push(`${where}: ${p}`);
    if (result.status !== expect.status)
      problems.push(
        `${where}: the model expects ${expect.status}, the server answered ${result.status} ${JSON.stringify(result.error ?? '')}`,
      );
    if (expect.serverSeq !== undefined && result.serverSeq !== expect.serverSeq)
      problems.push(
        `${where}: serverSeq ${result.serverSeq}, the model expects ${expect.serverSeq}`,
      );
    maxSeq = Math.max(maxSeq, expect.maxSeq);
  }
  return model;
}

type StepOutcome = {
  status: 'applied' | 'conflict';
  /** Something was written (a row, or a conflict's decision). */
  wrote: boolean;
  serverSeq?: number;
  maxSeq: number;
  problems: string[];
};

function step(
  model: Model,
  raw: SentMutation,
  result: MutationResult,
  serverConflicts: Map<string, ServerConflictRow>,
  maxSeq: number,
): StepOutcome {
  const parsed = Mutation.safeParse(raw);
  if (!parsed.success) reject('mutation shape');
  const m = parsed.data!;
  if (m.schemaVersion > SCHEMA_VERSION) reject('schema too new');
  // A write takes a new seq: larger than every seq the model has seen so far.
  const fresh = result.serverSeq ?? -1;
  const problems: string[] = [];
  if (m.entity === 'conflictResolution')
    return resolution(model, m, raw.clientId, fresh, maxSeq, result);
  const entity = m.entity;
  const fields = validate(entity, m);
  const current = model.records.get(key(entity, m.entityId)) ?? null;
  if (!current && m.op !== 'create') reject('not found');
  if (current && m.op === 'create') {
    const clash = IMMUTABLE_FIELDS[entity].some(
      (f) => JSON.stringify(current.data[f]) !== JSON.stringify(fields[f]),
    );
    if (clash) reject('id conflict');
  }
  const place = current
    ? { siteId: current.siteId, visitId: current.visitId, parentDeleted: false }
    : placement(model, entity, fields);
  advisoryRules(model, entity, m, current, fields);
  const outcome = merge(
    current,
    { op: m.op, baseVersion: m.baseVersion, fields, clientId: raw.clientId },
    fresh,
    IMMUTABLE_FIELDS[entity],
  );
  const drafts = [...outcome.conflicts];
  // §Merge as a specification of the merge's output: without a conflict every field of a create
  // or patch takes effect, a delete leaves a tombstone and a restore a live row.
  if (drafts.length === 0) {
    const after = outcome.next ?? current!;
    const editedSinceCreation = (f: string) =>
      m.op === 'create' &&
      current !== null &&
      (current.fieldVersions[f] ?? current.createdSeq) !== current.createdSeq;
    const lost = Object.keys(fields).filter(
      (f) => !deepEqual(after.data[f], fields[f]) && !editedSinceCreation(f),
    );
    if (lost.length)
      problems.push(`merged without a conflict, but ${lost.join(', ')} did not take effect`);
    if (m.op === 'delete' && !after.deleted) problems.push('a delete left a live row');
    if (m.op === 'restore' && after.deleted) problems.push('a restore left a tombstone');
  }
  let serverSeq = current?.version;
  let top = maxSeq;
  if (outcome.next) {
    if (fresh <= maxSeq) problems.push(`write seq ${fresh} is not newer than seq ${maxSeq}`);
    let next: ModelRecord = {
      entity,
      id: m.entityId,
      siteId: place.siteId,
      visitId: place.visitId,
      ...outcome.next,
      deletedByCascade: false,
    };
    if (!current && place.parentDeleted) {
      // A child created offline on a deleted visit: kept as a tombstone, restorable (§Merge 5).
      next = { ...next, deleted: true, deletedSeq: fresh, deletedByCascade: true };
      drafts.push({ kind: 'edit_on_deleted', field: null, serverValue: null, clientValue: fields });
    }
    top = Math.max(top, fresh, write(model, current, next, fresh));
    serverSeq = fresh;
  }
  // The server's conflict ids come in draft order; a visit delete may add one listing children.
  const ids = result.conflictIds ?? [];
  drafts.forEach((d, i) =>
    registerConflict(model, ids[i], d, entity, m, raw.clientId, serverConflicts, problems),
  );
  for (const id of ids.slice(drafts.length)) {
    const c = serverConflicts.get(id);
    const sv = c?.server_value ? (JSON.parse(c.server_value) as Record<string, unknown>) : null;
    if (
      !c ||
      entity !== 'visit' ||
      c.kind !== 'delete_with_unseen_edits' ||
      !sv ||
      Object.keys(sv).join() !== 'children'
    ) {
      problems.push(
        `server recorded conflict ${id} the model does not predict: ${JSON.stringify(c)}`,
      );
      continue;
    }
    registerConflict(
      model,
      id,
      { kind: c.kind, field: null, serverValue: sv, clientValue: null },
      entity,
      m,
      raw.clientId,
      serverConflicts,
      problems,
    );
  }
  if (ids.length < drafts.length)
    problems.push(
      `the model predicts ${drafts.length} conflicts, the server recorded ${ids.length}`,
    );
  return {
    status: ids.length > 0 || drafts.length > 0 ? 'conflict' : 'applied',
    wrote: outcome.next !== null,
    serverSeq,
    maxSeq: top,
    problems,
  };
}

/**
 * The open conflict a field conflict joins (§Merge): same record and field, from the same device,
 * against the same stored standing value. The simulation has one account, so the author and the
 * first side's account always agree; other accounts are the server tests' part.
 */
function joins(
  model: Model,
  d: ConflictDraft,
  entity: EntityName,
  entityId: string,
  clientId: string,
): ModelConflict | undefined {
  if (d.kind !== 'field' || d.field === null) return undefined;
  const stored = (v: unknown) => JSON.stringify(v ?? null);
  return [...model.conflicts.values()]
    .filter(
      (c) =>
        c.status === 'open' &&
        c.kind === 'field' &&
        c.entity === entity &&
        c.entityId === entityId &&
        c.field === d.field &&
        c.clientId === clientId &&
        stored(c.serverValue) === stored(d.serverValue),
    )
    .at(-1);
}

function registerConflict(
  model: Model,
  id: string | undefined,
  d: ConflictDraft,
  entity: EntityName,
  m: Mutation,
  clientId: string,
  serverConflicts: Map<string, ServerConflictRow>,
  problems: string[],
) {
  if (!id) return;
  const joined = joins(model, d, entity, m.entityId, clientId);
  if (joined?.id !== (model.conflicts.has(id) ? id : undefined))
    problems.push(
      joined
        ? `conflict ${id} recorded, the model expects ${d.field} to join open conflict ${joined.id}`
        : `conflict ${id} reused, the model expects a new conflict`,
    );
  if (joined && joined.id === id) {
    model.conflicts.set(id, { ...joined, clientValue: d.clientValue, mutationId: m.id });
    model.joined++;
    return;
  }
  const c = serverConflicts.get(id);
  const children = c?.server_value
    ? (JSON.parse(c.server_value) as { children?: unknown } | null)?.children
    : undefined;
  // Only the server knows which children a visit delete found unseen (it depends on the
  // request's cursor): the model takes that list from the server's conflict.
  let serverValue = d.serverValue;
  if (children !== undefined && d.kind === 'delete_with_unseen_edits' && entity === 'visit')
    serverValue = { ...((d.serverValue as object | null) ?? {}), children };
  model.conflicts.set(id, {
    id,
    entity,
    entityId: m.entityId,
    kind: d.kind,
    field: d.field,
    serverValue,
    clientValue: d.clientValue,
    mutationId: m.id,
    clientId,
    status: 'open',
    resolution: null,
  });
  if (!c) problems.push(`conflict ${id} is in the result but not on the server`);
}

/**
 * docs/domain.md §Ratings, §Offers: a rating's id names its visit, perspective and field; a
 * follow-up links only an offer the server has (a deleted one too: its links stand).
 */
function advisoryRules(
  model: Model,
  entity: EntityName,
  m: Mutation,
  current: ModelRecord | null,
  fields: Record<string, unknown>,
) {
  if (entity === 'fieldRating' && current === null) {
    const f = fields as { visitId: string; perspective: string; fieldId: string };
    if (m.entityId !== fieldRatingId(f.visitId, f.perspective, f.fieldId)) reject('rating id');
  }
  if (entity === 'followUp') offerLink(model, fields);
}

function offerLink(model: Model, fields: Record<string, unknown>) {
  const offerId = fields['offerId'];
  if (typeof offerId === 'string' && !model.records.has(key('offer', offerId)))
    reject('offer missing');
}

/** §Push step 3: creates strictly against the shared schema, patches without immutable fields. */
function validate(entity: EntityName, m: Mutation): Record<string, unknown> {
  if (m.op === 'delete' || m.op === 'restore') return {};
  if (m.op === 'create') {
    if (m.fields['id'] !== m.entityId) reject('fields.id');
    const r = (ENTITY_SCHEMAS[entity] as z.ZodObject).strict().safeParse(m.fields);
    if (!r.success) reject(`invalid create: ${r.error!.issues[0]?.message}`);
    return r.data as Record<string, unknown>;
  }
  if (Object.keys(m.fields).some((f) => IMMUTABLE_FIELDS[entity].includes(f)))
    reject('immutable field');
  const r = patchSchema(entity).safeParse(m.fields);
  if (!r.success) reject(`invalid patch: ${r.error!.issues[0]?.message}`);
  return r.data as Record<string, unknown>;
}

function placement(model: Model, entity: EntityName, f: Record<string, unknown>) {
  if (entity === 'site') return { siteId: f['id'] as string, visitId: null, parentDeleted: false };
  // Above every site: the template versions and the alliance's offers.
  if (entity === 'checklistTemplate' || entity === 'offer')
    return { siteId: null, visitId: null, parentDeleted: false };
  if (entity === 'visit' || entity === 'sponsorship') {
    const site = model.records.get(key('site', f['siteId'] as string));
    if (!site) reject('site missing');
    const visitId = entity === 'visit' ? (f['id'] as string) : null;
    return { siteId: site!.id, visitId, parentDeleted: false };
  }
  const visit = model.records.get(key('visit', f['visitId'] as string));
  if (!visit) reject('visit missing');
  if (entity === 'followUp' && f['siteId'] !== visit!.siteId) reject("not the visit's site");
  return { siteId: visit!.siteId, visitId: visit!.id, parentDeleted: visit!.deleted };
}

/**
 * Writes `next` at `seq`; a visit whose tombstone flips takes its children along (§Merge 4): a
 * delete tombstones the live children, a restore brings back exactly those the cascade removed,
 * each with its own following seq (in the order of the server's visit index: entity, id).
 * Returns the last seq used.
 */
function write(model: Model, before: ModelRecord | null, next: ModelRecord, seq: number): number {
  model.records.set(key(next.entity, next.id), next);
  if (next.entity !== 'visit' || before === null || before.deleted === next.deleted) return seq;
  const children = [...model.records.values()]
    .filter((r) => r.visitId === next.id && r.entity !== 'visit')
    .sort((a, b) =>
      a.entity === b.entity ? (a.id < b.id ? -1 : 1) : a.entity < b.entity ? -1 : 1,
    );
  let s = seq;
  for (const c of children) {
    if (next.deleted && !c.deleted) {
      s++;
      model.records.set(key(c.entity, c.id), {
        ...c,
        deleted: true,
        deletedSeq: s,
        deletedByCascade: true,
        version: s,
      });
    } else if (!next.deleted && c.deleted && c.deletedByCascade) {
      s++;
      model.records.set(key(c.entity, c.id), {
        ...c,
        deleted: false,
        deletedSeq: null,
        deletedByCascade: false,
        version: s,
      });
    }
  }
  return s;
}

/**
 * A person's decision on a conflict (§Merge, last paragraph): the shared outcome, written as a
 * deliberate act. The record it leaves behind must satisfy its entity's whole schema, otherwise the
 * server must reject the decision (a resolution can never erase a required field).
 */
function resolution(
  model: Model,
  m: Mutation,
  clientId: string,
  seq: number,
  maxSeq: number,
  result: MutationResult,
): StepOutcome {
  const parsed = ConflictResolutionFields.safeParse(m.fields);
  if (!parsed.success) reject('resolution shape');
  const { conflictId, resolution: choice, value, seen } = parsed.data!;
  const c = model.conflicts.get(conflictId) ?? reject('unknown conflict');
  const current = model.records.get(key(c.entity, c.entityId)) ?? reject('record missing');
  if (c.status === 'resolved')
    return { status: 'applied', wrote: false, serverSeq: current.version, maxSeq, problems: [] };
  const outcome = conflictOutcome(c, choice, value, current.deleted);
  const valid = patchSchema(c.entity).safeParse(outcome.fields);
  if (!valid.success) reject('invalid resolution value');
  if (choice === 'edited' && value === undefined && c.kind !== 'delete_with_unseen_edits')
    reject('edited without a value');
  if (c.entity === 'followUp') offerLink(model, valid.data!);
  const changed = Object.keys(valid.data!);
  if (changed.length || outcome.restore) {
    const whole = ENTITY_SCHEMAS[c.entity].safeParse({ ...current.data, ...valid.data });
    if (!whole.success) reject(`resolution leaves an invalid ${c.entity}`);
  }
  const problems: string[] = [];
  if (seq <= maxSeq) problems.push(`resolution seq ${seq} is not newer than seq ${maxSeq}`);
  let top = Math.max(maxSeq, seq);
  if (changed.length || outcome.restore) {
    const deleted = outcome.restore ? false : current.deleted;
    top = Math.max(
      top,
      write(
        model,
        current,
        {
          ...current,
          data: { ...current.data, ...valid.data },
          fieldVersions: {
            ...current.fieldVersions,
            ...Object.fromEntries(changed.map((f) => [f, seq])),
          },
          fieldWriters: {
            ...current.fieldWriters,
            ...Object.fromEntries(changed.map((f) => [f, clientId])),
          },
          version: seq,
          deleted,
          deletedSeq: deleted ? current.deletedSeq : null,
          deletedByCascade: deleted ? current.deletedByCascade : false,
        },
        seq,
      ),
    );
  }
  model.conflicts.set(c.id, { ...c, status: 'resolved', resolution: choice });
  // A decision on an earlier save than the one the conflict holds now (§Merge): the later save,
  // which nobody deciding saw, stays open against the value the decision left standing.
  const standing = c.field === null ? null : { ...current.data, ...valid.data }[c.field];
  const stored = (v: unknown) => JSON.stringify(v ?? null);
  const unseen =
    seen !== undefined &&
    seen !== c.mutationId &&
    c.kind === 'field' &&
    stored(standing) !== stored(c.clientValue);
  const [reopened, ...more] = result.conflictIds ?? [];
  if (unseen && reopened) model.reopened++;
  if (unseen && reopened)
    model.conflicts.set(reopened, {
      ...c,
      id: reopened,
      serverValue: standing,
      status: 'open',
      resolution: null,
    });
  if (unseen !== (reopened !== undefined) || more.length > 0)
    problems.push(
      `decision on ${c.id} (seen ${seen}, holds ${c.mutationId}): the model expects ${unseen ? 'one' : 'no'} reopened conflict, the server named ${JSON.stringify(result.conflictIds ?? [])}`,
    );
  // The conflict's own "resolved" seq follows the write and its cascade (and a reopened one's).
  return {
    status: 'applied',
    wrote: true,
    serverSeq: seq,
    maxSeq: top + 1 + (reopened ? 1 : 0),
    problems,
  };
}

// ── comparisons ────────────────────────────────────────────────────────────

type RecordRow = {
  entity: EntityName;
  id: string;
  site_id: string | null;
  visit_id: string | null;
  data: string | null;
  field_versions: string;
  field_writers: string;
  version: number;
  created_seq: number;
  deleted: number;
  deleted_seq: number | null;
  deleted_by_cascade: number;
};

const schemaProblem = (entity: EntityName, row: unknown): string | null => {
  const r = (ENTITY_SCHEMAS[entity] as z.ZodObject).strict().safeParse(row);
  return r.success
    ? null
    : r.error.issues
        .slice(0, 2)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ');
};

/** Every field of every record and every conflict of the model equals the server's tables. */
export function compareWithServer(model: Model, server: SimServer): string[] {
  const problems: string[] = [];
  const rows = server.query<RecordRow>('SELECT * FROM records');
  const seen = new Set<string>();
  for (const r of rows) {
    const k = key(r.entity, r.id);
    seen.add(k);
    const data = r.data === null ? null : (JSON.parse(r.data) as Record<string, unknown>);
    if (data) {
      const bad = schemaProblem(r.entity, data);
      if (bad) problems.push(`server ${k} breaks the ${r.entity} schema: ${bad}`);
    }
    const mine = model.records.get(k);
    if (!mine) {
      problems.push(`server has ${k} that no replayed mutation wrote`);
      continue;
    }
    const theirs = {
      data,
      fieldVersions: JSON.parse(r.field_versions) as unknown,
      fieldWriters: fieldWritersOf(JSON.parse(r.field_versions), r.field_writers),
      version: r.version,
      createdSeq: r.created_seq,
      deleted: r.deleted === 1,
      deletedSeq: r.deleted_seq,
      deletedByCascade: r.deleted_by_cascade === 1,
      siteId: r.site_id,
      visitId: r.visit_id,
    };
    for (const [f, v] of Object.entries(theirs)) {
      const expected = mine[f as keyof ModelRecord];
      if (!deepEqual(v, expected))
        problems.push(
          `server ${k}.${f} = ${JSON.stringify(v).slice(0, 300)}, the model has ${JSON.stringify(expected).slice(0, 300)}`,
        );
    }
  }
  for (const k of model.records.keys())
    if (!seen.has(k)) problems.push(`server lost ${k} (the model has it)`);

  const conflicts = new Map(
    server.query<ServerConflictRow>('SELECT * FROM conflicts').map((c) => [c.id, c]),
  );
  for (const c of model.conflicts.values()) {
    const s = conflicts.get(c.id);
    if (!s) {
      problems.push(
        `conflict ${c.id} (${c.entity} ${c.kind} ${c.field}) predicted, not on the server`,
      );
      continue;
    }
    const theirs = {
      entity: s.entity,
      entityId: s.entity_id,
      kind: s.kind,
      field: s.field,
      serverValue: s.server_value === null ? null : (JSON.parse(s.server_value) as unknown),
      clientValue: s.client_value === null ? null : (JSON.parse(s.client_value) as unknown),
      mutationId: s.mutation_id,
      clientId: s.client_id,
      status: s.status,
      resolution: s.resolution,
    };
    for (const [f, v] of Object.entries(theirs)) {
      const expected = c[f as keyof ModelConflict];
      if (!deepEqual(v, expected ?? null))
        problems.push(
          `conflict ${c.id}.${f} = ${JSON.stringify(v).slice(0, 300)}, the model has ${JSON.stringify(expected).slice(0, 300)}`,
        );
    }
  }
  for (const id of conflicts.keys())
    if (!model.conflicts.has(id)) problems.push(`server conflict ${id} the model never predicted`);
  return problems;
}

/** Every device row equals the model's record (fields, version, tombstone) and fits the schema. */
export async function compareWithDevice(model: Model, name: string, db: AppDb): Promise<string[]> {
  const problems: string[] = [];
  const entityOf = Object.fromEntries(Object.entries(TABLE_OF).map(([e, t]) => [t, e])) as Record<
    string,
    EntityName
  >;
  const seen = new Set<string>();
  for (const table of SYNCED_TABLES) {
    const entity = entityOf[table]!;
    for (const row of (await db[table].toArray()) as Record<string, unknown>[]) {
      const { _v, _deleted, _base: _ignored, _by: _authors, ...fields } = row;
      const k = key(entity, fields['id'] as string);
      seen.add(k);
      const bad = schemaProblem(entity, fields);
      if (bad) problems.push(`${name}: ${k} breaks the ${entity} schema: ${bad}`);
      const mine = model.records.get(k);
      if (!mine) {
        // A refused create stays on its device, shown with its rejection, until the person
        // decides (§Invariants I2); anything else the server never had is a leftover.
        const refused = await db.rejections
          .where('entityId')
          .equals(fields['id'] as string)
          .filter((r) => r.resolved === 0)
          .count();
        if (refused === 0) problems.push(`${name}: has ${k}, which the server never accepted`);
        continue;
      }
      if (!deepEqual(fields, mine.data))
        problems.push(
          `${name}: ${k} = ${JSON.stringify(fields).slice(0, 300)}, the model has ${JSON.stringify(mine.data).slice(0, 300)}`,
        );
      if (_v !== mine.version)
        problems.push(`${name}: ${k} _v ${String(_v)}, model ${mine.version}`);
      if (_deleted !== (mine.deleted ? 1 : 0))
        problems.push(`${name}: ${k} _deleted ${String(_deleted)}, model ${mine.deleted}`);
    }
  }
  for (const [k, r] of model.records)
    if (!seen.has(k) && (TABLE_OF as Record<string, string>)[r.entity])
      problems.push(`${name}: lacks ${k}`);
  for (const c of model.conflicts.values()) {
    const local = await db.conflicts.get(c.id);
    if (!local) problems.push(`${name}: lacks conflict ${c.id}`);
    else if (local.status !== c.status)
      problems.push(`${name}: conflict ${c.id} is ${local.status}, model ${c.status}`);
  }
  return problems;
}
