// The coordinators' activity log in PostgreSQL (docs/architecture.md §History), answering exactly
// as the SQLite store does (store/sqlite/activity-repo.ts): record_history across sites, newest
// first, with the writer's name and role, the record's site and its visit's date, keyset-paged on
// (at, seq). Fields of stored JSON are read through stored_json (schema.ts), which never fails
// on a NUL or a lone surrogate elsewhere in the text.
import { type ActivityLogRow, activityPage, oneUpperBound } from '../activity-rows';
import type { ActivityFilter, ActivityStore } from '../activity-types';
import type { Async } from '../types';
import type { Queryable } from './queryable';

/**
 * The field's value before this row: the newest earlier row that wrote the record's field, or
 * the create's row holding all its fields (sync/history-writer.ts), the field of its value
 * (JSON null stored as no text, as every other row stores it; through stored_json, so a NUL or a
 * lone surrogate in it reads as U+FFFD, as in a cut value).
 */
const PREVIOUS = `(SELECT CASE WHEN p.field IS NULL
    THEN nullif((stored_json(p.value) -> h.field)::text, 'null') ELSE p.value END
  FROM record_history p
  WHERE p.entity = h.entity AND p.entity_id = h.entity_id AND p.seq < h.seq
    AND (p.field = h.field AND p.op IN ('create', 'patch', 'resolution')
      OR p.field IS NULL AND p.op = 'create')
  ORDER BY p.seq DESC LIMIT 1)`;

/** A create's row holding all its fields comes whole: activityPage cuts each field's value. */
const CREATED_FIELDS = `page.op = 'create' AND page.field IS NULL`;

/** The largest int4: a valueMax past it (the CSV's "no cut") cuts nothing either. */
const INT4_MAX = 2 ** 31 - 1;

/** Positional parameters collected while the SQL is written. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** The SELECT of one page and its parameters. */
export function activityPageQuery(
  filter: ActivityFilter,
  before: { at: string; seq: number } | null,
  limit: number,
  valueMax: number,
): { sql: string; params: unknown[] } {
  const p = new Params();
  const where: string[] = [];
  if (filter.userId !== undefined) where.push(`h.user_id = ${p.add(filter.userId)}`);
  if (filter.siteId !== undefined) where.push(`h.site_id = ${p.add(filter.siteId)}`);
  if (filter.entity !== undefined) where.push(`h.entity = ${p.add(filter.entity)}`);
  if (filter.fromIso !== undefined) where.push(`h.at >= ${p.add(filter.fromIso)}`);
  if (filter.toIso !== undefined) where.push(`h.at < ${p.add(filter.toIso)}`);
  if (before) {
    const at = p.add(before.at);
    // The first term bounds the index range; the second drops the entries already shown at `at`.
    where.push(`h.at <= ${at} AND (h.at < ${at} OR h.seq < ${p.add(before.seq)})`);
  }
  // An int4 parameter (length() and substr() take integers): no text is longer than that.
  const max = p.add(Math.min(valueMax, INT4_MAX));
  /** A JSON value column as stored when short, else null (its cut text is in `cut`). */
  const whole = (col: string) => `CASE WHEN length(${col}) > ${max} THEN NULL ELSE ${col} END`;
  /** The first `valueMax` characters of a long JSON value: a string's text, else the JSON itself. */
  const cut = (col: string) =>
    `CASE WHEN length(${col}) > ${max} THEN substr(CASE WHEN left(${col}, 1) = '"'
       THEN stored_json(${col}) #>> '{}' ELSE ${col} END, 1, ${max}) END`;
  // The page is chosen first (MATERIALIZED: its rows once, in index order), then each row's
  // names, site and visit are joined and its values cut, so nothing is computed twice.
  const sql = `WITH page AS MATERIALIZED (
      SELECT h.seq, h.at, h.op, h.entity, h.entity_id, h.visit_id, h.field, h.value, h.user_id,
        h.site_id, h.conflict_id, ${PREVIOUS} AS previous
      FROM record_history h
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY h.at DESC, h.seq DESC
      LIMIT ${p.add(limit)})
    SELECT page.seq, page.at, page.op, page.entity, page.entity_id, page.visit_id, page.field,
      page.user_id, page.site_id, page.conflict_id,
      CASE WHEN ${CREATED_FIELDS} THEN page.value ELSE ${whole('page.value')} END AS value,
      CASE WHEN ${CREATED_FIELDS} THEN NULL ELSE ${cut('page.value')} END AS value_cut,
      ${whole('page.previous')} AS previous, ${cut('page.previous')} AS previous_cut,
      coalesce(nullif(u.name, ''), u.email) AS user_name, u.role AS user_role,
      stored_json(s.data) ->> 'municipality' AS municipality,
      stored_json(s.data) ->> 'quarter' AS quarter, stored_json(v.data) ->> 'date' AS visit_date
    FROM page
    LEFT JOIN users u ON u.id = page.user_id
    LEFT JOIN records s ON s.entity = 'site' AND s.id = page.site_id
    LEFT JOIN records v ON v.entity = 'visit' AND v.id = page.visit_id
    ORDER BY page.at DESC, page.seq DESC`;
  return { sql, params: p.values };
}

export function makeActivityRepo(db: Queryable): Async<ActivityStore> {
  return {
    async page({ filter: asked, before: cursor, limit, maxBytes, valueMax }) {
      const { filter, before } = oneUpperBound(asked, cursor);
      const { sql, params } = activityPageQuery(filter, before, limit + 1, valueMax);
      return activityPage(await db.query<ActivityLogRow>(sql, params), limit, maxBytes, valueMax);
    },
  };
}
