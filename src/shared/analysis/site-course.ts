// A site's course over time (docs/domain.md §Course over time), from plain rows: its visits in
// date order grouped by programme phase with the action fields each covered, the rating of each
// field over time (outside and local view as separate series, never averaged together or with
// observation ratings), and the advisory needs opened, closed and open at each visit.
import { FIELDS_BY_THEME } from '../domain/action-fields';
import { isOpenFollowUp } from '../domain/follow-ups';
import type {
  ActionFieldId,
  FieldRating,
  FollowUp,
  Observation,
  Phase,
  Visit,
} from '../domain/schemas';
import { oldestFirst } from '../domain/visit-order';

export type CourseVisit = Pick<Visit, 'id' | 'date' | 'phase' | 'status' | 'createdAt'>;
export type CourseInput = {
  visits: readonly CourseVisit[];
  observations: readonly Pick<Observation, 'visitId' | 'fieldId'>[];
  fieldRatings: readonly Pick<
    FieldRating,
    'visitId' | 'fieldId' | 'perspective' | 'rating' | 'note'
  >[];
  followUps: readonly Pick<FollowUp, 'id' | 'visitId' | 'kind' | 'status' | 'closedAt'>[];
};

/** The advisory needs around one visit. */
export type VisitNeeds = {
  /** Agreed at this visit. */
  opened: number;
  /** Closed (done or dropped) after the previous visit's date, up to this visit's date. */
  closed: number;
  /** Agreed at this or an earlier visit and not closed by this visit's date. */
  open: number;
  /** Agreed at this or an earlier visit, closed on a day nobody recorded: open then or not. */
  closedUnknownDay: number;
};

export type VisitCourse = {
  visit: CourseVisit;
  /** Position in date order (0 = the first visit): the x of every chart. */
  index: number;
  /** Planned and nothing recorded yet: no coverage to speak of, not "covered nothing". */
  planned: boolean;
  /** The action fields with an observation or a field rating at this visit, in FIELDS_BY_THEME order. */
  covered: ActionFieldId[];
  needs: VisitNeeds;
};

export type PhaseCourse = { phase: Phase; visits: VisitCourse[] };

export type RatingPoint = { index: number; visitId: string; date: string; rating: number };
export type FieldSeries = {
  fieldId: ActionFieldId;
  outside: RatingPoint[];
  local: RatingPoint[];
};

export type SiteCourse = {
  /** Runs of consecutive visits in one phase, in date order (a phase that comes back is a new run). */
  phases: PhaseCourse[];
  /** Every visit in date order (the same objects as in `phases`). */
  visits: VisitCourse[];
  /** One entry per action field in FIELDS_BY_THEME order; points in visit order. */
  ratings: FieldSeries[];
  /** Needs closed after the date of the latest visit that took place (a planned one has not). */
  closedSinceLatest: number;
  /** Needs open now. */
  openNow: number;
  /** Needs closed on a day nobody recorded (closed before the day was kept). */
  closedUnknownDay: number;
};

const hasContent = (r: CourseInput['fieldRatings'][number]) =>
  r.rating !== null || r.note.trim() !== '';

function coveredFields(input: CourseInput): Map<string, Set<ActionFieldId>> {
  const out = new Map<string, Set<ActionFieldId>>();
  const add = (visitId: string, fieldId: ActionFieldId) => {
    const set = out.get(visitId) ?? new Set<ActionFieldId>();
    set.add(fieldId);
    out.set(visitId, set);
  };
  for (const o of input.observations) if (o.fieldId) add(o.visitId, o.fieldId);
  for (const r of input.fieldRatings) if (hasContent(r)) add(r.visitId, r.fieldId);
  return out;
}

