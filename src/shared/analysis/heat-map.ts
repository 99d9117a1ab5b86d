// The cross-site heat map (docs/domain.md §Overview): sites × the ten action fields, one value
// per cell in each of four modes, and the advisory needs that recur at two or more sites.
// Pure: plain records in, a grid out; the overview page, its PDF and CSV draw the same grid.
import { FIELDS_BY_THEME } from '../domain/action-fields';
import { isOpenFollowUp, isOverdue } from '../domain/follow-ups';
import type {
  FieldRating,
  FollowUp,
  Observation,
  Perspective,
  Phase,
  Site,
  Visit,
} from '../domain/schemas';
import { newestFirst } from '../domain/visit-order';

/** What a cell shows: visits covering the field, the latest outside or local rating, open needs. */
export const HEAT_MODES = ['coverage', 'outside', 'local', 'needs'] as const;
export type HeatMode = (typeof HEAT_MODES)[number];

/** Which visits count: their date within from–to (inclusive) and the phase the visit was in. */
export type HeatFilter = { from?: string; to?: string; phase?: Phase };

export type HeatInput = {
  sites: readonly Pick<Site, 'id'>[];
  visits: readonly Pick<Visit, 'id' | 'siteId' | 'date' | 'phase' | 'status' | 'createdAt'>[];
  observations: readonly Pick<Observation, 'visitId' | 'fieldId'>[];
  ratings: readonly Pick<FieldRating, 'visitId' | 'fieldId' | 'perspective' | 'rating'>[];
  followUps: readonly Pick<
    FollowUp,
    'visitId' | 'siteId' | 'fieldId' | 'kind' | 'status' | 'dueDate' | 'offerType'
  >[];
};

/**
 * The rating of the latest visit in the filter that rated the field from that perspective;
 * `held` false: given before the visit took place (a self-assessment ahead of a planned visit).
 */
export type LatestRating = { rating: number; visitId: string; date: string; held: boolean };

export type HeatCell = {
  fieldId: string;
  /** Held visits in the filter with at least one observation in the field. */
  coveredVisits: number;
  observations: number;
  outside: LatestRating | null;
  local: LatestRating | null;
  /** Open advisory needs (Offen, In Arbeit) raised at visits in the filter, held or not … */
  openNeeds: number;
  /** … and how many of them are past their due date. */
  overdueNeeds: number;
};

export type HeatRow = {
  siteId: string;
  /** Held visits of the site in the filter; 0: not visited, its counts show as empty, not as 0. */
  visits: number;
  /** Visits in the filter that have not taken place yet (heldVisitIds), not in `visits`. */
  plannedVisits: number;
  /** The date of its latest held visit in the filter, or null. */
  lastVisit: string | null;
  cells: HeatCell[];
};

export type HeatGrid = { fieldIds: string[]; rows: HeatRow[] };

export function visitInFilter(v: Pick<Visit, 'date' | 'phase'>, f: HeatFilter): boolean {
  return (
    (!f.from || v.date >= f.from) && (!f.to || v.date <= f.to) && (!f.phase || v.phase === f.phase)
  );
}

/**
 * The visits that took place, by id: dated today or earlier, and started (any status after
 * Geplant) or with findings recorded (an observation or an agreed follow-up, as when nobody
 * pressed "Besuch beginnen"). A planned visit with nothing, or only the self-assessment given
 * before it, has not taken place; neither has one dated after today.
 */
export function heldVisitIds(
  input: Pick<HeatInput, 'visits' | 'observations' | 'followUps'>,
  today: string,
): Set<string> {
  const recorded = new Set<string>();
  for (const o of input.observations) recorded.add(o.visitId);
  for (const f of input.followUps) recorded.add(f.visitId);
  return new Set(
    input.visits
      .filter((v) => v.date <= today && (v.status !== 'planned' || recorded.has(v.id)))
      .map((v) => v.id),
  );
}

/** Rows by their site, each list in the order given (one pass, not one filter per site). */
function bySite<T extends { siteId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.siteId);
    if (list) list.push(r);
    else out.set(r.siteId, [r]);
  }
  return out;
}

/**
 * The grid in FIELDS_BY_THEME order, one row per site in the order given. A site counts as
 * visited, with its coverage, only through held visits (heldVisitIds); a rating or an open need
 * counts from any visit in the filter, as it was recorded.
 */
