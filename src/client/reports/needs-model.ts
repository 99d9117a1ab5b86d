// What a needs-list export shows (docs/domain.md §Follow-up): the rows the list's filter keeps,
// in the list's order, grouped by site, every value already in words of the export's language,
// plus a title, a sentence saying what the filter kept and the day it was made.
import { actionField } from '../../shared/domain/action-fields';
import { isOverdue } from '../../shared/domain/follow-ups';
import type { Offer, Site } from '../../shared/domain/schemas';
import {
  FOLLOW_UP_KINDS,
  FOLLOW_UP_STATUSES,
  type Lang,
  MATCH_STATUSES,
  OFFER_TYPES,
} from '../../shared/domain/vocab';
import {
  type NeedRow,
  type NeedsFilter,
  filterNeeds,
  needSiteName,
  sortNeeds,
} from '../db/needs-filter';
import { formatDate } from '../i18n/format';
import { nt } from '../i18n/needs';

type NeedLine = {
  kind: string;
  description: string;
  site: string;
  field: string;
  offerType: string;
  owner: string;
  dueDate: string;
  status: string;
  /** "überfällig seit 01.11.2026", or '' when not overdue. */
  overdue: string;
  closedAt: string;
  visitDate: string;
  /** The title of the alliance offer linked to it; '' when none is linked. */
  offer: string;
  /** How far that link got, in words; '' when none is linked. */
  matchStatus: string;
};

export type NeedsModel = {
  lang: Lang;
  title: string;
  filterText: string;
  generatedAt: string;
  groups: { site: string; lines: NeedLine[] }[];
  count: number;
  fileBase: string;
};

/** What the filter keeps, in words ("Standort: Hanau – Lamboy · Status: Offen, In Arbeit"). */
function describeFilter(f: NeedsFilter, sites: ReadonlyMap<string, Site>, lang: Lang): string {
  const T = nt.in(lang);
  const parts: string[] = [];
  if (f.siteId) parts.push(`${T('site')}: ${needSiteName(sites.get(f.siteId))}`);
  if (f.fieldId) parts.push(`${T('field')}: ${actionField(f.fieldId)?.[lang] ?? f.fieldId}`);
  if (f.offerType)
    parts.push(`${T('offerType')}: ${OFFER_TYPES[f.offerType as keyof typeof OFFER_TYPES][lang]}`);
  if (f.kind)
    parts.push(`${T('kind')}: ${FOLLOW_UP_KINDS[f.kind as keyof typeof FOLLOW_UP_KINDS][lang]}`);
  parts.push(
    `${T('status')}: ${
      f.statuses.length === 0
        ? T('allStatuses')
        : f.statuses.map((s) => FOLLOW_UP_STATUSES[s][lang]).join(', ')
    }`,
  );
  if (f.owner.trim()) parts.push(`${T('owner')}: „${f.owner.trim()}“`);
  if (f.dueUntil) parts.push(`${T('dueUntil')} ${formatDate(f.dueUntil, lang)}`);
  if (f.overdueOnly) parts.push(T('overdueOnly'));
  return parts.join(' · ');
}

export function buildNeedsModel(
  rows: readonly NeedRow[],
  sites: readonly Site[],
  filter: NeedsFilter,
  lang: Lang,
  today: string,
  offers: readonly Pick<Offer, 'id' | 'title'>[] = [],
): NeedsModel {
  const T = nt.in(lang);
  const siteMap = new Map(sites.map((s) => [s.id, s]));
  const offerTitle = new Map(offers.map((o) => [o.id, o.title]));
  const shown = sortNeeds(filterNeeds(rows, filter, today), today);
  // Sites in the order their first row appears: the site with the most pressing need first.
  const groups = new Map<string, { site: string; lines: NeedLine[] }>();
  for (const r of shown) {
    let g = groups.get(r.siteId);
    if (!g) groups.set(r.siteId, (g = { site: r.siteName, lines: [] }));
    g.lines.push({
      kind: FOLLOW_UP_KINDS[r.kind][lang],
      description: r.description,
      site: r.siteName,
      field: r.fieldId ? (actionField(r.fieldId)?.[lang] ?? r.fieldId) : T('noField'),
      offerType: OFFER_TYPES[r.offerType][lang],
      owner: r.owner,
      dueDate: formatDate(r.dueDate, lang),
      status: FOLLOW_UP_STATUSES[r.status][lang],
      overdue: isOverdue(r, today) ? T('overdueSince', { date: formatDate(r.dueDate, lang) }) : '',
      closedAt: formatDate(r.closedAt ?? null, lang),
      visitDate: formatDate(r.visitDate, lang),
      offer: r.offerId ? (offerTitle.get(r.offerId) ?? T('offerMissing')) : '',
      matchStatus: r.offerId && r.matchStatus ? MATCH_STATUSES[r.matchStatus][lang] : '',
    });
  }
  return {
    lang,
    title: T('title'),
    filterText: describeFilter(filter, siteMap, lang),
    generatedAt: T('generatedAt', { date: formatDate(today, lang) }),
    groups: [...groups.values()],
    count: shown.length,
    fileBase: `${T('fileBase')}_${today}`,
  };
}
