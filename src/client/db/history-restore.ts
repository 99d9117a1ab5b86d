// "Diesen Wert wiederherstellen" (docs/architecture.md §History): a value from a record's history
// becomes a new, ordinary patch through the record's mutator, so it syncs, merges and is refused
// exactly like a typed edit. Offered only where the policy lets the person patch the record (and
// a visit's content is not locked for them, except a need's tracking fields), for a field a person
// may set by itself, when the value differs from the current one.
import type { User } from '../../shared/auth';
import { IMMUTABLE_FIELDS, type VisitStatus, patchSchema } from '../../shared/domain/schemas';
import { canWrite, isTrackingField, isVisitLocked, visitStatusTargets } from '../../shared/policy';
import { deepEqual } from '../../shared/sync/merge';
import {
  updateChecklistItem,
  updateFollowUp,
  updateObservation,
  updateParticipant,
  updateSite,
  updateVisit,
} from './mutators';
import type { AppDb } from './schema';

const PATCHERS = {
  site: (db: AppDb, id: string, f: object) => updateSite(db, id, f),
  visit: (db: AppDb, id: string, f: object) => updateVisit(db, id, f),
  observation: (db: AppDb, id: string, f: object) => updateObservation(db, id, f),
  followUp: (db: AppDb, id: string, f: object) => updateFollowUp(db, id, f),
  checklistItem: (db: AppDb, id: string, f: object) => updateChecklistItem(db, id, f),
  participant: (db: AppDb, id: string, f: object) => updateParticipant(db, id, f),
} as const;
type Restorable = keyof typeof PATCHERS;
const isRestorable = (entity: string): entity is Restorable => entity in PATCHERS;

/** Fields the server sets itself (the review stamp): a device sending them is refused. */
const SERVER_SET = new Set(['reviewedBy', 'reviewedByName', 'reviewedAt']);

/**
 * A need's fields that only move with others: the closing day with its status
 * (followUpStatusPatch), the offer link with its state and note (Verknüpfen, Verknüpfung lösen).
 */
const FOLLOW_UP_BOUND = new Set(['closedAt', 'offerId']);
/** A need's link state and note: only while an offer is linked. */
const FOLLOW_UP_LINK = new Set(['matchStatus', 'matchNote']);

/** Can `field` of a need be put back by itself? */
function followUpFieldAlone(field: string, record: Row): boolean {
  if (FOLLOW_UP_BOUND.has(field)) return false;
  return !FOLLOW_UP_LINK.has(field) || typeof record['offerId'] === 'string';
}

type Row = Record<string, unknown> & {
  _deleted: 0 | 1;
  _by?: { createdBy?: string | null } | null;
};

/**
 * May the user put `value` back into `field` of the record? `record`: the current local row;
 * `visit`: the visit it belongs to (the visit itself for a visit), for its site and lock.
 */
export function mayRestoreValue(
  user: User,
  entity: string,
  field: string | null,
  value: unknown,
  record: Row | null | undefined,
  visit: { siteId: string; status: VisitStatus } | null,
): boolean {
  if (!field || !record || record._deleted || !isRestorable(entity)) return false;
  if (IMMUTABLE_FIELDS[entity].includes(field) || SERVER_SET.has(field)) return false;
  if (deepEqual(record[field], value)) return false;
  if (entity === 'followUp' && !followUpFieldAlone(field, record)) return false;
  if (!patchSchema(entity).safeParse({ [field]: value }).success) return false;
  const siteId = entity === 'site' ? (record['id'] as string) : (visit?.siteId ?? null);
  const createdBy = record._by?.createdBy ?? null;
  if (!canWrite(user, entity, 'patch', { siteId, createdBy })) return false;
  if (entity === 'site') return true;
  if (!visit) return false;
  if (entity === 'visit' && field === 'status')
    return visitStatusTargets(user, visit.status, visit.siteId).includes(value as VisitStatus);
  // A need's tracking stays writable on a submitted or approved visit (policy FOLLOW_UP_TRACKING).
  if (entity === 'followUp' && isTrackingField(field)) return true;
  return !isVisitLocked(user, visit.status);
}

/** Writes `value` into `field` as a new patch (the caller checked mayRestoreValue). */
export async function restoreValue(
  db: AppDb,
  entity: string,
  id: string,
  field: string,
  value: unknown,
): Promise<void> {
  if (!isRestorable(entity)) throw new Error(`no history restore for ${entity}`);
  await PATCHERS[entity](db, id, { [field]: value });
}

/** The record as it stands on this device and the visit it belongs to: what mayRestoreValue asks. */
export async function restoreTarget(
  db: AppDb,
  entity: string,
  id: string,
): Promise<{ record: Row | null; visit: { siteId: string; status: VisitStatus } | null }> {
  if (!isRestorable(entity)) return { record: null, visit: null };
  const record = ((await db.entityTable(entity).get(id)) as Row | undefined) ?? null;
  const visitId =
    entity === 'visit' ? id : typeof record?.['visitId'] === 'string' ? record['visitId'] : null;
  const v = visitId ? await db.visits.get(visitId) : undefined;
  return { record, visit: v ? { siteId: v.siteId, status: v.status } : null };
}
