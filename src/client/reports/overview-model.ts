// OverviewModel: the coordinators' heat map of sites × the ten action fields in four modes
// (coverage, outside view, self-assessment, open needs; src/shared/analysis/heat-map.ts) with
// every cell's printed value, colour and full text, and the advisory needs recurring at two or
// more sites, for one filter. The page, the PDF and the CSV all draw this one model.
import { FIELDS_BY_THEME, THEMES, actionField } from '../../shared/domain/action-fields';
import {
  HEAT_MODES,
  type HeatCell,
  type HeatMode,
  type HeatRow,
  heatGrid,
  heatValue,
  recurringNeeds,
} from '../../shared/analysis/heat-map';
import { heatFill, heatLegend, textOn } from '../../shared/analysis/heat-map-scale';
import { siteName } from '../../shared/domain/site-name';
import { OFFER_TYPES, PHASES, RATING_SCALE, type Lang } from '../../shared/domain/vocab';
import { needsHref } from '../db/needs-filter';
import { localDay } from '../db/local-day';
import type { OverviewData } from '../db/report-queries';
import type { ReportLabels } from '../i18n/reports';
import { reportTexts } from '../i18n/reports';
import { overviewTexts } from '../i18n/overview';
import { reportHead } from './model';
import { type ExportRecords, recordsOf } from './records';
import { fileSafe } from './text';
import { formatDate } from '../i18n/format';

/** One cell in one mode: the value printed on it, its colour, and the whole story in words. */
export type OverviewCellView = {
  value: number | null;
  /** On the cell: the number, or '–' for no value. */
  text: string;
  /** Next to it in the needs mode: '!2' when two are overdue; else ''. */
  mark: string;
  /** In the table and the tooltip: "2 offen, davon 1 überfällig", "3 – Im Aufbau, Besuch vom …". */
  detail: string;
  fill: string;
  ink: string;
};
export type OverviewRow = {
  siteId: string;
  siteName: string;
  /** The site's current phase. */
  phase: string;
  visits: number;
  /** "Umsetzung · 2 Besuche · 01.08.2026 · 1 geplant" (held visits; planned ones apart) */
  meta: string;
  cells: HeatCell[];
  views: Record<HeatMode, OverviewCellView[]>;
};
export type OverviewField = { id: string; number: number; label: string; theme: string };
export type OverviewTheme = { id: string; label: string; fields: number };
export type LegendEntry = { fill: string; ink: string; values: string; label: string };
export type RecurringNeed = {
  fieldLabel: string;
  offerLabel: string;
  open: number;
  closed: number;
  /** "3 offen, 1 erledigt oder verworfen" */
  counts: string;
  /** "Fulda – Aschenberg: 1 offen, 0 geschlossen", in site order. */
  sites: string[];
  /** The needs list filtered to this group (/needs, its query names field and offerType). */
  href: string;
};
export type OverviewModel = {
  lang: Lang;
  labels: ReportLabels;
  words: ReturnType<typeof overviewTexts.table>;
  title: string;
  fileBase: string;
  generatedAt: string;
  filterText: string;
  themes: OverviewTheme[];
  fields: OverviewField[];
  modes: readonly HeatMode[];
  modeLabels: Record<HeatMode, string>;
  modeHints: Record<HeatMode, string>;
  legends: Record<HeatMode, LegendEntry[]>;
  /** What the SVG of each mode shows, for people who cannot see it (role="img"). */
  summaries: Record<HeatMode, string>;
  rows: OverviewRow[];
  needs: RecurringNeed[];
  notes: string[];
  records: ExportRecords;
};

const byMode = <T>(make: (m: HeatMode) => T) =>
  Object.fromEntries(HEAT_MODES.map((m) => [m, make(m)])) as Record<HeatMode, T>;

function cellView(
  row: HeatRow,
  cell: HeatCell,
  mode: HeatMode,
  lang: Lang,
  t: ReturnType<typeof overviewTexts.in>,
): OverviewCellView {
  const value = heatValue(row, cell, mode);
  const fill = heatFill(mode, value);
  const base = {
    value,
    text: value === null ? '–' : String(value),
    mark: '',
    fill,
    ink: textOn(fill),
  };
  if (mode === 'coverage')
    return {
      ...base,
      detail:
        value === null
          ? t('notVisited')
          : t('coverageCell', { n: cell.coveredVisits, count: cell.observations }),
    };
  if (mode === 'needs')
    return {
      ...base,
      mark: cell.overdueNeeds ? `!${cell.overdueNeeds}` : '',
      detail:
        value === null
          ? t('notVisited')
          : t('needsCell', { open: cell.openNeeds, overdue: cell.overdueNeeds }),
    };
  const r = cell[mode];
  return {
    ...base,
    detail: r
      ? t(r.held ? 'ratingCell' : 'ratingCellBefore', {
          rating: r.rating,
          label: RATING_SCALE[r.rating as keyof typeof RATING_SCALE][lang],
          date: formatDate(r.date, lang),
        })
      : row.visits === 0
        ? t('notVisited')
        : t('notRated'),
  };
}

