// "Daten (CSV)": the records of an export as one ZIP with one CSV file per entity (sites,
// visits, participants, checklist items, observations, follow-ups, photos), made to be opened
// by people in Excel or LibreOffice (docs/architecture.md §Reports):
// - headers and file names in the export's language, labels instead of stored keys;
// - dates and numbers as readers of that language write them (31.01.2027 and 50,1 in German;
//   31 Jan 2027 and 50.1 in English), which spreadsheets of that locale read as dates and
//   numbers. No second ISO column: machines take the JSON export, which carries every stored
//   value and re-parses with the shared schemas; the ID columns join the files;
// - UTF-8 with BOM (Excel otherwise guesses a legacy code page) and CRLF; ";" in German, where
//   the comma is the decimal mark and Excel's list separator is ";", "," in English;
// - who recorded and who last changed each record (the server's authors, client/db/authors.ts);
// - text cells that start like a formula (= + - @, tab, CR) get a leading apostrophe, so a
//   spreadsheet shows them instead of running them.
import { type Zippable, zipSync } from 'fflate';
import { csvLine, csvSeparator, guard } from '../../shared/csv';
import { actionField } from '../../shared/domain/action-fields';
import { templateText, templateVersion } from '../../shared/domain/template-versions';
import { templateItem } from '../../shared/domain/template-layout';
import {
  CHECK_STATES,
  FOLLOW_UP_KINDS,
  FOLLOW_UP_STATUSES,
  MATCH_STATUSES,
  OBSERVATION_KINDS,
  OFFER_TYPES,
  PERSPECTIVES,
  PHASES,
  VISIT_STATUSES,
  type Lang,
} from '../../shared/domain/vocab';
import { type WithAuthors, authorsOf } from '../db/authors';
import { formatBytes, formatDate, formatDateTime, formatNumber } from '../i18n/format';
import { rat } from '../i18n/ratings';
import { type CsvLabel, csvTexts, reportTexts } from '../i18n/reports';
import type { DataModel, ExportRecords, RenderOptions } from './records';
import { breathe } from './text';

/** A whole CSV file: BOM, CRLF line ends, the last line ended too. */
export function csvBytes(lines: readonly string[]): Uint8Array {
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}

/** One column: its header and how a row reads in it; `text` columns hold what users typed. */
type Column<T> = [header: CsvLabel, value: (row: T) => string, text?: 'text'];

type Ctx = {
  lang: Lang;
  records: ExportRecords;
  siteName: (siteId: string) => string;
  visitName: (visitId: string) => string;
  visitDate: (visitId: string) => string;
};

function authorColumns<T extends object>(ctx: Ctx): Column<T>[] {
  const by = (r: T) => authorsOf(r as WithAuthors);
  const when = (iso: string | null | undefined) => (iso ? formatDateTime(iso, ctx.lang) : '');
  return [
    ['createdBy', (r) => by(r).author ?? '', 'text'],
    ['createdAt', (r) => when(by(r).createdAt ?? (r as { createdAt?: string }).createdAt)],
    ['updatedBy', (r) => (by(r).edited ? (by(r).editor ?? '') : ''), 'text'],
    ['updatedAt', (r) => (by(r).edited ? when(by(r).editedAt) : '')],
  ];
}

const num = (n: number | null, lang: Lang, digits = 6) =>
  n === null ? '' : formatNumber(n, lang, digits);
const fieldLabel = (id: string | null, lang: Lang) =>
  id ? (actionField(id)?.[lang] ?? id) : reportTexts.table(lang).noField;

/** A photo's observation as a reader finds it in the other file: "Wohnen …: Der Spielplatz …". */
function observationName(o: ExportRecords['observations'][number] | undefined, lang: Lang) {
  if (!o) return '';
  const words = o.text.replace(/\s+/g, ' ').trim();
  const short = words.length > 60 ? `${words.slice(0, 59)}…` : words;
  return `${fieldLabel(o.fieldId, lang)}: ${short}`;
}

type Sheet = { file: CsvLabel; rows: readonly object[]; columns: Column<never>[] };

