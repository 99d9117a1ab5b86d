// The briefing, read from this device only (works offline; a Quartiersmanagement device holds
// its one site, so its briefing is naturally that site's): per theme and action field the last
// visits' findings with their photos, the open follow-ups, and what changed between the last two
// visits (site page); and per field the previous visit's findings (visit page). Damaged rows are
// skipped (row-check.ts). Run inside createLiveQuery (db/live.ts).
// Ratings are compared like with like (docs/domain.md §Ratings): a field's rating from one
// perspective with the same perspective's at the other visit; where the two visits did not both
// rate a field, the findings' ratings averaged per kind (strengths with strengths, challenges with
// challenges), never one average across kinds.
import { FIELDS_BY_THEME } from '../../shared/domain/action-fields';
import { isOpenFollowUp } from '../../shared/domain/follow-ups';
import type {
  ActionFieldId,
  FieldRating,
  FollowUp,
  Observation,
  Perspective,
  Visit,
} from '../../shared/domain/schemas';
import { OBSERVATION_KINDS } from '../../shared/domain/vocab';
import { newestFirst } from '../../shared/domain/visit-order';
import { type WithAuthors, authorsOf } from './authors';
import type { PhotosByTarget } from './queries';
import { usableRow, usableRows } from './row-check';
import type { AppDb, Local } from './schema';

/** How many visits that covered a field the site page shows per field. */
export const VISITS_PER_FIELD = 2;

/** Every action field in page order (themes A–D, their fields), then null: the visit-level notes. */
export const BRIEFING_FIELDS: readonly (ActionFieldId | null)[] = [
  ...FIELDS_BY_THEME.map((f) => f.id),
  null,
];

/** Where a finding belongs: an action field, or 'general' for the visit-level notes. */
export type FieldKey = ActionFieldId | 'general';
const keyOf = (fieldId: ActionFieldId | null): FieldKey => fieldId ?? 'general';

/** The findings one visit recorded for one field, in the order they were made. */
export type FindingGroup = { visit: Local<Visit>; findings: Local<Observation>[] };

export type FieldBriefing = {
  fieldId: ActionFieldId | null;
  /** The last visits that covered the field (at most VISITS_PER_FIELD), newest first. */
  groups: FindingGroup[];
  /** Open and running follow-ups of every visit of the site for this field, earliest due first. */
  openFollowUps: Local<FollowUp>[];
};

type ObservationKind = Observation['kind'];

/**
 * What a rating change compares: one perspective's rating of the field at both visits, or (where
 * the visits did not both rate the field) the average rating of one kind of finding.
 */
export type RatingBasis = { view: Perspective } | { kind: ObservationKind };
export type RatingChange = {
  fieldId: ActionFieldId;
  basis: RatingBasis;
  before: number;
  after: number;
};

/** What changed between the site's last two visits with findings. */
export type SinceLastVisit = {
  latest: Local<Visit>;
  previous: Local<Visit>;
  /** Agreed at the latest visit. */
  newFollowUps: Local<FollowUp>[];
  /** Done or dropped since the previous visit (agreed at it, or changed after it). */
  closedFollowUps: Local<FollowUp>[];
  /**
   * Ratings that went up or down, in page order: per field each perspective rated at both visits
   * (outside, then local); for a field the visits did not both rate, each kind of finding rated
   * at both (its average), in the kinds' order.
   */
  ratings: RatingChange[];
  /** Fields the latest visit covered and the previous one did not, and the reverse. */
  newlyCovered: ActionFieldId[];
  noLongerCovered: ActionFieldId[];
};

export type SiteBriefing = {
  /** One entry per BRIEFING_FIELDS, in that order. */
  fields: FieldBriefing[];
  /** The shown findings' photos by observation id, in strip order. */
  photos: PhotosByTarget;
  /** Each visit's own photos (not of one finding) by visit id, in strip order. */
  visitPhotos: PhotosByTarget;
  /** The latest visit with findings; null before the first one. */
  latest: Local<Visit> | null;
  since: SinceLastVisit | null;
};

export type PreviousFindings = {
  /** The latest visit of the same site before this one (earlier date, ties by creation). */
  previous: Local<Visit> | null;
  /** Per field, the findings of the latest earlier visit that covered it (the previous one when it did). */
  byField: Partial<Record<FieldKey, FindingGroup>>;
  photos: PhotosByTarget;
};

const byCreation = (a: Observation, b: Observation) =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

