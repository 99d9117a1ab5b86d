// The coordinators' activity log (docs/architecture.md §History): record_history across sites,
// newest first, with the writer's name and role, the record's site and its visit's date. Reads
// on the read-only connection (WAL: never waits for the writer). Pages are keyset-paged on
// (at, seq) and served by the table's indexes: (site_id, at) or (user_id, at) when a site or a
// person is chosen, else (at); SQLite appends the rowid (seq) to each, so neither the filter nor
// the order needs a scan or a sort (test/server/activity-repo.test.ts checks the plans).
import type Database from 'better-sqlite3';
import type { ActivityFilter, ActivityRow, ActivityStore } from '../activity-types';

type Row = {
  seq: number;
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

/** A JSON value column as stored when short, else null (its cut text is in `cut`). */
const whole = (col: string) => `CASE WHEN length(${col}) > @valueMax THEN NULL ELSE ${col} END`;
/** The first @valueMax characters of a long JSON value: a string's text, else the JSON itself. */
const cut = (col: string) =>
  `CASE WHEN length(${col}) > @valueMax THEN substr(CASE WHEN json_type(${col}) = 'text'
     THEN ${col} ->> '$' ELSE ${col} END, 1, @valueMax) END`;

/** The field's value before this row: the newest earlier row that wrote the record's field. */
const PREVIOUS = `(SELECT p.value FROM record_history p
  WHERE p.entity = h.entity AND p.entity_id = h.entity_id AND p.seq < h.seq AND p.field = h.field
    AND p.op IN ('create', 'patch', 'resolution')
  ORDER BY p.seq DESC LIMIT 1)`;

/** The SELECT of one page with these filters (exported for the query-plan test). */
export function activityPageSql(filter: ActivityFilter, withCursor: boolean): string {
  const where: string[] = [];
  // Person before site: each has its own index, and SQLite takes the first equality it can use.
  if (filter.userId !== undefined) where.push('h.user_id = @userId');
  if (filter.siteId !== undefined) where.push('h.site_id = @siteId');
  // Unary plus: not through the (entity, entity_id, seq) index, which would sort every change of
  // that kind; the time index walks newest first and skips the other kinds.
  if (filter.entity !== undefined) where.push('+h.entity = @entity');
  if (filter.fromIso !== undefined) where.push('h.at >= @fromIso');
  if (filter.toIso !== undefined) where.push('h.at < @toIso');
  // The first term bounds the index range; the second drops the entries already shown at @beforeAt.
  if (withCursor) where.push('h.at <= @beforeAt AND (h.at < @beforeAt OR h.seq < @beforeSeq)');
  // The page is chosen first (MATERIALIZED: its rows once, in index order), then each row's
  // names, site and visit are joined and its values cut, so nothing is computed twice.
  return `WITH pg AS MATERIALIZED (
      SELECT h.seq, h.at, h.op, h.entity, h.entity_id, h.visit_id, h.field, h.value, h.user_id,
        h.site_id, h.conflict_id, ${PREVIOUS} AS previous
      FROM record_history h
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY h.at DESC, h.seq DESC
      LIMIT @limit)
    SELECT pg.seq, pg.at, pg.op, pg.entity, pg.entity_id, pg.visit_id, pg.field, pg.user_id,
      pg.site_id, pg.conflict_id,
      ${whole('pg.value')} AS value, ${cut('pg.value')} AS value_cut,
      ${whole('pg.previous')} AS previous, ${cut('pg.previous')} AS previous_cut,
      coalesce(nullif(u.name, ''), u.email) AS user_name, u.role AS user_role,
      s.data ->> '$.municipality' AS municipality, s.data ->> '$.quarter' AS quarter,
      v.data ->> '$.date' AS visit_date
    FROM pg
    LEFT JOIN users u ON u.id = pg.user_id
    LEFT JOIN records s ON s.entity = 'site' AND s.id = pg.site_id
    LEFT JOIN records v ON v.entity = 'visit' AND v.id = pg.visit_id
    ORDER BY pg.at DESC, pg.seq DESC`;
}

function toActivityRow(r: Row): ActivityRow {
  return {
    seq: r.seq,
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
 * The period's end and the cursor both bound `at` from above, and SQLite ranges its index scan
 * by only one of them: with the period's end, every later page walked again over the rows of
 * all pages before it (page 400 of a 200,000-row CSV read 200,000 index entries). Only the
 * tighter bound is kept: a cursor inside the period makes the end redundant, a cursor at or
 * past the end is redundant itself.
 */
function oneUpperBound(
  filter: ActivityFilter,
  before: { at: string; seq: number } | null,
): { filter: ActivityFilter; before: { at: string; seq: number } | null } {
  if (!before || filter.toIso === undefined) return { filter, before };
  if (before.at >= filter.toIso) return { filter, before: null };
  const { toIso: _end, ...rest } = filter;
  return { filter: rest, before };
}

export function makeActivityRepo(db: Database.Database): ActivityStore {
  const statements = new Map<string, Database.Statement>();
  const statement = (filter: ActivityFilter, withCursor: boolean) => {
    const key = JSON.stringify([
      filter.userId !== undefined,
      filter.siteId !== undefined,
      filter.entity !== undefined,
      filter.fromIso !== undefined,
      filter.toIso !== undefined,
      withCursor,
    ]);
    let s = statements.get(key);
    if (!s) statements.set(key, (s = db.prepare(activityPageSql(filter, withCursor))));
    return s;
  };
  return {
    page({ filter: asked, before: cursor, limit, maxBytes, valueMax }) {
      const { filter, before } = oneUpperBound(asked, cursor);
      const params = {
        ...filter,
        ...(before ? { beforeAt: before.at, beforeSeq: before.seq } : {}),
        limit: limit + 1,
        valueMax,
      };
      const rows: ActivityRow[] = [];
      let bytes = 0;
      // Rows come one at a time; the page stops at its count or its byte budget.
      for (const r of statement(filter, before !== null).iterate(params) as Iterable<Row>) {
        const size =
          ENTRY_OVERHEAD_BYTES +
          (r.value ?? r.value_cut ?? '').length +
          (r.previous ?? r.previous_cut ?? '').length;
        if (rows.length === limit || (rows.length > 0 && bytes + size > maxBytes))
          return { rows, hasMore: true };
        bytes += size;
        rows.push(toActivityRow(r));
      }
      return { rows, hasMore: false };
    },
  };
}