export function buildOverviewModel(data: OverviewData, lang: Lang = 'de', now = new Date()) {
  const head = reportHead(lang, now);
  const L = head.labels;
  const t = overviewTexts.in(lang);
  const words = overviewTexts.table(lang);
  const f = data.filter;
  const siteNames = new Map(data.sites.map((s) => [s.id, siteName(s)]));
  const input = {
    sites: data.sites,
    visits: data.visits,
    observations: data.observations,
    ratings: data.fieldRatings ?? [],
    followUps: data.followUps,
  };
  const heatFilter = { from: f.from, to: f.to, phase: f.phase };
  const grid = heatGrid(input, heatFilter, localDay(now));
  const fields = FIELDS_BY_THEME.map((af, i) => ({
    id: af.id,
    number: i + 1,
    label: af[lang],
    theme: af.theme,
  }));
  const rows: OverviewRow[] = data.sites.map((s, i) => {
    const heat = grid.rows[i]!;
    const phase = PHASES[s.phase][lang];
    return {
      siteId: s.id,
      siteName: siteNames.get(s.id)!,
      phase,
      visits: heat.visits,
      meta: [
        phase,
        reportTexts.in(lang)('visitsCount', { n: heat.visits }),
        formatDate(heat.lastVisit, lang),
        heat.plannedVisits ? t('plannedCount', { n: heat.plannedVisits }) : '',
      ]
        .filter(Boolean)
        .join(' · '),
      cells: heat.cells,
      views: byMode((m) => heat.cells.map((c) => cellView(heat, c, m, lang, t))),
    };
  });
  const modeLabels = byMode((m) => words[`mode_${m}`]);
  const summaries = byMode((m) => {
    let max: { value: number; site: string; field: string } | null = null;
    let filled = 0;
    for (const r of rows)
      for (const [i, v] of r.views[m].entries()) {
        if (v.value === null) continue;
        filled++;
        if (!max || v.value > max.value)
          max = { value: v.value, site: r.siteName, field: fields[i]!.label };
      }
    return t('summary', {
      mode: modeLabels[m],
      n: rows.length,
      count: filled,
      max: max && max.value > 0 ? t('summaryMax', max) : '',
    });
  });
  const legends = byMode((m) =>
    heatLegend(m).map((l) => ({
      fill: l.fill,
      ink: textOn(l.fill),
      values: l.values,
      label:
        m === 'outside' || m === 'local'
          ? RATING_SCALE[l.step as keyof typeof RATING_SCALE][lang]
          : l.step === 0
            ? words.legendZero
            : '',
    })),
  );
  const needs = recurringNeeds(input, heatFilter).map((g): RecurringNeed => {
    return {
      fieldLabel: g.fieldId ? (actionField(g.fieldId)?.[lang] ?? g.fieldId) : L.noField,
      offerLabel: OFFER_TYPES[g.offerType][lang],
      open: g.open,
      closed: g.closed,
      counts: t('needsGroup', { open: g.open, closed: g.closed }),
      sites: g.sites.map((s) =>
        t('needsAtSite', {
          site: siteNames.get(s.siteId) ?? s.siteId,
          open: s.open,
          closed: s.closed,
        }),
      ),
      // The list's own query: the group's field and offer type, needs only (steps are not counted).
      href: needsHref({ fieldId: g.fieldId ?? '', offerType: g.offerType, kind: 'need' }),
    };
  });
  const period =
    f.from || f.to
      ? `${formatDate(f.from ?? null, lang) || '…'} – ${formatDate(f.to ?? null, lang) || '…'}`
      : L.all;
  const filterText = [
    `${L.period}: ${period}`,
    `${words.phaseOfVisit}: ${f.phase ? PHASES[f.phase][lang] : L.all}`,
  ].join(' · ');
  return {
    ...head,
    words,
    title: `${L.overviewTitle} (${period})`,
    fileBase: `${L.overviewFilePrefix}_${fileSafe(`${f.from ?? ''}_${f.to ?? ''}`.replace(/^_$/, L.all))}${f.phase ? `_${f.phase}` : ''}`,
    filterText,
    themes: THEMES.map((th) => ({
      id: th.id,
      label: th[lang],
      fields: fields.filter((x) => x.theme === th.id).length,
    })),
    fields,
    modes: HEAT_MODES,
    modeLabels,
    modeHints: byMode((m) => words[`hint_${m}`]),
    legends,
    summaries,
    rows,
    needs,
    notes: grid.rows.every((r) => r.visits === 0) ? [L.noVisitsInFilter] : [],
    records: recordsOf(data),
  } satisfies OverviewModel;
}
