// Named read queries for the UI (run inside createLiveQuery). Tombstoned rows are hidden.
import type { AppDb, Local } from './schema';
import { checkedRow, checkedRows, schemaCheckedRows } from './lazy-row-check';
import type {
  ChecklistItem,
  FollowUp,
  Observation,
  Participant,
  Photo,
  Site,
  Visit,
} from '../../shared/domain/schemas';
import { isOpenFollowUp } from '../../shared/domain/follow-ups';

// Live rows that pass their check: one damaged row is skipped, never crashes a list. The
// visits list's entities are checked without waiting for zod (lazy-row-check.ts).
const alive = checkedRows;

/** Sites by municipality, then quarter (the order of every site list). */
export function bySiteName<T extends Site>(rows: T[]): T[] {
  return rows.sort(
    (a, b) =>
      a.municipality.localeCompare(b.municipality, 'de') ||
      a.quarter.localeCompare(b.quarter, 'de'),
  );
}

export async function listSites(db: AppDb): Promise<Local<Site>[]> {
  return bySiteName(alive('site', await db.sites.toArray()));
}

export async function getSite(db: AppDb, id: string): Promise<Local<Site> | null> {
  return checkedRow('site', await db.sites.get(id));
}

/** All visits, newest first. */
export async function listVisits(db: AppDb): Promise<Local<Visit>[]> {
  return newestFirst(alive('visit', await db.visits.toArray()));
}

/** Visits newest first (the visits list's order). */
export function newestFirst<T extends Visit>(rows: T[]): T[] {
  return rows.sort(
    (a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt),
  );
}

export async function visitsOfSite(db: AppDb, siteId: string): Promise<Local<Visit>[]> {
  const rows = alive('visit', await db.visits.where('siteId').equals(siteId).toArray());
  return rows.sort((a, b) => b.date.localeCompare(a.date));
}

export async function getVisit(db: AppDb, id: string): Promise<Local<Visit> | null> {
  return checkedRow('visit', await db.visits.get(id));
}

export async function checklistOf(db: AppDb, visitId: string): Promise<Local<ChecklistItem>[]> {
  const rows = alive(
    'checklistItem',
    await db.checklistItems.where('visitId').equals(visitId).toArray(),
  );
  return byChecklistOrder(rows);
}

/** Checklist items in their list order. */
export function byChecklistOrder<T extends ChecklistItem>(rows: T[]): T[] {
  return rows.sort((a, b) => a.order - b.order);
}

export async function observationsOf(db: AppDb, visitId: string): Promise<Local<Observation>[]> {
  const rows = await schemaCheckedRows(
    'observation',
    await db.observations.where('visitId').equals(visitId).toArray(),
  );
  return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** Participants in list order; equal orders (two devices added at once) by creation, then id. */
export function byParticipantOrder<T extends Participant>(rows: T[]): T[] {
  return rows.sort(
    (a, b) =>
      a.order - b.order || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
}

export async function participantsOf(db: AppDb, visitId: string): Promise<Local<Participant>[]> {
  return byParticipantOrder(
    alive('participant', await db.participants.where('visitId').equals(visitId).toArray()),
  );
}

/** Every visit's participants (the visit list's search reads them). */
export async function participantsByVisit(db: AppDb): Promise<Map<string, Participant[]>> {
  return participantsGrouped(alive('participant', await db.participants.toArray()));
}

/** Checked participant rows by visit, each visit's in list order. */
export function participantsGrouped(rows: Participant[]): Map<string, Participant[]> {
  return byVisit(byParticipantOrder(rows));
}

/** Rows by their visit, each visit's in the order given. */
export function byVisit<T extends { visitId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.visitId);
    if (list) list.push(r);
    else out.set(r.visitId, [r]);
  }
  return out;
}

export async function followUpsOf(db: AppDb, visitId: string): Promise<Local<FollowUp>[]> {
  const rows = await schemaCheckedRows(
    'followUp',
    await db.followUps.where('visitId').equals(visitId).toArray(),
  );
  return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Follow-ups of every visit of a site that are not finished: the briefing for the next visit. */
export async function openFollowUpsOfSite(db: AppDb, siteId: string): Promise<Local<FollowUp>[]> {
  const rows = await schemaCheckedRows(
    'followUp',
    await db.followUps.where('siteId').equals(siteId).toArray(),
  );
  return rows
    .filter(isOpenFollowUp)
    .sort(
      (a, b) =>
        (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') ||
        a.createdAt.localeCompare(b.createdAt),
    );
}

/** Photos of a visit by the observation they belong to; the visit's own photos under ''. */
export type PhotosByTarget = Record<string, Photo[]>;

/**
 * Every live photo of a visit in one read, grouped by observation ('' = the visit's own), each
 * group in strip order: the visit page's only photo query, whose groups its strips show.
 */
export async function photosOfVisit(db: AppDb, visitId: string): Promise<PhotosByTarget> {
  const rows = await db.photos.where('visitId').equals(visitId).toArray();
  rows.sort((a, b) => a.order - b.order || a.createdAt.localeCompare(b.createdAt));
  const out: PhotosByTarget = {};
  for (const { _v, _deleted, ...photo } of rows) {
    if (_deleted !== 0) continue;
    const key = photo.observationId ?? '';
    (out[key] ??= []).push(photo);
  }
  return out;
}
