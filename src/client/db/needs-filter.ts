// The list of advisory needs and agreed steps across sites (docs/domain.md §Follow-up), as pure
// functions: which rows a filter keeps, their order, and how the filter reads from and writes to
// the page's URL query, so the site page and the overview can link into a filtered list. The
// page and its PDF and CSV exports share them, so an export holds what the list shows.
import { ACTION_FIELD_IDS } from '../../shared/domain/action-fields';
import { isOverdue } from '../../shared/domain/follow-ups';
import type { FollowUp, Site, VisitStatus } from '../../shared/domain/schemas';
import { siteName } from '../../shared/domain/site-name';
import { FOLLOW_UP_KINDS, FOLLOW_UP_STATUSES, OFFER_TYPES } from '../../shared/domain/vocab';

type Status = FollowUp['status'];

/** One follow-up with what the list shows of its site and its visit. */
export type NeedRow = FollowUp & {
  siteName: string;
  /** The date of the visit it came from; null when that visit is not on this device. */
  visitDate: string | null;
  visitStatus: VisitStatus | null;
};

export type NeedsFilter = {
  siteId: string;
  fieldId: string;
  offerType: string;
  /** The statuses shown; empty: every status. */
  statuses: readonly Status[];
  /** Contained in the owner (case and accents ignored). */
  owner: string;
  /** Due on or before this day (YYYY-MM-DD); '' = any. */
  dueUntil: string;
  overdueOnly: boolean;
  kind: string;
};

/** Still to be done: the list's default. */
export const DEFAULT_STATUSES: readonly Status[] = ['open', 'in-progress'];

export const DEFAULT_NEEDS_FILTER: NeedsFilter = {
  siteId: '',
  fieldId: '',
  offerType: '',
  statuses: DEFAULT_STATUSES,
  owner: '',
  dueUntil: '',
  overdueOnly: false,
  kind: '',
};

const STATUS_KEYS = Object.keys(FOLLOW_UP_STATUSES) as Status[];
/** The query value for "every status" (an absent `status` means the default). */
const ALL = 'all';

export type NeedsQuery = {
  site?: string;
  field?: string;
  offer?: string;
  status?: string;
  owner?: string;
  due?: string;
  overdue?: string;
  kind?: string;
};

const oneOf = (keys: readonly string[], v: string | undefined) =>
  v !== undefined && keys.includes(v) ? v : '';
const isDay = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '');

/** The filter a URL query asks for; unknown values fall back to "any" (a link never breaks). */
export function needsFilterFromQuery(q: NeedsQuery): NeedsFilter {
  const statuses =
    q.status === undefined || q.status === ''
      ? DEFAULT_STATUSES
      : q.status === ALL
        ? []
        : STATUS_KEYS.filter((s) => q.status!.split(',').includes(s));
  return {
    siteId: q.site ?? '',
    fieldId: oneOf(ACTION_FIELD_IDS, q.field),
    offerType: oneOf(Object.keys(OFFER_TYPES), q.offer),
    statuses: q.status && q.status !== ALL && statuses.length === 0 ? DEFAULT_STATUSES : statuses,
    owner: q.owner ?? '',
    dueUntil: isDay(q.due),
    overdueOnly: q.overdue === '1',
    kind: oneOf(Object.keys(FOLLOW_UP_KINDS), q.kind),
  };
}

const sameStatuses = (a: readonly Status[], b: readonly Status[]) =>
  a.length === b.length && a.every((s) => b.includes(s));

/**
 * The URL query of a filter: every key present, undefined where the filter has its default, so
 * that the router's setSearchParams drops it (and a shared link stays short).
 */
export function needsQueryOf(f: NeedsFilter): Record<keyof NeedsQuery, string | undefined> {
  const opt = (v: string) => v || undefined;
  return {
    site: opt(f.siteId),
    field: opt(f.fieldId),
    offer: opt(f.offerType),
    status: sameStatuses(f.statuses, DEFAULT_STATUSES)
      ? undefined
      : f.statuses.length === 0
        ? ALL
        : STATUS_KEYS.filter((s) => f.statuses.includes(s)).join(','),
    owner: opt(f.owner.trim()),
    due: opt(f.dueUntil),
    overdue: f.overdueOnly ? '1' : undefined,
    kind: opt(f.kind),
  };
}

/** A link to the list with `f`'s non-default parts ("/needs?site=…"). */
export function needsHref(f: Partial<NeedsFilter>): string {
  const q = needsQueryOf({ ...DEFAULT_NEEDS_FILTER, ...f });
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) params.set(k, v);
  const s = params.toString();
  return s ? `/needs?${s}` : '/needs';
}

function norm(s: string): string {
  return s
    .toLocaleLowerCase('de')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim();
}

/** The rows `f` keeps on `today` (YYYY-MM-DD, the person's local day). */
export function filterNeeds<R extends NeedRow>(
  rows: readonly R[],
  f: NeedsFilter,
  today: string,
): R[] {
  const owner = norm(f.owner);
  return rows.filter(
    (r) =>
      (!f.siteId || r.siteId === f.siteId) &&
      (!f.fieldId || r.fieldId === f.fieldId) &&
      (!f.offerType || r.offerType === f.offerType) &&
      (!f.kind || r.kind === f.kind) &&
      (f.statuses.length === 0 || f.statuses.includes(r.status)) &&
      (!owner || norm(r.owner).includes(owner)) &&
      (!f.dueUntil || (r.dueDate !== null && r.dueDate <= f.dueUntil)) &&
      (!f.overdueOnly || isOverdue(r, today)),
  );
}

/** Overdue first, then by due date (none last), then by site, then oldest first. */
export function sortNeeds<R extends NeedRow>(rows: readonly R[], today: string): R[] {
  return [...rows].sort(
    (a, b) =>
      Number(isOverdue(b, today)) - Number(isOverdue(a, today)) ||
      (a.dueDate ?? '9999-99-99').localeCompare(b.dueDate ?? '9999-99-99') ||
      a.siteName.localeCompare(b.siteName, 'de') ||
      a.createdAt.localeCompare(b.createdAt) ||
      a.id.localeCompare(b.id),
  );
}

/** The owners named in `rows`, once each (trimmed, case kept of the first), sorted. */
export function ownersOf(rows: readonly Pick<FollowUp, 'owner'>[]): string[] {
  const seen = new Map<string, string>();
  for (const r of rows) {
    const o = r.owner.trim();
    if (o && !seen.has(norm(o))) seen.set(norm(o), o);
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b, 'de'));
}

/** The site's name, '?' for a site not on this device. */
export const needSiteName = (s: Pick<Site, 'municipality' | 'quarter'> | undefined) =>
  s ? siteName(s) : '?';
