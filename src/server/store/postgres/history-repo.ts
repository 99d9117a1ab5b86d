// record_history in PostgreSQL (docs/architecture.md §History), answering exactly as the SQLite
// store does (store/sqlite/history-repo.ts): one row per create (its fields as one object), per
// changed field of every other record write the server applies, per delete or restore, per
// conflict recorded and per resolution. Only the new value is stored (JSON text); the value
// before a change is the previous row's (a create's row: its value's field). The rows of one
// call go in one INSERT (one round trip), their seqs in the order given.
import { type HistoryRow, historyValues, toHistoryEntry, valueLeft } from '../history-rows';
import type { Async, HistoryStore, NewHistoryEntry } from '../types';
import type { Queryable } from './queryable';

/**
 * One statement for any number of rows: each column comes as one array, and unnest zips them
 * back into rows in array order (WITH ORDINALITY … ORDER BY keeps that order explicit), so the
 * rows take their seqs in the order given.
 */
const INSERT = `INSERT INTO record_history (entity, entity_id, site_id, visit_id, op, field, value,
    user_id, client_id, at, conflict_id)
  SELECT entity, entity_id, site_id, visit_id, op, field, value, user_id, client_id, at, conflict_id
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
    $8::text[], $9::text[], $10::text[], $11::text[]) WITH ORDINALITY
    AS r(entity, entity_id, site_id, visit_id, op, field, value, user_id, client_id, at,
      conflict_id, n)
  ORDER BY n`;

/** The rows as one array per column, in the order of INSERT's parameters. */
function columnsOf(rows: readonly NewHistoryEntry[]): (string | null)[][] {
  const columns: (string | null)[][] = Array.from({ length: 11 }, () => []);
  for (const r of rows) historyValues(r).forEach((v, i) => columns[i]!.push(v));
  return columns;
}

export function makeHistoryRepo(db: Queryable): Async<HistoryStore> {
  async function insert(rows: readonly NewHistoryEntry[]): Promise<void> {
    if (rows.length > 0) await db.run(INSERT, columnsOf(rows));
  }

  return {
    insert,
    ofRecord: async (entity, id, afterSeq, limit) =>
      (
        await db.query<HistoryRow>(
          `SELECT seq, entity, entity_id, site_id, visit_id, op, field, value, user_id, client_id,
             at, conflict_id
           FROM record_history WHERE entity = $1 AND entity_id = $2 AND seq > $3
           ORDER BY seq LIMIT $4`,
          [entity, id, afterSeq, limit],
        )
      ).map(toHistoryEntry),
    // A conflict row holds the value that did not win: never the value a later change started
    // from. A create's row holds all its fields: a field it did not set was null then.
    async valueBefore(entity, id, field, beforeSeq) {
      const r = await db.one<{ field: string | null; value: string | null }>(
        `SELECT field, value FROM record_history WHERE entity = $1 AND entity_id = $2 AND seq < $3
             AND (field = $4 AND op <> 'conflict' OR field IS NULL AND op = 'create')
           ORDER BY seq DESC LIMIT 1`,
        [entity, id, beforeSeq, field],
      );
      return r ? valueLeft(r, field) : null;
    },
  };
}