/** Each field's outside and local series, in one pass over the ratings; points in visit order. */
function ratingSeries(
  input: CourseInput,
  ordered: readonly CourseVisit[],
  indexOf: ReadonlyMap<string, number>,
): FieldSeries[] {
  const series = FIELDS_BY_THEME.map((f): FieldSeries => ({
    fieldId: f.id,
    outside: [],
    local: [],
  }));
  const ofField = new Map(series.map((s) => [s.fieldId, s]));
  for (const r of input.fieldRatings) {
    const index = indexOf.get(r.visitId);
    if (index === undefined || r.rating === null) continue;
    const v = ordered[index]!;
    const point = { index, visitId: v.id, date: v.date, rating: r.rating };
    ofField.get(r.fieldId)?.[r.perspective].push(point);
  }
  const byIndex = (a: RatingPoint, b: RatingPoint) => a.index - b.index;
  for (const s of series) {
    s.outside.sort(byIndex);
    s.local.sort(byIndex);
  }
  return series;
}

/** Per visit: needs agreed there, closed since the previous visit, open at its date. */
function needsPerVisit(
  input: CourseInput,
  ordered: readonly CourseVisit[],
  indexOf: ReadonlyMap<string, number>,
) {
  const needs = input.followUps.filter((f) => f.kind === 'need' && indexOf.has(f.visitId));
  const perVisit: VisitNeeds[] = ordered.map(() => ({
    opened: 0,
    closed: 0,
    open: 0,
    closedUnknownDay: 0,
  }));
  let closedSinceLatest = 0;
  let closedUnknownDay = 0;
  // The latest visit that took place: started, or with findings recorded at it (an observation
  // or an agreed follow-up, as when nobody pressed "Besuch beginnen"), as the overview counts
  // held visits. A planned one, even self-assessed, has not happened: it hides no closure.
  const recorded = new Set([...input.observations, ...input.followUps].map((r) => r.visitId));
  const latestHeld =
    ordered.findLast((v) => v.status !== 'planned' || recorded.has(v.id))?.date ?? '';
  for (const f of needs) {
    const agreed = indexOf.get(f.visitId)!;
    perVisit[agreed]!.opened++;
    const closed = !isOpenFollowUp(f);
    const day = closed ? (f.closedAt ?? null) : null;
    if (closed && day === null) closedUnknownDay++;
    if (day !== null && day > latestHeld) closedSinceLatest++;
    // The first visit on or after the closing day, never before the visit that agreed it.
    let closedAt = -1;
    if (day !== null) {
      closedAt = ordered.findIndex((v, i) => i >= agreed && v.date >= day);
      if (closedAt >= 0) perVisit[closedAt]!.closed++;
    }
    for (let i = agreed; i < ordered.length; i++) {
      const at = perVisit[i]!;
      if (!closed) at.open++;
      else if (day === null) at.closedUnknownDay++;
      else if (day > ordered[i]!.date) at.open++;
    }
  }
  const openNow = needs.filter((f) => isOpenFollowUp(f)).length;
  return { perVisit, closedSinceLatest, closedUnknownDay, openNow };
}

export function siteCourse(input: CourseInput): SiteCourse {
  const ordered = [...input.visits].sort(oldestFirst);
  const indexOf = new Map(ordered.map((v, i) => [v.id, i]));
  const covered = coveredFields(input);
  const agreedAt = new Set(input.followUps.map((f) => f.visitId));
  const needs = needsPerVisit(input, ordered, indexOf);
  const visits: VisitCourse[] = ordered.map((visit, index) => {
    const fields = covered.get(visit.id);
    return {
      visit,
      index,
      planned: visit.status === 'planned' && !fields && !agreedAt.has(visit.id),
      covered: FIELDS_BY_THEME.map((f) => f.id).filter((id) => fields?.has(id)),
      needs: needs.perVisit[index]!,
    };
  });
  const phases: PhaseCourse[] = [];
  for (const v of visits) {
    const last = phases.at(-1);
    if (last?.phase === v.visit.phase) last.visits.push(v);
    else phases.push({ phase: v.visit.phase, visits: [v] });
  }
  return {
    phases,
    visits,
    ratings: ratingSeries(input, ordered, indexOf),
    closedSinceLatest: needs.closedSinceLatest,
    openNow: needs.openNow,
    closedUnknownDay: needs.closedUnknownDay,
  };
}
