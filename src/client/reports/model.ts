// ReportModel: one visit as plain, language-resolved data. Every renderer (pdf, docx, html,
// csv, json, zip) takes this model, so the structure of the report is decided once, here.
import {
  FIELDS_BY_THEME,
  THEMES,
  actionField,
  fieldsOfTheme,
} from '../../shared/domain/action-fields';
import { templateText, templateVersion } from '../../shared/domain/template-versions';
import { templateItem, templateParts } from '../../shared/domain/template-layout';
import {
  CHECK_STATES,
  FOLLOW_UP_KINDS,
  FOLLOW_UP_STATUSES,
  OBSERVATION_KINDS,
  OFFER_TYPES,
  PERSPECTIVES,
  PHASES,
  VISIT_STATUSES,
  type Lang,
} from '../../shared/domain/vocab';
import type { ChecklistItem, Observation } from '../../shared/domain/schemas';
import type { PhotoWithBytes, ReportData } from '../db/report-queries';
import { type LabelKey, type ReportLabels, reportTexts } from '../i18n/reports';
import { cleanText, fileSafe, looksLikeJpeg } from './text';
import { formatDate, formatDateTime, formatDecimal } from '../i18n/format';
import { checklistProgressText } from '../i18n/checklist';
import { checklistProgress } from '../../shared/domain/checklist-progress';
import { type ExportRecords, recordsOf } from './records';
import { authorsOf } from '../db/authors';
import { byLineText, editedLineText } from '../i18n/authors';
import { reviewLine } from '../i18n/review';
import { type RatingsView, ratingsView } from './ratings-model';

/**
 * Who recorded a record and who changed it last (the server's accounts, client/db/authors.ts),
 * and the grey line every renderer prints from it, in the report's language ('' when unknown).
 */
export type ChecklistItemView = Authorship & {
  label: string;
  /** The template item's hint ('' when it has none). */
  hint: string;
  state: ChecklistItem['state'];
  stateLabel: string;
  note: string;
};

export type Authorship = {
  author: string | null;
  editor: string | null;
  /** ISO date-time of the last change. */
  editedAt: string | null;
  byLine: string;
};

export type PhotoView = Authorship & {
  id: string;
  sha256: string;
  caption: string;
  label: string;
  /** The action field of the photo's observation; '' for a photo of the visit or a general observation. */
  fieldLabel: string;
  /** When the photo was taken (else stored), as date and time in the report's language. */
  time: string;
  width: number;
  height: number;
  /** JPEG bytes to embed as-is, or null with `problem` saying why the photo is missing. */
  jpeg: Uint8Array | null;
  problem: string | null;
};
export type ObservationView = Authorship & {
  id: string;
  number: number;
  kindLabel: string;
  perspective: 'outside' | 'local';
  rating: number | null;
  ratingText: string;
  text: string;
  place: string;
  photos: PhotoView[];
};
export type FieldView = {
  id: string;
  label: string;
  covered: boolean;
  count: number;
  /**
   * The average rating of the field's observations per kind, kinds in vocabulary order, only kinds
   * with a rating: a strength's and a challenge's ratings are never averaged together.
   */
  ratingsByKind: { kind: string; average: number }[];
  outside: ObservationView[];
  local: ObservationView[];
  photos: PhotoView[];
};
export type ThemeView = { id: string; label: string; fields: FieldView[] };
export type FollowUpView = Authorship & {
  kind: 'need' | 'step';
  kindLabel: string;
  description: string;
  fieldLabel: string;
  offerLabel: string;
  owner: string;
  due: string;
  statusLabel: string;
};
export type ReportModel = {
  lang: Lang;
  labels: ReportLabels;
  title: string;
  fileBase: string;
  generatedAt: string;
  cover: {
    siteName: string;
    municipality: string;
    quarter: string;
    date: string;
    phase: string;
    status: string;
    /** "Freigegeben von … am …" while approved or returned, else ''. */
    review: string;
    participants: { name: string; organisation: string; role: string }[];
    goals: string;
    route: string;
    notes: string;
    /** Who recorded the visit and who changed it last. */
    byLine: string;
  };
  checklist: {
    title: string;
    /** "4 erledigt · 1 entfällt · 1 offen" */
    progress: string;
    items: ChecklistItemView[];
    /** The same items under the sections of their template version (title '' = no section). */
    sections: { title: string; items: ChecklistItemView[] }[];
  }[];
  themes: ThemeView[];
  general: ObservationView[];
  visitPhotos: PhotoView[];
  followUps: FollowUpView[];
  /** The action fields' ratings, both views side by side (ratings-model.ts). */
  ratings: RatingsView;
  uncovered: string[];
  conflicts: string[];
  /** Notes about the report itself (no observations, photos missing …), shown near the top. */
  notes: string[];
  perspectiveLabels: { outside: string; local: string };
  photoCount: number;
  records: ExportRecords;
};

