// OverviewModel: sites × the ten action fields for coordinators (observations, average
// rating, open follow-ups) and the advisory needs that recur across sites, for one filter.
import { FIELDS_BY_THEME, actionField } from '../../shared/domain/action-fields';
import { OFFER_TYPES, PHASES, type Lang } from '../../shared/domain/vocab';
import type { OverviewData } from '../db/report-queries';
import type { ReportLabels } from '../i18n/reports';
import { average, reportHead } from './model';
import { type ExportRecords, recordsOf } from './records';
import { fileSafe } from './text';
import { formatDate } from '../i18n/format';

export type OverviewCell = {
  fieldId: string;
  observations: number;
  averageRating: number | null;
  openFollowUps: number;
};
export type OverviewRow = {
  siteId: string;
  siteName: string;
  phase: string;
  visits: number;
  lastVisit: string;
  cells: OverviewCell[];
};
export type RecurringNeed = {
  fieldLabel: string;
  offerLabel: string;
  count: number;
  open: number;
  sites: string[];
  examples: string[];
};
export type OverviewModel = {
  lang: Lang;
  labels: ReportLabels;
  title: string;
  fileBase: string;
  generatedAt: string;
  filterText: string;
  fields: { id: string; number: number; label: string }[];
  rows: OverviewRow[];
  needs: RecurringNeed[];
  notes: string[];
  records: ExportRecords;
};

const OPEN = new Set(['open', 'in-progress']);

export function buildOverviewModel(data: OverviewData, lang: Lang = 'de', now = new Date()) {
  const head = reportHead(lang, now);
  const L = head.labels;
  const f = data.filter;
  const visitSite = new Map(data.visits.map((v) => [v.id, v.siteId]));
  const siteName = new Map(data.sites.map((s) => [s.id, `${s.municipality} – ${s.quarter}`]));
  const rows: OverviewRow[] = data.sites.map((s) => {
    const visits = data.visits.filter((v) => v.siteId === s.id);
    const obs = data.observations.filter((o) => visitSite.get(o.visitId) === s.id);
    const fus = data.followUps.filter((x) => x.siteId === s.id);
    return {
      siteId: s.id,
      siteName: siteName.get(s.id)!,
      phase: PHASES[s.phase][lang],
      visits: visits.length,
      lastVisit: formatDate(visits.at(-1)?.date ?? null, lang),
      cells: FIELDS_BY_THEME.map((af) => {
        const inField = obs.filter((o) => o.fieldId === af.id);
        return {
          fieldId: af.id,
          observations: inField.length,
          averageRating: average(inField.map((o) => o.rating)),
          openFollowUps: fus.filter((x) => x.fieldId === af.id && OPEN.has(x.status)).length,
        };
      }),
    };
  });
  const groups = new Map<string, RecurringNeed & { siteIds: Set<string> }>();
  for (const n of data.followUps.filter((x) => x.kind === 'need')) {
    const key = `${n.fieldId ?? ''}|${n.offerType}`;
    const g = groups.get(key) ?? {
      fieldLabel: n.fieldId ? (actionField(n.fieldId)?.[lang] ?? n.fieldId) : L.noField,
      offerLabel: OFFER_TYPES[n.offerType][lang],
      count: 0,
      open: 0,
      sites: [],
      examples: [],
      siteIds: new Set<string>(),
    };
    g.count++;
    if (OPEN.has(n.status)) g.open++;
    g.siteIds.add(n.siteId);
    if (g.examples.length < 3)
      g.examples.push(
        n.description.length > 160 ? `${n.description.slice(0, 159)}…` : n.description,
      );
    groups.set(key, g);
  }
  const needs = [...groups.values()]
    .map(({ siteIds, ...g }) => ({
      ...g,
      sites: [...siteIds].map((id) => siteName.get(id) ?? id).sort(),
    }))
    .sort((a, b) => b.sites.length - a.sites.length || b.count - a.count);
  const period =
    f.from || f.to
      ? `${formatDate(f.from ?? null, lang) || '…'} – ${formatDate(f.to ?? null, lang) || '…'}`
      : L.all;
  const filterText = [
    `${L.period}: ${period}`,
    `${L.phase}: ${f.phase ? PHASES[f.phase][lang] : L.all}`,
  ].join(' · ');
  return {
    ...head,
    title: `${L.overviewTitle} (${period})`,
    fileBase: `${L.overviewFilePrefix}_${fileSafe(`${f.from ?? ''}_${f.to ?? ''}`.replace(/^_$/, L.all))}${f.phase ? `_${f.phase}` : ''}`,
    filterText,
    fields: FIELDS_BY_THEME.map((af, i) => ({ id: af.id, number: i + 1, label: af[lang] })),
    rows,
    needs,
    notes: data.visits.length === 0 ? [L.noVisitsInFilter] : [],
    records: recordsOf(data),
  } satisfies OverviewModel;
}
