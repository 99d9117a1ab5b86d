// CSV export of observations (one row each) with their site, visit and readable labels.
// Semicolon-separated UTF-8 with BOM and CRLF: what German Excel and LibreOffice open directly.
// Free-text cells that start like a formula get a leading apostrophe (CSV injection); parseCsv
// and `unguard` undo it, so the data round-trips into the shared schemas.
import { actionField } from '../../shared/domain/action-fields';
import { OBSERVATION_KINDS, PERSPECTIVES } from '../../shared/domain/vocab';
import type { Observation } from '../../shared/domain/schemas';
import type { DataModel, RenderOptions } from './records';
import { reportTexts } from '../i18n/reports';
import { breathe } from './text';

export const OBSERVATION_COLUMNS = [
  'id',
  'visitId',
  'fieldId',
  'kind',
  'perspective',
  'rating',
  'text',
  'place',
  'lat',
  'lng',
  'author',
  'createdAt',
] as const satisfies readonly (keyof Observation)[];
const FREE_TEXT = new Set<string>(['text', 'place', 'author']);

const SEP = ';';
const NEEDS_QUOTES = /[";\r\n]/;
const FORMULA = /^[=+\-@\t\r']/;

export function guard(v: string): string {
  return FORMULA.test(v) ? `'${v}` : v;
}
export function unguard(v: string): string {
  return v.startsWith("'") ? v.slice(1) : v;
}

function cell(v: string): string {
  return NEEDS_QUOTES.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(cell).join(SEP);
}

export async function renderCsv(model: DataModel, opts: RenderOptions = {}): Promise<Uint8Array> {
  const { lang, records } = model;
  const L = reportTexts.table(lang);
  const sites = new Map(records.sites.map((s) => [s.id, s]));
  const visits = new Map(records.visits.map((v) => [v.id, v]));
  const header = [L.site, L.date, L.field, 'kindLabel', 'perspectiveLabel', ...OBSERVATION_COLUMNS];
  const lines = [csvLine(header)];
  const total = records.observations.length;
  for (const [i, o] of records.observations.entries()) {
    if (i % 500 === 0) {
      await breathe(opts.signal);
      opts.onProgress?.(i, total);
    }
    const visit = visits.get(o.visitId);
    const site = visit ? sites.get(visit.siteId) : undefined;
    const labels = [
      site ? `${site.municipality} – ${site.quarter}` : '',
      visit?.date ?? '',
      o.fieldId ? (actionField(o.fieldId)?.[lang] ?? o.fieldId) : L.noField,
      OBSERVATION_KINDS[o.kind][lang],
      PERSPECTIVES[o.perspective][lang],
    ].map(guard);
    const raw = OBSERVATION_COLUMNS.map((k) => {
      const v = o[k];
      if (v === null) return '';
      return FREE_TEXT.has(k) ? guard(String(v)) : String(v);
    });
    lines.push(csvLine([...labels, ...raw]));
  }
  opts.onProgress?.(total, total);
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}

/** RFC 4180 parser for the dialect above (semicolon, quotes, CRLF, optional BOM). */
export function parseCsv(text: string): string[][] {
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
    else if (c === SEP) {
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

/** Rebuilds observation records from a CSV made by renderCsv (for import and the round-trip test). */
export function observationsFromCsv(text: string): Record<string, unknown>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const k of OBSERVATION_COLUMNS) {
      const v = r[header.indexOf(k)] ?? '';
      if (k === 'rating' || k === 'lat' || k === 'lng') o[k] = v === '' ? null : Number(v);
      else if (k === 'fieldId') o[k] = v === '' ? null : v;
      else o[k] = FREE_TEXT.has(k) ? unguard(v) : v;
    }
    return o;
  });
}
