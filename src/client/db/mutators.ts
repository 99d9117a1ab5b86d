// Named mutators: the only functions that change records on this device.
import { checklistItemsFor, defaultTemplates } from '../../shared/domain/template-versions';
import type {
  ChecklistItem,
  ChecklistTemplate,
  EntityName,
  FollowUp,
  Observation,
  Participant,
  Site,
  Visit,
} from '../../shared/domain/schemas';
import { followUpStatusPatch } from '../../shared/domain/follow-ups';
import { RecordNotFoundError } from './errors';
import { localDay } from './local-day';
import { choosableTemplates } from './template-queries';
import { newId, nowIso } from './ids';
import type { AppDb } from './schema';
import { type WriteOp, changedFields, commit, validateCreate, validatePatch } from './write';

type Editable<T> = Partial<Omit<T, 'id' | 'createdAt'>>;

export type SiteInput = Pick<Site, 'municipality' | 'quarter'> & Editable<Site>;
export type VisitInput = Pick<Visit, 'siteId' | 'date'> & Editable<Visit>;
export type ObservationInput = Pick<Observation, 'visitId' | 'fieldId'> & Editable<Observation>;
export type FollowUpInput = Pick<FollowUp, 'visitId' | 'description'> & Editable<FollowUp>;

async function create<T>(
  db: AppDb,
  entity: EntityName,
  row: T,
  visitId: string | null,
): Promise<T> {
  const valid = validateCreate(entity, row);
  await commit(db, [{ entity, op: 'create', id: valid.id as string, fields: valid, visitId }]);
  return valid as T;
}

async function patch(
  db: AppDb,
  entity: EntityName,
  id: string,
  fields: object,
  visitId: string | null,
): Promise<void> {
  const valid = validatePatch(entity, fields);
  if (Object.keys(valid).length === 0) return;
  await commit(db, [{ entity, op: 'patch', id, fields: valid, visitId }]);
}

/**
 * A saved form's patch of a live record: only the fields whose value differs from the row's travel,
 * so it never touches (nor conflicts over) what someone else changed meanwhile, and nothing is
 * queued when nothing changed. `check` sees the record as the patch would leave it.
 */
export async function patchChanged(
  db: AppDb,
  entity: EntityName,
  id: string,
  fields: object,
  check?: (after: Record<string, unknown>) => void,
): Promise<void> {
  const row = (await db.entityTable(entity).get(id)) as
    (Record<string, unknown> & { _deleted: 0 | 1; visitId?: string }) | undefined;
  if (!row || row._deleted) throw new RecordNotFoundError(entity, id);
  const valid = validatePatch(entity, fields);
  check?.({ ...row, ...valid });
  const changed = changedFields(row, valid);
  if (Object.keys(changed).length === 0) return;
  await commit(db, [{ entity, op: 'patch', id, fields: changed, visitId: row.visitId ?? null }]);
}

async function visitOf(db: AppDb, entity: EntityName, id: string): Promise<string | null> {
  if (entity === 'site') return null;
  if (entity === 'visit') return id;
  const row = (await db.entityTable(entity).get(id)) as { visitId?: string } | undefined;
  if (!row) throw new RecordNotFoundError(entity, id);
  return row.visitId ?? null;
}

// ── sites ──────────────────────────────────────────────────────────────────
export function createSite(db: AppDb, input: SiteInput): Promise<Site> {
  return create<Site>(
    db,
    'site',
    {
      phase: 'isek',
      yearAdmitted: null,
      notes: '',
      ...input,
      contact: { name: '', organisation: '', email: '', phone: '', ...input.contact },
      id: newId(),
      createdAt: nowIso(),
    },
    null,
  );
}

export const updateSite = (db: AppDb, id: string, fields: Editable<Site>) =>
  patch(db, 'site', id, fields, null);

// ── visits ─────────────────────────────────────────────────────────────────
/**
 * Creates the visit and its checklist items in one transaction: one item per item of each
 * chosen template version (default: the device's current default templates, docs/architecture.md
 * §Templates). The visit keeps these versions whatever is published later.
 */
export async function createVisit(
  db: AppDb,
  input: VisitInput,
  templates?: readonly ChecklistTemplate[],
): Promise<Visit> {
  const chosen = templates ?? defaultTemplates(await choosableTemplates(db));
  const site = await db.sites.get(input.siteId);
  if (!site || site._deleted) throw new RecordNotFoundError('site', input.siteId);
  const visit = validateCreate('visit', {
    phase: site.phase,
    status: 'planned',
    goals: '',
    route: '',
    notes: '',
    ...input,
    id: newId(),
    createdAt: nowIso(),
  }) as Visit;
  const ops: WriteOp[] = [
    { entity: 'visit', op: 'create', id: visit.id, fields: visit, visitId: visit.id },
  ];
  for (const row of checklistItemsFor(visit.id, chosen))
    ops.push({
      entity: 'checklistItem',
      op: 'create',
      id: row.id,
      fields: validateCreate('checklistItem', row),
      visitId: visit.id,
    });
  await commit(db, ops);
  return visit;
}

