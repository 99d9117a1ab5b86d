// The change feed in PostgreSQL (docs/architecture.md §Pull), answering exactly as the SQLite
// store does (store/sqlite/feed-repo.ts): rows after a cursor in seq order, in the user's scope,
// paged by count and by bytes. Callers run it inside ServerDb.readTx (REPEATABLE READ READ ONLY),
// so the page and the newest seq come from one snapshot and no pull waits for a writer; every
// writer commits in seq order (tx.ts), so a snapshot always holds every seq up to the counter.
// A conflict's or rejection's row is built here from its columns, with the keys in the order
// SQLite's json_object writes them, and its size is that JSON's length in bytes.
import type { Change } from '../../../shared/protocol';
import { CHANGE_OVERHEAD_BYTES, type FeedRow, toChange } from '../feed-rows';
import { parsedJson } from '../row-values';
import type { Async, FeedStore } from '../types';
import type { Queryable } from './queryable';
import { LOST_CURSOR_SQL } from './seq-floor';

/** A joined account's display name (its e-mail when it has no name), as conflicts name people. */
const NAME = (alias: string) => `coalesce(nullif(${alias}.name, ''), ${alias}.email)`;

const records = (where: string) => `
  SELECT r.seq, 'r' AS kind, r.entity, r.id, r.version, r.deleted, r.data,
    r.created_by, ${NAME('cu')} AS created_by_name, r.created_at,
    r.updated_by, ${NAME('uu')} AS updated_by_name, r.updated_at
    FROM records r LEFT JOIN users cu ON cu.id = r.created_by LEFT JOIN users uu ON uu.id = r.updated_by
    WHERE r.seq > $1 ${where}`;

// A scoped account reads its site's records and the records without a site (checklist
// templates): two index ranges of records_site_seq, merged in seq order. Conflict and rejection
// columns travel as a JSON array (json_build_array quotes each value; nothing is parsed as
// JSON in PostgreSQL) and become the row's object in toChange.
const feedSql = (scoped: boolean) => `
  ${scoped ? `${records('AND r.site_id = $4')} UNION ALL ${records('AND r.site_id IS NULL')}` : records('')}
  UNION ALL
  SELECT seq, 'c', entity, id, seq, false, json_build_array(id, entity, entity_id, kind, field,
      server_value, client_value, mutation_id, author, author_id, server_author_id,
      (SELECT ${NAME('u')} FROM users u WHERE u.id = server_author_id),
      status, resolution, created_at)::text,
    NULL, NULL, NULL, NULL, NULL, NULL
    FROM conflicts WHERE seq > $1 ${scoped ? 'AND site_id = $4' : ''}
  UNION ALL
  SELECT seq, 'x', entity, id, seq, false, json_build_array(id, mutation_id, client_id, entity,
      entity_id, code, message, path, payload, created_at)::text,
    NULL, NULL, NULL, NULL, NULL, NULL
    FROM rejections WHERE seq > $1 AND user_id = $3
  ORDER BY seq LIMIT $2`;
const FEED_ALL = feedSql(false);
const FEED_SITE = feedSql(true);

/** Rows of the first query of a page; later ones fetch about what the byte budget has room for. */
const FIRST_BATCH = 200;
const MIN_BATCH = 16;
const MAX_BATCH = 1000;

/** A conflict's row keys in the order SQLite's json_object writes them (feedSql's array). */
const CONFLICT_KEYS =
  `id entity entityId kind field serverValue clientValue mutationId author authorId
  serverAuthorId serverAuthorName status resolution createdAt`.split(/\s+/);
/** A rejection's row keys, likewise. */
const REJECTION_KEYS =
  'id mutationId clientId entity entityId code message path payload createdAt'.split(' ');
/** The keys whose column holds JSON text, parsed into the row. */
const JSON_KEYS = new Set(['serverValue', 'clientValue', 'payload']);

/** A conflict's or rejection's row from its columns (a JSON array), keyed in `keys` order. */
function rowOf(keys: readonly string[], data: string): Record<string, unknown> {
  const values = JSON.parse(data) as (string | null)[];
  return Object.fromEntries(
    keys.map((k, i) => [k, JSON_KEYS.has(k) ? parsedJson(values[i]) : values[i]]),
  );
}

/**
 * The change a feed row stands for, and the bytes it counts against the page: a record's JSON
 * text as stored, a conflict's or rejection's object as SQLite's json_object writes it.
 */
function changeOf(r: FeedRow): { change: Change; bytes: number } {
  if (r.kind === 'r') {
    const row = JSON.parse(r.data) as Record<string, unknown> | null;
    return { change: toChange(r, row), bytes: Buffer.byteLength(r.data) + CHANGE_OVERHEAD_BYTES };
  }
  const row = rowOf(r.kind === 'c' ? CONFLICT_KEYS : REJECTION_KEYS, r.data);
  return {
    change: toChange(r, row),
    bytes: Buffer.byteLength(JSON.stringify(row)) + CHANGE_OVERHEAD_BYTES,
  };
}

export function makeFeedRepo(db: Queryable): Async<FeedStore> {
  return {
    currentSeq: async () =>
      (await db.one<{ value: number }>('SELECT value FROM seq_counter'))!.value,
    // A cursor inside a range a process start skipped (seq-floor.ts): a restore took it back.
    lostCursor: async (cursor) => (await db.one(LOST_CURSOR_SQL, [cursor])) !== null,
    async page({ cursor, limit, maxBytes, userId, siteId }) {
      // PostgreSQL text cannot hold NUL: a site id with it (shared/policy.ts, an account without
      // a site) names no stored site, as null does.
      const site = siteId !== null && siteId.includes('\0') ? null : siteId;
      const changes: Change[] = [];
      let bytes = 0;
      let after = cursor;
      let batch = Math.min(limit + 1, FIRST_BATCH);
      // Keyset batches in the one snapshot: about the rows the byte budget still has room for,
      // never the whole limit of large rows at once.
      for (;;) {
        const rows =
          siteId === null
            ? await db.query<FeedRow>(FEED_ALL, [after, batch, userId])
            : await db.query<FeedRow>(FEED_SITE, [after, batch, userId, site]);
        for (const row of rows) {
          const { change, bytes: size } = changeOf(row);
          if (changes.length >= limit || (changes.length > 0 && bytes + size > maxBytes)) {
            return { changes, hasMore: true };
          }
          bytes += size;
          changes.push(change);
          after = row.seq;
        }
        if (rows.length < batch) return { changes, hasMore: false };
        const perRow = bytes / changes.length;
        batch = Math.min(
          limit + 1 - changes.length,
          MAX_BATCH,
          Math.max(MIN_BATCH, Math.ceil(Math.max(0, maxBytes - bytes) / perRow) + 1),
        );
      }
    },
  };
}
