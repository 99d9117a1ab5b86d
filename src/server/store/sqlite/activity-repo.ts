// The coordinators' activity log (docs/architecture.md §History): record_history across sites,
// newest first, with the writer's name and role, the record's site and its visit's date. Reads
// on the read-only connection (WAL: never waits for the writer). Pages are keyset-paged on
// (at, seq) and served by the table's indexes: (site_id, at) or (user_id, at) when a site or a
// person is chosen, else (at); SQLite appends the rowid (seq) to each, so neither the filter nor
// the order needs a scan or a sort (test/server/activity-repo.test.ts checks the plans).
import type Database from 'better-sqlite3';
import { type ActivityLogRow, activityPage, oneUpperBound } from '../activity-rows';
import type { ActivityFilter, ActivityStore } from '../activity-types';

/** A JSON value column as stored when short, else null (its cut text is in `cut`). */
const whole = (col: string) => `CASE WHEN length(${col}) > @valueMax THEN NULL ELSE ${col} END`;
/** The first @valueMax characters of a long JSON value: a string's text, else the JSON itself. */
const cut = (col: string) =>
  `CASE WHEN length(${col}) > @valueMax THEN substr(CASE WHEN json_type(${col}) = 'text'
     THEN ${col} ->> '$' ELSE ${col} END, 1, @valueMax) END`;

/**
 * The field's value before this row: the newest earlier row that wrote the record's field, or
 * the create's row holding all its fields (sync/history-writer.ts), the field of its value
 * (JSON null stored as no text, as every other row stores it).
 */
const PREVIOUS = `(SELECT CASE WHEN p.field IS NULL
    THEN nullif(p.value -> ('$."' || h.field || '"'), 'null') ELSE p.value END
  FROM record_history p
  WHERE p.entity = h.entity AND p.entity_id = h.entity_id AND p.seq < h.seq
    AND (p.field = h.field AND p.op IN ('create', 'patch', 'resolution')
      OR p.field IS NULL AND p.op = 'create')
  ORDER BY p.seq DESC LIMIT 1)`;

/** A create's row holding all its fields comes whole: activityPage cuts each field's value. */
const CREATED_FIELDS = `pg.op = 'create' AND pg.field IS NULL`;

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
      CASE WHEN ${CREATED_FIELDS} THEN pg.value ELSE ${whole('pg.value')} END AS value,
      CASE WHEN ${CREATED_FIELDS} THEN NULL ELSE ${cut('pg.value')} END AS value_cut,
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
      // Rows come one at a time; the page stops at its count or its byte budget.
      return activityPage(
        statement(filter, before !== null).iterate(params) as Iterable<ActivityLogRow>,
        limit,
        maxBytes,
        valueMax,
      );
    },
  };
}