/** The cover's key facts, label and value, in the order every renderer prints them. */
export function coverFacts(model: ReportModel): [string, string][] {
  const { labels: L, cover: c } = model;
  return [
    [L.municipality, c.municipality],
    [L.quarter, c.quarter],
    [L.date, c.date],
    [L.phase, c.phase],
    [L.status, c.status],
    ...(c.review ? [[L.review, c.review] as [string, string]] : []),
  ];
}

/**
 * A photo's alternative text in every report (PDF figure, DOCX image, HTML img): its caption on
 * one line, else "Foto: <action field>, <time>" so a reader without the image still knows what
 * it documents and when.
 */
export function photoAltText(
  photo: Pick<PhotoView, 'caption' | 'fieldLabel' | 'time'>,
  labels: ReportLabels,
): string {
  const caption = photo.caption.replace(/\s+/g, ' ').trim();
  if (caption) return caption;
  const vars: Record<string, string> = {
    field: photo.fieldLabel || labels.noField,
    time: photo.time,
  };
  return labels.photoAlt.replace(/\{(field|time)\}/g, (_, k: string) => vars[k]!);
}

function ratingsByKind(obs: readonly Observation[], lang: Lang): FieldView['ratingsByKind'] {
  return (Object.keys(OBSERVATION_KINDS) as Observation['kind'][]).flatMap((kind) => {
    const avg = average(obs.filter((o) => o.kind === kind).map((o) => o.rating));
    return avg === null ? [] : [{ kind: OBSERVATION_KINDS[kind][lang], average: avg }];
  });
}

/** "Stärke 4,0 · Herausforderung 2,0", or the no-rating word. */
export function ratingsByKindText(f: FieldView, lang: Lang, none: string): string {
  if (f.ratingsByKind.length === 0) return none;
  return f.ratingsByKind.map((r) => `${r.kind} ${formatDecimal(r.average, lang)}`).join(' · ');
}

