// Read-only queries behind reports and exports (src/client/reports). They live here because
// only src/client/db may touch Dexie; they return plain records without local bookkeeping.
import type {
  ChecklistItem,
  ChecklistTemplate,
  EntityName,
  FieldRating,
  FollowUp,
  Observation,
  Participant,
  Phase,
  Photo,
  Site,
  Visit,
} from '../../shared/domain/schemas';
import type { ConflictRecord } from '../../shared/protocol';
import { RecordNotFoundError } from './errors';
import { byParticipantOrder } from './queries';
import type { AppDb, BlobRow, Local } from './schema';
import { usableRow, usableRows } from './row-check';
import { templateVersions } from './template-queries';
import { templateVersion } from '../../shared/domain/template-versions';

/** A photo with its JPEG bytes, or null when the bytes are not on this device (yet). */
export type PhotoWithBytes = Photo & { jpeg: Uint8Array | null };

export type ReportData = {
  site: Site | null;
  visit: Visit;
  participants: Participant[];
  checklist: ChecklistItem[];
  observations: Observation[];
  followUps: FollowUp[];
  photos: PhotoWithBytes[];
  conflicts: ConflictRecord[];
  /** The template versions the checklist items name (absent: the shipped version-1 texts). */
  templates?: ChecklistTemplate[];
  /** The action fields' ratings, both perspectives (absent: none). */
  fieldRatings?: FieldRating[];
};

export type OverviewFilter = { from?: string; to?: string; phase?: Phase; siteId?: string };

/** Records of many visits, without photo bytes: the overview and the data exports. */
export type OverviewData = {
  filter: OverviewFilter;
  sites: Site[];
  visits: Visit[];
  participants: Participant[];
  checklist: ChecklistItem[];
  observations: Observation[];
  followUps: FollowUp[];
  photos: Photo[];
  conflicts: ConflictRecord[];
  /** The template versions the checklist items name (absent: the shipped version-1 texts). */
  templates?: ChecklistTemplate[];
  /** The action-field ratings of these visits (the overview's heat map). */
  fieldRatings?: FieldRating[];
};

function strip<T extends object>(row: Local<T>): T {
  const { _v: _version, _deleted: _del, ...rest } = row;
  return rest as unknown as T;
}

/** Live rows that satisfy their schema (a damaged row is left out of a report, never crashes it). */
function live<T extends object>(entity: EntityName, rows: Local<T>[]): T[] {
  return usableRows(entity, rows).map(strip);
}

export async function blobBytes(row: BlobRow | undefined): Promise<Uint8Array | null> {
  if (!row) return null;
  const data = row.data;
  if (data instanceof Blob) return new Uint8Array(await data.arrayBuffer());
  if (data && data.buf) return new Uint8Array(data.buf);
  return null;
}

async function openConflicts(db: AppDb, entityIds: Set<string>): Promise<ConflictRecord[]> {
  const open = await db.conflicts.where('status').equals('open').toArray();
  return open.filter((c) => entityIds.has(c.entityId));
}

/** Everything one visit report needs, photo bytes included (read by primary key, one at a time). */
export async function loadReportData(
  db: AppDb,
  visitId: string,
  signal?: AbortSignal,
): Promise<ReportData> {
  const visitRow = await db.visits.get(visitId);
  const usableVisit = usableRow('visit', visitRow);
  if (!usableVisit) throw new RecordNotFoundError('visit', visitId);
  const visit = strip(usableVisit);
  const siteRow = usableRow('site', await db.sites.get(visit.siteId));
  const [participants, checklist, observations, followUps, photoRows, ratings] = await Promise.all([
    db.participants.where('visitId').equals(visitId).toArray(),
    db.checklistItems.where('visitId').equals(visitId).toArray(),
    db.observations.where('visitId').equals(visitId).toArray(),
    db.followUps.where('visitId').equals(visitId).toArray(),
    db.photos.where('visitId').equals(visitId).toArray(),
    db.fieldRatings.where('visitId').equals(visitId).toArray(),
  ]);
  const photos: PhotoWithBytes[] = [];
  for (const p of live('photo', photoRows)) {
    signal?.throwIfAborted();
    photos.push({ ...p, jpeg: await blobBytes(await db.blobs.get(p.sha256)) });
  }
  const ids = new Set<string>([
    visitId,
    visit.siteId,
    ...[...participants, ...checklist, ...observations, ...followUps, ...photoRows, ...ratings].map(
      (r) => r.id,
    ),
  ]);
  return {
    site: siteRow ? strip(siteRow) : null,
    visit,
    participants: byParticipantOrder(live('participant', participants)),
    checklist: live('checklistItem', checklist).sort((a, b) => a.order - b.order),
    templates: await namedTemplates(db, checklist),
    observations: live('observation', observations).sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    ),
    followUps: live('followUp', followUps).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    photos: photos.sort((a, b) => a.order - b.order || a.createdAt.localeCompare(b.createdAt)),
    conflicts: await openConflicts(db, ids),
    fieldRatings: live('fieldRating', ratings),
  };
}

