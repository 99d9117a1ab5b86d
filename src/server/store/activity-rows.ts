// The activity log's rows made into pages, for both stores (store/sqlite/activity-repo.ts,
// store/postgres/activity-repo.ts): each row becomes an ActivityRow, a page stops at its count
// or its byte budget, and of the two upper bounds of `at` (the period's end, the cursor) only
// the tighter one is asked for. The SQL, which chooses and cuts the rows, stays with each store.
import type { ActivityFilter, ActivityRow } from './activity-types';
import { createdFields, holdsCreatedFields } from './history-rows';
import { parsedJson } from './row-values';

/** One row of a page's query as both stores answer it (PostgreSQL's bigint seq may come as text). */
export type ActivityLogRow = {
  seq: number | string;
  at: string;
  op: string;
  entity: string;
  entity_id: string;
  visit_id: string | null;
  visit_date: string | null;
  field: string | null;
  value: string | null;
  value_cut: string | null;
  previous: string | null;
  previous_cut: string | null;
  user_id: string | null;
  user_name: string | null;
  user_role: string | null;
  site_id: string | null;
  municipality: string | null;
  quarter: string | null;
  conflict_id: string | null;
};

/** What an entry adds to a page besides its values (keys, ids, names, times). */
const ENTRY_OVERHEAD_BYTES = 400;

export function toActivityRow(r: ActivityLogRow): ActivityRow {
  return {
    seq: Number(r.seq),
    at: r.at,
    op: r.op,
    entity: r.entity,
    entityId: r.entity_id,
    visitId: r.visit_id,
    visitDate: r.visit_date,
    field: r.field,
    value: r.value,
    valueCut: r.value_cut,
    previous: r.previous,
    previousCut: r.previous_cut,
    by: r.user_id === null ? null : { id: r.user_id, name: r.user_name ?? '', role: r.user_role },
    site:
      r.site_id === null
        ? null
        : { id: r.site_id, municipality: r.municipality, quarter: r.quarter },
    conflictId: r.conflict_id,
  };
}

/**
 * A JSON value as the page query answers it (store SQL `whole` and `cut`): whole when at most
 * `valueMax` characters, else cut to its first `valueMax` (a string's text, else the JSON).
 * Characters are code points, as SQL's length() and substr() count them; null has no text, as
 * stored. A NUL stays (SQLite's substr() ends a cut text at one, PostgreSQL's reads U+FFFD).
 */
function valueColumns(
  value: unknown,
  valueMax: number,
): { whole: string | null; cut: string | null } {
  if (value === null) return { whole: null, cut: null };
  const json = JSON.stringify(value);
  // A string has at least as many UTF-16 units as code points: most values end here.
  if (json.length <= valueMax || codePoints(json) <= valueMax) return { whole: json, cut: null };
  return { whole: null, cut: firstCodePoints(typeof value === 'string' ? value : json, valueMax) };
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function firstCodePoints(s: string, max: number): string {
  let n = 0;
  let end = 0;
  for (const c of s) {
    if (n++ === max) break;
    end += c.length;
  }
  return s.slice(0, end);
}

/**
 * A row as the entries it stands for: a create's row holding all its fields
 * (sync/history-writer.ts) one per field, each value whole or cut; any other row itself.
 */
function entriesOf(r: ActivityLogRow, valueMax: number): ActivityLogRow[] {
  if (!holdsCreatedFields(r)) return [r];
  return createdFields(parsedJson(r.value)).map(([field, value]) => {
    const v = valueColumns(value, valueMax);
    return { ...r, field, value: v.whole, value_cut: v.cut, previous: null, previous_cut: null };
  });
}

/**
 * A page of at most `limit` entries from rows in page order (the query asks for one more row, so
 * hasMore can be told), stopping before `maxBytes` of values. A create's row becomes its entries,
 * all on one page: the page ends before a row whose entries do not fit, but the first row always
 * fits (a limit below a create's fields then gets that create whole). Rows are taken one at a
 * time: the rest of an iterator is never read.
 */
export function activityPage(
  rows: Iterable<ActivityLogRow>,
  limit: number,
  maxBytes: number,
  valueMax: number,
): { rows: ActivityRow[]; hasMore: boolean } {
  const page: ActivityRow[] = [];
  let bytes = 0;
  for (const r of rows) {
    const entries = entriesOf(r, valueMax);
    let size = 0;
    for (const e of entries)
      size +=
        ENTRY_OVERHEAD_BYTES +
        (e.value ?? e.value_cut ?? '').length +
        (e.previous ?? e.previous_cut ?? '').length;
    if (page.length > 0 && (page.length + entries.length > limit || bytes + size > maxBytes))
      return { rows: page, hasMore: true };
    bytes += size;
    for (const e of entries) page.push(toActivityRow(e));
  }
  return { rows: page, hasMore: false };
}

/**
 * The period's end and the cursor both bound `at` from above, and an index scan is ranged by
 * only one of them: with the period's end, every later page walked again over the rows of all
 * pages before it (SQLite: page 400 of a 200,000-row CSV read 200,000 index entries). Only the
 * tighter bound is kept: a cursor inside the period makes the end redundant, a cursor at or past
 * the end is redundant itself.
 */
export function oneUpperBound(
  filter: ActivityFilter,
  before: { at: string; seq: number } | null,
): { filter: ActivityFilter; before: { at: string; seq: number } | null } {
  if (!before || filter.toIso === undefined) return { filter, before };
  if (before.at >= filter.toIso) return { filter, before: null };
  const { toIso: _end, ...rest } = filter;
  return { filter: rest, before };
}