async function visitsOf(db: AppDb, siteId: string): Promise<Local<Visit>[]> {
  const rows = await db.visits.where('siteId').equals(siteId).toArray();
  return usableRows('visit', rows).sort(newestFirst);
}

/**
 * The stored observation rows of the given visits, unchecked: one index read per visit. Dexie's
 * anyOf walks a cursor instead, a round trip to the database per row (300 rows of three visits:
 * 50-400 ms in Chromium, the visit page's slowest read).
 */
async function storedObservationsOf(
  db: AppDb,
  visitIds: readonly string[],
): Promise<Local<Observation>[]> {
  const lists = await Promise.all(
    visitIds.map((id) => db.observations.where('visitId').equals(id).toArray()),
  );
  return lists.flat();
}

async function observationsOfVisits(
  db: AppDb,
  visitIds: readonly string[],
): Promise<Map<string, Local<Observation>[]>> {
  const found = await storedObservationsOf(db, visitIds);
  const rows = usableRows('observation', found).sort(byCreation);
  const out = new Map<string, Local<Observation>[]>();
  for (const o of rows) {
    const list = out.get(o.visitId);
    if (list) list.push(o);
    else out.set(o.visitId, [o]);
  }
  return out;
}

/** Live photos of the given visits, in strip order, by observation and by visit (their own). */
async function photosOfVisits(
  db: AppDb,
  visitIds: readonly string[],
): Promise<{ byObservation: PhotosByTarget; byVisit: PhotosByTarget }> {
  // One index read per visit (see storedObservationsOf), none for no visits.
  const lists = await Promise.all(
    visitIds.map((id) => db.photos.where('visitId').equals(id).toArray()),
  );
  const rows = usableRows('photo', lists.flat());
  rows.sort((a, b) => a.order - b.order || a.createdAt.localeCompare(b.createdAt));
  const byObservation: PhotosByTarget = {};
  const byVisit: PhotosByTarget = {};
  for (const p of rows) {
    if (p.observationId) (byObservation[p.observationId] ??= []).push(p);
    else (byVisit[p.visitId] ??= []).push(p);
  }
  return { byObservation, byVisit };
}

/** The findings of each visit per field: visit id → field → findings. */
function perField(
  observations: Map<string, Local<Observation>[]>,
): Map<string, Map<FieldKey, Local<Observation>[]>> {
  const out = new Map<string, Map<FieldKey, Local<Observation>[]>>();
  for (const [visitId, list] of observations) {
    const fields = new Map<FieldKey, Local<Observation>[]>();
    for (const o of list) {
      const k = keyOf(o.fieldId);
      const group = fields.get(k);
      if (group) group.push(o);
      else fields.set(k, [o]);
    }
    out.set(visitId, fields);
  }
  return out;
}

/** Stored (unchecked) observation rows by visit id, then by field; tombstones left out. */
function storedByField(
  rows: readonly Local<Observation>[],
): Map<string, Map<FieldKey, Local<Observation>[]>> {
  const out = new Map<string, Map<FieldKey, Local<Observation>[]>>();
  for (const o of rows) {
    if (o._deleted === 1) continue;
    let fields = out.get(o.visitId);
    if (!fields) out.set(o.visitId, (fields = new Map()));
    const k = keyOf(o.fieldId);
    const group = fields.get(k);
    if (group) group.push(o);
    else fields.set(k, [o]);
  }
  return out;
}

/** The average rating of the findings of one kind; null when none of them is rated. */
function averageOfKind(
  findings: readonly Observation[] | undefined,
  kind: ObservationKind,
): number | null {
  const rated = (findings ?? []).flatMap((o) =>
    o.kind !== kind || o.rating === null ? [] : [o.rating],
  );
  return rated.length ? rated.reduce((s, r) => s + r, 0) / rated.length : null;
}

const PERSPECTIVE_ORDER: readonly Perspective[] = ['outside', 'local'];
const KIND_ORDER = Object.keys(OBSERVATION_KINDS) as ObservationKind[];

/** A visit's rated field ratings by `perspective~fieldId`. */
type RatingsAt = Map<string, number>;