export const updateVisit = (db: AppDb, id: string, fields: Editable<Visit>) =>
  patch(db, 'visit', id, fields, id);

// ── checklist ──────────────────────────────────────────────────────────────
export async function updateChecklistItem(
  db: AppDb,
  id: string,
  fields: Pick<Partial<ChecklistItem>, 'state' | 'note' | 'order'>,
): Promise<void> {
  await patch(db, 'checklistItem', id, fields, await visitOf(db, 'checklistItem', id));
}

// ── observations ───────────────────────────────────────────────────────────
export function addObservation(db: AppDb, input: ObservationInput): Promise<Observation> {
  return create<Observation>(
    db,
    'observation',
    {
      kind: 'strength',
      perspective: 'outside',
      rating: null,
      text: '',
      place: '',
      lat: null,
      lng: null,
      author: '',
      ...input,
      id: newId(),
      createdAt: nowIso(),
    },
    input.visitId,
  );
}

export async function updateObservation(
  db: AppDb,
  id: string,
  fields: Editable<Observation>,
): Promise<void> {
  await patch(db, 'observation', id, fields, await visitOf(db, 'observation', id));
}

// ── follow-ups ─────────────────────────────────────────────────────────────
export async function addFollowUp(db: AppDb, input: FollowUpInput): Promise<FollowUp> {
  const visit = await db.visits.get(input.visitId);
  if (!visit || visit._deleted) throw new RecordNotFoundError('visit', input.visitId);
  return create<FollowUp>(
    db,
    'followUp',
    {
      fieldId: null,
      kind: 'need',
      offerType: 'consultation',
      owner: '',
      dueDate: null,
      status: 'open',
      ...input,
      siteId: visit.siteId,
      id: newId(),
      createdAt: nowIso(),
    },
    input.visitId,
  );
}

/**
 * A status change also records the day it closed (or clears it when reopened,
 * followUpStatusPatch), unless the caller gives closedAt itself.
 */
export async function updateFollowUp(
  db: AppDb,
  id: string,
  fields: Editable<FollowUp>,
): Promise<void> {
  // One read for both: the visit the outbox entry names and the status moved from.
  const row = await db.followUps.get(id);
  if (!row) throw new RecordNotFoundError('followUp', id);
  const moved = fields.status !== undefined && fields.status !== row.status;
  const all =
    moved && !('closedAt' in fields)
      ? { ...fields, ...followUpStatusPatch(row, fields.status!, localDay()) }
      : fields;
  await patch(db, 'followUp', id, all, row.visitId);
}

// ── participants (one row per person: each field merges by itself, docs/adr/0007) ──
export type ParticipantFields = Partial<Pick<Participant, 'name' | 'organisation' | 'role'>>;

/** Adds a person to the visit, after the ones already listed. */
export async function addParticipant(
  db: AppDb,
  visitId: string,
  fields: ParticipantFields & Pick<Participant, 'name'>,
): Promise<Participant> {
  const visit = await db.visits.get(visitId);
  if (!visit || visit._deleted) throw new RecordNotFoundError('visit', visitId);
  const siblings = await db.participants.where('visitId').equals(visitId).toArray();
  const order = siblings.reduce((max, p) => Math.max(max, p.order + 1), 0);
  return create<Participant>(
    db,
    'participant',
    {
      organisation: '',
      role: '',
      ...fields,
      visitId,
      order,
      id: newId(),
      createdAt: nowIso(),
    },
    visitId,
  );
}

/** Writes only the given fields of one person (an autosaved field is its own patch). */
export async function updateParticipant(
  db: AppDb,
  id: string,
  fields: ParticipantFields & Partial<Pick<Participant, 'order'>>,
): Promise<void> {
  await patch(db, 'participant', id, fields, await visitOf(db, 'participant', id));
}

export const removeParticipant = (db: AppDb, id: string) => deleteRecord(db, 'participant', id);

// ── delete / restore (tombstones, never hard deletes) ──────────────────────
export async function deleteRecord(db: AppDb, entity: EntityName, id: string): Promise<void> {
  await commit(db, [
    { entity, op: 'delete', id, fields: {}, visitId: await visitOf(db, entity, id) },
  ]);
}

export async function restoreRecord(db: AppDb, entity: EntityName, id: string): Promise<void> {
  await commit(db, [
    { entity, op: 'restore', id, fields: {}, visitId: await visitOf(db, entity, id) },
  ]);
}