function sheets(ctx: Ctx): Sheet[] {
  const { lang, records: r } = ctx;
  // Labels from the template version each item names (docs/architecture.md §Templates).
  const versions = new Map(r.checklistTemplates.map((t) => [t.id, t]));
  const listName = (id: string) => {
    const tpl = templateVersion(versions, id);
    return tpl ? templateText(tpl.title, lang) : id;
  };
  const itemName = (templateId: string, itemId: string) => {
    const ti = templateItem(templateVersion(versions, templateId), itemId);
    return ti ? templateText(ti.label, lang) : itemId;
  };
  const visitCols = <T extends { visitId: string }>(): Column<T>[] => [
    ['visit', (x) => ctx.visitName(x.visitId), 'text'],
    ['date', (x) => ctx.visitDate(x.visitId)],
  ];
  const sheet = <T extends object>(file: CsvLabel, rows: readonly T[], columns: Column<T>[]) =>
    ({ file, rows, columns }) as unknown as Sheet;
  const observations = new Map(r.observations.map((o) => [o.id, o]));
  return [
    sheet('file_sites', r.sites, [
      ['municipality', (s) => s.municipality, 'text'],
      ['quarter', (s) => s.quarter, 'text'],
      ['phase', (s) => PHASES[s.phase][lang]],
      ['yearAdmitted', (s) => (s.yearAdmitted === null ? '' : String(s.yearAdmitted))],
      ['contactName', (s) => s.contact.name, 'text'],
      ['contactOrg', (s) => s.contact.organisation, 'text'],
      ['contactEmail', (s) => s.contact.email, 'text'],
      ['contactPhone', (s) => s.contact.phone, 'text'],
      ['notes', (s) => s.notes, 'text'],
      ...authorColumns(ctx),
      ['id', (s) => s.id],
    ]),
    sheet('file_visits', r.visits, [
      ['site', (v) => ctx.siteName(v.siteId), 'text'],
      ['date', (v) => formatDate(v.date, lang)],
      ['phase', (v) => PHASES[v.phase][lang]],
      ['status', (v) => VISIT_STATUSES[v.status][lang]],
      ['reviewedBy', (v) => v.reviewedByName ?? '', 'text'],
      ['reviewedAt', (v) => (v.reviewedAt ? formatDateTime(v.reviewedAt, lang) : '')],
      ['goals', (v) => v.goals, 'text'],
      ['route', (v) => v.route, 'text'],
      ['notes', (v) => v.notes, 'text'],
      ...authorColumns(ctx),
      ['id', (v) => v.id],
      ['siteId', (v) => v.siteId],
    ]),
    sheet('file_participants', r.participants, [
      ...visitCols(),
      ['name', (p) => p.name, 'text'],
      ['organisation', (p) => p.organisation, 'text'],
      ['role', (p) => p.role, 'text'],
      ['position', (p) => String(p.order + 1)],
      ...authorColumns(ctx),
      ['id', (p) => p.id],
      ['visitId', (p) => p.visitId],
    ]),
    sheet('file_checklist', r.checklistItems, [
      ...visitCols(),
      ['list', (c) => listName(c.templateId)],
      ['item', (c) => itemName(c.templateId, c.templateItemId)],
      ['state', (c) => CHECK_STATES[c.state][lang]],
      ['note', (c) => c.note, 'text'],
      ...authorColumns(ctx),
      ['id', (c) => c.id],
      ['visitId', (c) => c.visitId],
    ]),
    sheet('file_observations', r.observations, [
      ...visitCols(),
      ['field', (o) => fieldLabel(o.fieldId, lang)],
      ['kind', (o) => OBSERVATION_KINDS[o.kind][lang]],
      ['perspective', (o) => PERSPECTIVES[o.perspective][lang]],
      ['rating', (o) => num(o.rating, lang)],
      ['text', (o) => o.text, 'text'],
      ['place', (o) => o.place, 'text'],
      ['lat', (o) => num(o.lat, lang)],
      ['lng', (o) => num(o.lng, lang)],
      // Records from before the server kept authors carry the name typed on the device.
      ['createdBy', (o) => authorsOf(o).author ?? o.author, 'text'],
      ...authorColumns<(typeof r.observations)[number]>(ctx).slice(1),
      ['id', (o) => o.id],
      ['visitId', (o) => o.visitId],
    ]),
    sheet('file_followUps', r.followUps, [
      ...visitCols(),
      ['kind', (f) => FOLLOW_UP_KINDS[f.kind][lang]],
      ['description', (f) => f.description, 'text'],
      ['field', (f) => fieldLabel(f.fieldId, lang)],
      ['offer', (f) => OFFER_TYPES[f.offerType][lang]],
      ['owner', (f) => f.owner, 'text'],
      ['due', (f) => formatDate(f.dueDate, lang)],
      ['status', (f) => FOLLOW_UP_STATUSES[f.status][lang]],
      ['closedAt', (f) => formatDate(f.closedAt ?? null, lang)],
      ['matchStatus', (f) => (f.matchStatus ? MATCH_STATUSES[f.matchStatus][lang] : '')],
      ['matchNote', (f) => f.matchNote ?? '', 'text'],
      ...authorColumns(ctx),
      ['id', (f) => f.id],
      ['visitId', (f) => f.visitId],
      ['offerId', (f) => f.offerId ?? ''],
    ]),
    sheet('file_photos', r.photos, [
      ...visitCols(),
      [
        'observation',
        (p) => observationName(observations.get(p.observationId ?? ''), lang),
        'text',
      ],
      ['caption', (p) => p.caption, 'text'],
      ['takenAt', (p) => (p.takenAt ? formatDateTime(p.takenAt, lang) : '')],
      ['width', (p) => String(p.width)],
      ['height', (p) => String(p.height)],
      ['size', (p) => formatBytes(p.bytes, lang)],
      ['lat', (p) => num(p.lat, lang)],
      ['lng', (p) => num(p.lng, lang)],
      ...authorColumns(ctx),
      ['id', (p) => p.id],
      ['visitId', (p) => p.visitId],
      ['observationId', (p) => p.observationId ?? ''],
      ['file', (p) => p.sha256],
    ]),
    sheet('file_fieldRatings', r.fieldRatings, [
      ...visitCols(),
      ['field', (x) => fieldLabel(x.fieldId, lang)],
      // Whose view, in the words of the report's ratings section and the visit page.
      ['perspective', (x) => rat.in(lang)(x.perspective)],
      ['rating', (x) => (x.rating === null ? '' : String(x.rating))],
      ['note', (x) => x.note, 'text'],
      ...authorColumns(ctx),
      ['id', (x) => x.id],
      ['visitId', (x) => x.visitId],
    ]),
  ];
}