export function average(ratings: (number | null)[]): number | null {
  const r = ratings.filter((x): x is number => x !== null);
  return r.length ? Math.round((r.reduce((a, b) => a + b, 0) / r.length) * 10) / 10 : null;
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

/** What every report model opens with: its language, its labels and the "generated on" line. */
export function reportHead(lang: Lang, now: Date) {
  return {
    lang,
    labels: reportTexts.table(lang),
    generatedAt: reportTexts.in(lang)('generatedAt', { date: formatDate(now.toISOString(), lang) }),
  };
}

/**
 * The authors of `row` in `lang`. `typed`: the name an old app let people type (observations),
 * used only for records from before the server kept authors. `changesOnly`: the line only once
 * someone changed the record after creating it (checklist items come with their visit).
 */
export function authorshipOf(
  row: object,
  lang: Lang,
  opts: { typed?: string; changesOnly?: boolean } = {},
): Authorship {
  const parts = authorsOf(row);
  const known = parts.author !== null || parts.editor !== null;
  const author = known ? parts.author : opts.typed?.trim() || null;
  const withTyped = { ...parts, author };
  return {
    author,
    editor: parts.editor,
    editedAt: parts.editedAt,
    byLine: (opts.changesOnly ? editedLineText : byLineText)(withTyped, lang),
  };
}

export function buildReportModel(data: ReportData, lang: Lang = 'de', now = new Date()) {
  const head = reportHead(lang, now);
  const L = head.labels;
  const { visit, site } = data;
  const municipality = site?.municipality ?? L.none;
  const quarter = site?.quarter ?? '';
  const siteName = quarter ? `${municipality} – ${quarter}` : municipality;
  let missing = 0;
  const photoView = (p: PhotoWithBytes, label: string, fieldLabel = ''): PhotoView => {
    const ok = looksLikeJpeg(p.jpeg);
    if (!ok) missing++;
    return {
      ...authorshipOf(p, lang),
      id: p.id,
      sha256: p.sha256,
      caption: cleanText(p.caption),
      label,
      fieldLabel,
      time: formatDateTime(p.takenAt ?? p.createdAt, lang),
      width: p.width,
      height: p.height,
      jpeg: ok ? p.jpeg : null,
      problem: ok ? null : p.jpeg ? L.photoInvalid : L.photoMissing,
    };
  };
  const photosByObs = new Map<string, PhotoWithBytes[]>();
  const obsIds = new Set(data.observations.map((o) => o.id));
  const visitPhotos: PhotoWithBytes[] = [];
  for (const p of data.photos) {
    if (p.observationId && obsIds.has(p.observationId))
      photosByObs.set(p.observationId, [...(photosByObs.get(p.observationId) ?? []), p]);
    else visitPhotos.push(p);
  }
  let n = 0;
  const obsView = (o: Observation): ObservationView => {
    const number = ++n;
    return {
      id: o.id,
      number,
      kindLabel: OBSERVATION_KINDS[o.kind][lang],
      perspective: o.perspective,
      rating: o.rating,
      ratingText: o.rating === null ? L.noRating : `${o.rating}/5`,
      text: cleanText(o.text),
      place: cleanText(o.place),
      ...authorshipOf(o, lang, { typed: cleanText(o.author) }),
      photos: (photosByObs.get(o.id) ?? []).map((p) =>
        photoView(
          p,
          reportTexts.in(lang)('photoOf', { n: number }),
          (o.fieldId && actionField(o.fieldId)?.[lang]) || '',
        ),
      ),
    };
  };
  const themes: ThemeView[] = THEMES.map((t) => ({
    id: t.id,
    label: `${t.id}. ${t[lang]}`,
    fields: fieldsOfTheme(t.id).map((f) => {
      const obs = data.observations.filter((o) => o.fieldId === f.id);
      const views = obs.map(obsView);
      return {
        id: f.id,
        label: f[lang],
        covered: obs.length > 0,
        count: obs.length,
        ratingsByKind: ratingsByKind(obs, lang),
        outside: views.filter((v) => v.perspective === 'outside'),
        local: views.filter((v) => v.perspective === 'local'),
        photos: views.flatMap((v) => v.photos),
      };
    }),
  }));
  const general = data.observations
    .filter((o) => o.fieldId === null || !actionField(o.fieldId))
    .map(obsView);
  const visitPhotoViews = visitPhotos.map((p) => photoView(p, L.visitPhotos));
  const covered = new Set(data.observations.map((o) => o.fieldId));
  const checklist = checklistGroups(data, lang);
  const notes: string[] = [];
  if (data.observations.length === 0) notes.push(L.noObservations);
  if (missing > 0) notes.push(reportTexts.in(lang)('photosMissingNote', { n: missing }));
  return {
    ...head,
    title: `${L.reportTitle} ${siteName}, ${formatDate(visit.date, lang)}`,
    fileBase: `${L.filePrefix}_${fileSafe(site ? `${site.municipality}-${site.quarter}` : 'Standort')}_${visit.date}`,
    cover: {
      siteName,
      municipality,
      quarter,
      date: formatDate(visit.date, lang),
      phase: PHASES[visit.phase][lang],
      status: VISIT_STATUSES[visit.status][lang],
      review: reviewLine(visit, lang) ?? '',
      participants: data.participants.map((p) => ({
        name: cleanText(p.name),
        organisation: cleanText(p.organisation),
        role: cleanText(p.role),
      })),
      goals: cleanText(visit.goals),
      route: cleanText(visit.route),
      notes: cleanText(visit.notes),
      byLine: authorshipOf(visit, lang).byLine,
    },
    checklist,
    themes,
    general,
    visitPhotos: visitPhotoViews,
    followUps: data.followUps.map((f) => ({
      ...authorshipOf(f, lang),
      kind: f.kind,
      kindLabel: FOLLOW_UP_KINDS[f.kind][lang],
      description: cleanText(f.description),
      fieldLabel: f.fieldId ? (actionField(f.fieldId)?.[lang] ?? f.fieldId) : L.noField,
      offerLabel: OFFER_TYPES[f.offerType][lang],
      owner: cleanText(f.owner) || L.none,
      due: formatDate(f.dueDate, lang) || L.none,
      statusLabel: FOLLOW_UP_STATUSES[f.status][lang],
    })),
    ratings: ratingsView(data.fieldRatings ?? [], lang),
    uncovered: FIELDS_BY_THEME.filter((f) => !covered.has(f.id)).map((f) => f[lang]),
    conflicts: data.conflicts.map((c) =>
      reportTexts.in(lang)('conflictLine', {
        entity: L[`entity_${c.entity}` as LabelKey],
        field: c.field ?? (c.kind === 'field' ? '' : L[`conflict_${c.kind}` as LabelKey]),
        server: short(c.serverValue),
        client: short(c.clientValue),
        author: c.author || L.none,
      }),
    ),
    notes,
    perspectiveLabels: { outside: PERSPECTIVES.outside[lang], local: PERSPECTIVES.local[lang] },
    photoCount: data.photos.length,
    records: recordsOf({
      sites: site ? [site] : [],
      visits: [visit],
      participants: data.participants,
      checklist: data.checklist,
      observations: data.observations,
      followUps: data.followUps,
      photos: data.photos.map(({ jpeg: _j, ...p }) => p),
      conflicts: data.conflicts,
      templates: data.templates,
      fieldRatings: data.fieldRatings,
    }),
  } satisfies ReportModel;
}

/**
 * The checklist, one group per template version in the items' order, labels and hints from the
 * version each item names (docs/architecture.md §Templates); an item whose version is missing
 * shows its template item id.
 */
function checklistGroups(data: ReportData, lang: Lang): ReportModel['checklist'] {
  const versions = new Map((data.templates ?? []).map((t) => [t.id, t]));
  const byTemplate = new Map<string, ChecklistItem[]>();
  for (const item of data.checklist)
    byTemplate.set(item.templateId, [...(byTemplate.get(item.templateId) ?? []), item]);
  return [...byTemplate].map(([templateId, items]) => {
    const tpl = templateVersion(versions, templateId);
    const view = (item: ChecklistItem): ChecklistItemView => {
      const ti = templateItem(tpl, item.templateItemId);
      return {
        ...authorshipOf(item, lang, { changesOnly: true }),
        label: ti ? templateText(ti.label, lang) : item.templateItemId,
        hint: ti?.hint ? cleanText(templateText(ti.hint, lang)) : '',
        state: item.state,
        stateLabel: CHECK_STATES[item.state][lang],
        note: cleanText(item.note),
      };
    };
    const sections = templateParts(tpl, items).map((part) => ({
      title: part.section ? templateText(part.section.title, lang) : '',
      items: part.items.map(view),
    }));
    const all = sections.flatMap((s) => s.items);
    return {
      title: tpl ? templateText(tpl.title, lang) : templateId,
      progress: checklistProgressText(checklistProgress(all), lang),
      items: all,
      sections,
    };
  });
}
