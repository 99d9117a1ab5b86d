// GET /api/v1/history/:entity/:id — who changed which field of one record when, oldest first
// (src/shared/history.ts, docs/architecture.md §History). The same read rule as the change
// feed: a record outside the person's sites is answered like one that does not exist (404).
import { Hono } from 'hono';
import type { EntityName } from '../../shared/domain/schemas';
import {
  HISTORY_PAGE_MAX,
  HISTORY_PAGE_MAX_BYTES,
  HistoryCursor,
  HistoryEntity,
  type HistoryEntry,
  type HistoryPage,
} from '../../shared/history';
import { canReadSite } from '../../shared/policy';
import { createdFields, holdsCreatedFields } from '../store/history-rows';
import type { ServerDb, StoreTx } from '../store/store';
import type { AppEnv } from '../http/auth-middleware';
import { ApiHttpError, apiError } from '../http/errors';

export function historyRoutes(db: ServerDb) {
  const app = new Hono<AppEnv>();
  app.get('/:entity/:id', async (c) => {
    const entity = HistoryEntity.safeParse(c.req.param('entity'));
    if (!entity.success)
      throw new ApiHttpError(400, 'invalid', 'no history is kept for this entity', 'entity');
    const rawCursor = c.req.query('cursor');
    if (rawCursor !== undefined && !HistoryCursor.safeParse(rawCursor).success)
      throw new ApiHttpError(400, 'invalid', 'invalid cursor', 'cursor');
    const id = c.req.param('id');
    const cursor = rawCursor === undefined ? 0 : Number(rawCursor);
    // The record, its history page and the names come from one read snapshot.
    const body = await db.readTx(async (tx): Promise<HistoryPage | null> => {
      const record = await tx.sync.record(entity.data as EntityName, id);
      // A record without a site (a checklist template version) is read by everyone, like in the feed.
      const readable = record && (record.siteId === null || canReadSite(c.var.user, record.siteId));
      if (!record || record.data === null || !readable) return null;
      const page = await readPage(tx, entity.data, id, cursor);
      const created = { at: record.createdAt ?? null, by: await person(tx, record.createdBy) };
      return { entity: entity.data, id, ...page, created };
    });
    if (!body) return apiError(c, 404, 'not_found', `${entity.data} ${id} does not exist`);
    return c.json(body);
  });
  return app;
}

async function person(tx: StoreTx, userId: string | null, names?: Map<string, string>) {
  if (!userId) return null;
  let name = names?.get(userId);
  if (name === undefined) {
    const u = await tx.users.byId(userId);
    name = u ? u.name || u.email : '';
    names?.set(userId, name);
  }
  return { id: userId, name };
}

/**
 * One page after `cursor`. `from` is the field's value as the previous non-conflict entry left
 * it (a conflict's value did not win, so the next change did not start from it). A create's row
 * holding all its fields becomes one entry per field, all on the same page: a page ends before a
 * row whose entries do not fit in HISTORY_PAGE_MAX (rows are read one more than that, and each
 * is at least one entry, so `more` is known).
 */
async function readPage(tx: StoreTx, entity: string, id: string, cursor: number) {
  const rows = await tx.history.ofRecord(entity, id, cursor, HISTORY_PAGE_MAX + 1);
  const names = new Map<string, string>();
  const standing = new Map<string, unknown>();
  const entries: HistoryEntry[] = [];
  let bytes = 0;
  let taken = 0;
  for (const r of rows) {
    const changes: [string | null, unknown][] = holdsCreatedFields(r)
      ? createdFields(r.value)
      : [[r.field, r.value]];
    bytes += r.valueBytes * 2;
    const full = entries.length + changes.length > HISTORY_PAGE_MAX;
    if (entries.length > 0 && (full || bytes > HISTORY_PAGE_MAX_BYTES)) break;
    taken++;
    const by = await person(tx, r.userId, names);
    for (const [field, value] of changes) {
      let from: unknown = null;
      if (field !== null && r.op !== 'create') {
        if (standing.has(field)) from = standing.get(field);
        else from = await tx.history.valueBefore(entity, id, field, r.seq);
      }
      if (field !== null && r.op !== 'conflict') standing.set(field, value);
      entries.push({
        seq: r.seq,
        at: r.at,
        op: r.op,
        field,
        from,
        to: value,
        by,
        conflictId: r.conflictId,
      });
    }
  }
  const more = taken < rows.length;
  // Complete when the record's create was recorded; a later page answers for its first one.
  const complete = cursor > 0 || rows[0]?.op === 'create';
  return { entries, next: more ? String(rows[taken - 1]!.seq) : null, complete };
}