/** The template versions `items` name, the shipped version 1 where the device has no row. */
async function namedTemplates(
  db: AppDb,
  items: readonly ChecklistItem[],
): Promise<ChecklistTemplate[]> {
  const rows = await templateVersions(db);
  return [...new Set(items.map((i) => i.templateId))]
    .map((id) => templateVersion(rows, id))
    .filter((t) => t !== undefined);
}

function visitMatches(v: Visit, f: OverviewFilter): boolean {
  return (
    (!f.from || v.date >= f.from) &&
    (!f.to || v.date <= f.to) &&
    (!f.phase || v.phase === f.phase) &&
    (!f.siteId || v.siteId === f.siteId)
  );
}

/** All visits matching the filter (an empty filter: everything on this device) with their records. */
export async function loadOverviewData(
  db: AppDb,
  filter: OverviewFilter = {},
): Promise<OverviewData> {
  const visits = live('visit', await db.visits.toArray())
    .filter((v) => visitMatches(v, filter))
    .sort((a, b) => a.date.localeCompare(b.date));
  const visitIds = visits.map((v) => v.id);
  const siteIds = new Set(visits.map((v) => v.siteId));
  const [sites, participants, checklist, observations, followUps, photos, ratings] =
    await Promise.all([
      db.sites.toArray(),
      db.participants.where('visitId').anyOf(visitIds).toArray(),
      db.checklistItems.where('visitId').anyOf(visitIds).toArray(),
      db.observations.where('visitId').anyOf(visitIds).toArray(),
      db.followUps.where('visitId').anyOf(visitIds).toArray(),
      db.photos.where('visitId').anyOf(visitIds).toArray(),
      db.fieldRatings.where('visitId').anyOf(visitIds).toArray(),
    ]);
  const allSites = live('site', sites).filter((s) =>
    filter.siteId ? s.id === filter.siteId : true,
  );
  const ids = new Set<string>([
    ...visitIds,
    ...siteIds,
    ...[...participants, ...checklist, ...observations, ...followUps, ...photos, ...ratings].map(
      (r) => r.id,
    ),
  ]);
  return {
    filter,
    // Sites without a visit in the period stay in the overview: "not visited" is information too.
    sites: allSites.sort(
      (a, b) =>
        a.municipality.localeCompare(b.municipality, 'de') ||
        a.quarter.localeCompare(b.quarter, 'de'),
    ),
    visits,
    participants: byParticipantOrder(live('participant', participants)).sort((a, b) =>
      a.visitId.localeCompare(b.visitId),
    ),
    checklist: live('checklistItem', checklist).sort(
      (a, b) => a.visitId.localeCompare(b.visitId) || a.order - b.order,
    ),
    templates: await namedTemplates(db, checklist),
    observations: live('observation', observations).sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    ),
    followUps: live('followUp', followUps).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    photos: live('photo', photos).sort(
      (a, b) => a.visitId.localeCompare(b.visitId) || a.order - b.order,
    ),
    conflicts: await openConflicts(db, ids),
    fieldRatings: live('fieldRating', ratings),
  };
}

/** Photo bytes of a set of photos, one primary-key read each (for the ZIP export). */
export async function loadPhotoBytes(
  db: AppDb,
  photos: readonly Photo[],
  signal?: AbortSignal,
): Promise<PhotoWithBytes[]> {
  const out: PhotoWithBytes[] = [];
  for (const p of photos) {
    signal?.throwIfAborted();
    out.push({ ...p, jpeg: await blobBytes(await db.blobs.get(p.sha256)) });
  }
  return out;
}