function context(model: DataModel): Ctx {
  const { lang, records } = model;
  const sites = new Map(records.sites.map((s) => [s.id, s]));
  const visits = new Map(records.visits.map((v) => [v.id, v]));
  const siteName = (id: string) => {
    const s = sites.get(id);
    return s ? `${s.municipality} – ${s.quarter}` : '';
  };
  const visitDate = (id: string) => formatDate(visits.get(id)?.date ?? null, lang);
  return {
    lang,
    records,
    siteName,
    visitDate,
    visitName: (id) => {
      const v = visits.get(id);
      return v ? [siteName(v.siteId), visitDate(id)].filter(Boolean).join(', ') : '';
    },
  };
}

/** The data export: a ZIP of CSV files, one per entity, in the model's language. */
export async function renderCsvZip(
  model: DataModel,
  opts: RenderOptions = {},
): Promise<Uint8Array> {
  const ctx = context(model);
  const tr = csvTexts.in(model.lang);
  const sep = csvSeparator(model.lang);
  const all = sheets(ctx);
  const total = all.reduce((n, s) => n + s.rows.length, 0);
  const files: Zippable = {};
  let done = 0;
  for (const s of all) {
    const lines = [
      csvLine(
        s.columns.map(([h]) => tr(h)),
        sep,
      ),
    ];
    for (const row of s.rows) {
      if (done++ % 500 === 0) {
        await breathe(opts.signal);
        opts.onProgress?.(done, total);
      }
      lines.push(
        csvLine(
          s.columns.map(([h, value, text]) => {
            const v = value(row as never);
            if (typeof v !== 'string') throw new Error(`no ${h} in ${s.file}`);
            return text ? guard(v) : v;
          }),
          sep,
        ),
      );
    }
    files[`${tr(s.file)}.csv`] = csvBytes(lines);
  }
  opts.signal?.throwIfAborted();
  const out = zipSync(files);
  opts.onProgress?.(total, total);
  return out;
}

/** RFC 4180 parser for the dialect above (quotes, CRLF, optional BOM; ";" unless told). */
export function parseCsv(text: string, sep = ';'): string[][] {
  const s = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      row.push(field);
      field = '';
    } else if (c === '\n' || (c === '\r' && s[i + 1] === '\n')) {
      if (c === '\r') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
