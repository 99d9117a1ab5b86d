// GET /api/v1/activity: the coordinators' activity log across sites (src/shared/activity.ts,
// docs/architecture.md §History). Coordinators only (canSeeActivity; others 403). A page of
// entries as JSON, or with format=csv the whole filtered period as a streamed CSV file.
// from/to are calendar days in the server's time zone (the process's TZ, e.g.
// TZ=Europe/Berlin), both inclusive: from's midnight up to the midnight after to.
import { Hono } from 'hono';
import {
  ACTIVITY_PAGE_DEFAULT,
  ACTIVITY_VALUE_MAX_CHARS,
  ActivityQuery,
  type ActivityEntry,
  type ActivityValue,
  activityCursor,
  parseActivityCursor,
} from '../../shared/activity';
import { canSeeActivity } from '../../shared/policy';
import type { ActivityFilter, ActivityRow } from '../store/activity-types';
import type { ServerDb } from '../store/store';
import type { AppEnv } from '../http/auth-middleware';
import { ApiHttpError, apiError, zodHttpError } from '../http/errors';
import { activityCsvResponse } from './activity-csv';

/** A JSON page stops before this many bytes of values (the first entry always fits). */
const PAGE_MAX_BYTES = 256 * 1024;

/** The server's time zone, in which from/to name days. */
export const serverTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Local midnight of day `date` (YYYY-MM-DD) plus `days`, as an ISO instant (DST-safe). */
function midnightIso(date: string, days = 0): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + days).toISOString();
}

function value(whole: string | null, cut: string | null): ActivityValue {
  if (whole !== null) return { value: JSON.parse(whole) as unknown, truncated: false };
  return cut === null ? null : { value: cut, truncated: true };
}

function toEntry(r: ActivityRow): ActivityEntry {
  return {
    seq: r.seq,
    at: r.at,
    op: r.op,
    entity: r.entity,
    entityId: r.entityId,
    visitId: r.visitId,
    visitDate: r.visitDate,
    field: r.field,
    from: value(r.previous, r.previousCut),
    to: value(r.value, r.valueCut),
    by: r.by,
    site: r.site,
    conflictId: r.conflictId,
  };
}

function parseQuery(raw: Record<string, string>) {
  const parsed = ActivityQuery.safeParse(raw);
  if (!parsed.success) throw zodHttpError(parsed.error);
  const q = parsed.data;
  if (q.from !== undefined && q.to !== undefined && q.from > q.to)
    throw new ApiHttpError(400, 'invalid_period', 'from is after to', 'from');
  const filter: ActivityFilter = {
    ...(q.userId !== undefined ? { userId: q.userId } : {}),
    ...(q.siteId !== undefined ? { siteId: q.siteId } : {}),
    ...(q.entity !== undefined ? { entity: q.entity } : {}),
    ...(q.from !== undefined ? { fromIso: midnightIso(q.from) } : {}),
    ...(q.to !== undefined ? { toIso: midnightIso(q.to, 1) } : {}),
  };
  return { q, filter };
}

export function activityRoutes(db: ServerDb) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    if (!canSeeActivity(c.var.user))
      return apiError(c, 403, 'forbidden', 'Nur die Koordination sieht die Aktivität');
    const { q, filter } = parseQuery(c.req.query());
    if (q.format === 'csv') {
      return activityCsvResponse(db, filter, {
        lang: q.lang ?? 'de',
        from: q.from ?? null,
        to: q.to ?? null,
        timeZone: serverTimeZone(),
        acceptEncoding: c.req.header('accept-encoding'),
      });
    }
    const limit = q.limit ?? ACTIVITY_PAGE_DEFAULT;
    const before = q.cursor !== undefined ? parseActivityCursor(q.cursor) : null;
    const { rows, hasMore } = await db.readTx((tx) =>
      tx.activity.page({
        filter,
        before,
        limit,
        maxBytes: PAGE_MAX_BYTES,
        valueMax: ACTIVITY_VALUE_MAX_CHARS,
      }),
    );
    const last = rows.at(-1);
    return c.json({
      entries: rows.map(toEntry),
      next: hasMore && last ? activityCursor(last.at, last.seq) : null,
      timeZone: serverTimeZone(),
    });
  });
  return app;
}