export function heatGrid(input: HeatInput, filter: HeatFilter, today: string): HeatGrid {
  const visits = input.visits.filter((v) => visitInFilter(v, filter)).sort(newestFirst);
  const visitIds = new Set(visits.map((v) => v.id));
  const held = heldVisitIds(input, today);
  const rating = new Map<string, number>();
  for (const r of input.ratings)
    if (r.rating !== null && visitIds.has(r.visitId))
      rating.set(`${r.visitId}|${r.perspective}|${r.fieldId}`, r.rating);
  const covered = new Map<string, number>();
  for (const o of input.observations)
    if (o.fieldId && visitIds.has(o.visitId)) {
      const k = `${o.visitId}|${o.fieldId}`;
      covered.set(k, (covered.get(k) ?? 0) + 1);
    }
  const needs = input.followUps.filter(
    (n) => n.kind === 'need' && visitIds.has(n.visitId) && isOpenFollowUp(n),
  );
  const [visitsOf, needsOf] = [bySite(visits), bySite(needs)];
  const isHeld = (v: { id: string }) => held.has(v.id);
  const fieldIds = FIELDS_BY_THEME.map((f) => f.id);
  const rows = input.sites.map((s): HeatRow => {
    const own = visitsOf.get(s.id) ?? [];
    const latest = (fieldId: string, p: Perspective): LatestRating | null => {
      for (const v of own) {
        const r = rating.get(`${v.id}|${p}|${fieldId}`);
        if (r !== undefined) return { rating: r, visitId: v.id, date: v.date, held: isHeld(v) };
      }
      return null;
    };
    const siteNeeds = needsOf.get(s.id) ?? [];
    const ownHeld = own.filter(isHeld);
    return {
      siteId: s.id,
      visits: ownHeld.length,
      plannedVisits: own.length - ownHeld.length,
      lastVisit: ownHeld[0]?.date ?? null,
      cells: fieldIds.map((fieldId) => {
        const inField = siteNeeds.filter((n) => n.fieldId === fieldId);
        const counts = ownHeld.map((v) => covered.get(`${v.id}|${fieldId}`) ?? 0);
        return {
          fieldId,
          coveredVisits: counts.filter((c) => c > 0).length,
          observations: counts.reduce((a, b) => a + b, 0),
          outside: latest(fieldId, 'outside'),
          local: latest(fieldId, 'local'),
          openNeeds: inField.length,
          overdueNeeds: inField.filter((n) => isOverdue(n, today)).length,
        };
      }),
    };
  });
  return { fieldIds, rows };
}

/**
 * The number a cell shows in a mode; null: nothing to show (a site not visited in the filter,
 * a field never rated; in the needs mode a site neither visited nor with an open need from a
 * planned visit), drawn apart from 0.
 */
export function heatValue(row: HeatRow, cell: HeatCell, mode: HeatMode): number | null {
  switch (mode) {
    case 'coverage':
      return row.visits === 0 ? null : cell.coveredVisits;
    case 'outside':
      return cell.outside?.rating ?? null;
    case 'local':
      return cell.local?.rating ?? null;
    case 'needs':
      return row.visits === 0 && cell.openNeeds === 0 ? null : cell.openNeeds;
  }
}

export type NeedAtSite = { siteId: string; open: number; closed: number };
export type RecurringNeedGroup = {
  fieldId: string | null;
  offerType: FollowUp['offerType'];
  open: number;
  closed: number;
  /** Two or more, each with its own counts, in the order the sites were given. */
  sites: NeedAtSite[];
};

/**
 * Advisory needs of visits in the filter grouped by action field and offer type, the groups
 * raised at two or more sites: most sites first, then most needs.
 */
export function recurringNeeds(input: HeatInput, filter: HeatFilter): RecurringNeedGroup[] {
  const visitIds = new Set(input.visits.filter((v) => visitInFilter(v, filter)).map((v) => v.id));
  const siteOrder = new Map(input.sites.map((s, i) => [s.id, i]));
  const groups = new Map<string, RecurringNeedGroup>();
  for (const n of input.followUps) {
    if (n.kind !== 'need' || !visitIds.has(n.visitId)) continue;
    const key = `${n.fieldId ?? ''}|${n.offerType}`;
    let g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = { fieldId: n.fieldId, offerType: n.offerType, open: 0, closed: 0, sites: [] }),
      );
    let at = g.sites.find((x) => x.siteId === n.siteId);
    if (!at) g.sites.push((at = { siteId: n.siteId, open: 0, closed: 0 }));
    const side = isOpenFollowUp(n) ? 'open' : 'closed';
    g[side]++;
    at[side]++;
  }
  const order = (id: string) => siteOrder.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...groups.values()]
    .filter((g) => g.sites.length >= 2)
    .map((g) => ({ ...g, sites: g.sites.sort((a, b) => order(a.siteId) - order(b.siteId)) }))
    .sort((a, b) => b.sites.length - a.sites.length || b.open + b.closed - (a.open + a.closed));
}