/** The changed ratings of one field between the two visits (see RatingChange). */
function ratingChanges(
  fieldId: ActionFieldId,
  now: { findings: Local<Observation>[] | undefined; ratings: RatingsAt },
  then: { findings: Local<Observation>[] | undefined; ratings: RatingsAt },
): RatingChange[] {
  const out: RatingChange[] = [];
  let ratedAtBoth = false;
  for (const view of PERSPECTIVE_ORDER) {
    const after = now.ratings.get(`${view}~${fieldId}`);
    const before = then.ratings.get(`${view}~${fieldId}`);
    if (after === undefined || before === undefined) continue;
    ratedAtBoth = true;
    if (after !== before) out.push({ fieldId, basis: { view }, before, after });
  }
  if (ratedAtBoth) return out;
  for (const kind of KIND_ORDER) {
    const after = averageOfKind(now.findings, kind);
    const before = averageOfKind(then.findings, kind);
    if (after !== null && before !== null && after !== before)
      out.push({ fieldId, basis: { kind }, before, after });
  }
  return out;
}

/** The rated field ratings of the given visits: visit id → `perspective~fieldId` → rating. */
async function fieldRatingsOf(db: AppDb, visitIds: string[]): Promise<Map<string, RatingsAt>> {
  const rows = usableRows(
    'fieldRating',
    await db.fieldRatings.where('visitId').anyOf(visitIds).toArray(),
  ) as Local<FieldRating>[];
  const out = new Map<string, RatingsAt>();
  for (const r of rows) {
    if (r.rating === null) continue;
    let at = out.get(r.visitId);
    if (!at) out.set(r.visitId, (at = new Map()));
    at.set(`${r.perspective}~${r.fieldId}`, r.rating);
  }
  return out;
}

function compare(
  latest: Local<Visit>,
  previous: Local<Visit>,
  fields: Map<string, Map<FieldKey, Local<Observation>[]>>,
  fieldRatings: Map<string, RatingsAt>,
  followUps: Local<FollowUp>[],
  visitDates: Map<string, string>,
): SinceLastVisit {
  const now = fields.get(latest.id) ?? new Map<FieldKey, Local<Observation>[]>();
  const then = fields.get(previous.id) ?? new Map<FieldKey, Local<Observation>[]>();
  const ratedNow = fieldRatings.get(latest.id) ?? new Map<string, number>();
  const ratedThen = fieldRatings.get(previous.id) ?? new Map<string, number>();
  const ratings: RatingChange[] = [];
  const newlyCovered: ActionFieldId[] = [];
  const noLongerCovered: ActionFieldId[] = [];
  for (const fieldId of BRIEFING_FIELDS) {
    if (!fieldId) continue;
    ratings.push(
      ...ratingChanges(
        fieldId,
        { findings: now.get(fieldId), ratings: ratedNow },
        { findings: then.get(fieldId), ratings: ratedThen },
      ),
    );
    if (now.has(fieldId) && !then.has(fieldId)) newlyCovered.push(fieldId);
    if (then.has(fieldId) && !now.has(fieldId)) noLongerCovered.push(fieldId);
  }
  const closedSincePrevious = (f: Local<FollowUp>) => {
    if (isOpenFollowUp(f) || f.visitId === latest.id) return false;
    const agreedOn = visitDates.get(f.visitId);
    if (agreedOn === undefined || agreedOn > previous.date) return false;
    if (f.visitId === previous.id) return true;
    const editedAt = authorsOf(f as WithAuthors).editedAt;
    return editedAt !== null && editedAt.slice(0, 10) > previous.date;
  };
  return {
    latest,
    previous,
    newFollowUps: followUps.filter((f) => f.visitId === latest.id),
    closedFollowUps: followUps.filter(closedSincePrevious),
    ratings,
    newlyCovered,
    noLongerCovered,
  };
}

