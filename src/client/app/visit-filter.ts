// Filtering of the visit list (pure, unit-tested): free-text search plus site,
// period, status and phase.
import type { Participant, Phase, Site, Visit, VisitStatus } from '../../shared/domain/schemas';

export type VisitFilter = {
  search: string;
  siteId: string;
  /** Inclusive ISO dates; '' = open end. */
  from: string;
  to: string;
  status: VisitStatus | '';
  phase: Phase | '';
};

export const EMPTY_FILTER: VisitFilter = {
  search: '',
  siteId: '',
  from: '',
  to: '',
  status: '',
  phase: '',
};

function norm(s: string): string {
  return s
    .toLocaleLowerCase('de')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Words of the search must all occur in the visit's site, goals, route, notes or participants. */
function matchesSearch(
  v: Visit,
  site: Site | undefined,
  participants: readonly Participant[],
  search: string,
): boolean {
  const words = norm(search).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = norm(
    [
      site?.municipality,
      site?.quarter,
      v.goals,
      v.route,
      v.notes,
      v.date,
      ...participants.flatMap((p) => [p.name, p.organisation, p.role]),
    ].join(' '),
  );
  return words.every((w) => hay.includes(w));
}

export function filterVisits<V extends Visit>(
  visits: readonly V[],
  sites: ReadonlyMap<string, Site>,
  f: VisitFilter,
  /** Each visit's participants, by visit id (a visit without any may be missing). */
  participants: ReadonlyMap<string, readonly Participant[]>,
): V[] {
  return visits.filter(
    (v) =>
      (!f.siteId || v.siteId === f.siteId) &&
      (!f.from || v.date >= f.from) &&
      (!f.to || v.date <= f.to) &&
      (!f.status || v.status === f.status) &&
      (!f.phase || v.phase === f.phase) &&
      matchesSearch(v, sites.get(v.siteId), participants.get(v.id) ?? [], f.search),
  );
}