/** The site page's briefing: findings per field, their photos, open follow-ups, changes. */
export async function siteBriefing(db: AppDb, siteId: string): Promise<SiteBriefing> {
  const visits = await visitsOf(db, siteId);
  const ids = visits.map((v) => v.id);
  const observations = await observationsOfVisits(db, ids);
  const fields = perField(observations);
  const visitIds = new Set(ids);
  const followUps = usableRows(
    'followUp',
    await db.followUps.where('siteId').equals(siteId).toArray(),
  )
    .filter((f) => visitIds.has(f.visitId))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));

  // Visits "with findings": a planned visit that recorded nothing yet is not the last visit.
  const agreedAt = new Set(followUps.map((f) => f.visitId));
  const held = visits.filter((v) => observations.has(v.id) || agreedAt.has(v.id));

  const shown = new Set<string>();
  const briefing: FieldBriefing[] = BRIEFING_FIELDS.map((fieldId) => {
    const key = keyOf(fieldId);
    const groups: FindingGroup[] = [];
    for (const visit of visits) {
      const findings = fields.get(visit.id)?.get(key);
      if (!findings) continue;
      groups.push({ visit, findings });
      for (const o of findings) shown.add(o.id);
      if (groups.length === VISITS_PER_FIELD) break;
    }
    const openFollowUps = followUps
      .filter((f) => isOpenFollowUp(f) && f.fieldId === fieldId)
      .sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
    return { fieldId, groups, openFollowUps };
  });

  const { byObservation, byVisit } = await photosOfVisits(db, ids);
  const photos: PhotosByTarget = {};
  for (const id of shown) if (byObservation[id]) photos[id] = byObservation[id];
  const [latest, previous] = held;
  return {
    fields: briefing,
    photos,
    visitPhotos: byVisit,
    latest: latest ?? null,
    since:
      latest && previous
        ? compare(
            latest,
            previous,
            fields,
            await fieldRatingsOf(db, [latest.id, previous.id]),
            followUps,
            new Map(visits.map((v) => [v.id, v.date])),
          )
        : null,
  };
}

/** A stored row's text field for ordering: a damaged row's other value orders as ''. */
const textOf = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The latest `limit` visits of the same site before `visit` (earlier date; on the same date,
 * created earlier), newest first. The site's rows are ordered before they are checked (a damaged
 * row's missing date orders as ''), and checked from the newest down only until `limit` are
 * found: a site with a thousand visits checked every one of them for the visit page's look-back.
 */
async function earlierVisits(db: AppDb, visit: Visit, limit: number): Promise<Local<Visit>[]> {
  const stored = await db.visits.where('siteId').equals(visit.siteId).toArray();
  const ordered = stored
    .map((row) => ({
      row,
      id: textOf(row.id),
      date: textOf(row.date),
      createdAt: textOf(row.createdAt),
    }))
    .sort(newestFirst);
  const out: Local<Visit>[] = [];
  for (const v of ordered) {
    if (out.length >= limit) break;
    if (newestFirst(visit, v) < 0 && usableRow('visit', v.row)) out.push(v.row);
  }
  return out;
}

/** The latest visit of the same site with an earlier date (ties by creation), deleted ones excluded. */
export async function previousVisitOf(db: AppDb, visitId: string): Promise<Local<Visit> | null> {
  const visit = usableRow('visit', await db.visits.get(visitId));
  return visit ? ((await earlierVisits(db, visit, 1))[0] ?? null) : null;
}

/**
 * How far back the visit page looks for a field's findings: the latest of this many earlier visits
 * of the site that covered it. Older findings are the site page's briefing; reading a site's whole
 * history here made the visit page take seconds on a device holding 100,000 observations.
 */
export const PREVIOUS_VISITS_LOOKED_AT = 12;
/** Earlier visits read per step, newest first; the walk stops once every field has its findings. */
const VISITS_PER_STEP = 3;

/** What the visit page shows, collapsed, above each field: the findings of the visits before. */
export async function previousFindingsOf(db: AppDb, visitId: string): Promise<PreviousFindings> {
  const visit = usableRow('visit', await db.visits.get(visitId));
  const earlier = visit ? await earlierVisits(db, visit, PREVIOUS_VISITS_LOOKED_AT) : [];
  const byField: Partial<Record<FieldKey, FindingGroup>> = {};
  const missing = () => BRIEFING_FIELDS.some((f) => !byField[keyOf(f)]);
  for (let i = 0; i < earlier.length && missing(); i += VISITS_PER_STEP) {
    const step = earlier.slice(i, i + VISITS_PER_STEP);
    const stored = storedByField(
      await storedObservationsOf(
        db,
        step.map((v) => v.id),
      ),
    );
    for (const fieldId of BRIEFING_FIELDS) {
      const key = keyOf(fieldId);
      for (const v of byField[key] ? [] : step) {
        // Only the rows that may be shown are checked: those of fields still without findings.
        const findings = usableRows('observation', stored.get(v.id)?.get(key) ?? []);
        if (findings.length === 0) continue;
        byField[key] = { visit: v, findings: findings.sort(byCreation) };
        break;
      }
    }
  }
  const shown = Object.values(byField).map((g) => g.visit.id);
  const { byObservation } = await photosOfVisits(db, [...new Set(shown)]);
  return { previous: earlier[0] ?? null, byField, photos: byObservation };
}
