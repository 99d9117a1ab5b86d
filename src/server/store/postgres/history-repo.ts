// record_history in PostgreSQL (docs/architecture.md §History), answering exactly as the SQLite
// store does (store/sqlite/history-repo.ts): one row per changed field of every record write the
// server applies, per delete or restore, per conflict recorded and per resolution. Only the new
// value is stored (JSON text); the value before a change is the previous row's. The rows of one
// call go in one INSERT (one round trip), their seqs in the order given.
import type { Async, HistoryEntry, HistoryOp, HistoryStore, NewHistoryEntry } from '../types';
import type { Queryable } from './queryable';

type Row = {
  seq: string | number;
  entity: string;
  entity_id: string;
  site_id: string | null;
  visit_id: string | null;
  op: string;
  field: string | null;
  value: string | null;
  user_id: string | null;
  client_id: string | null;
  at: string;
  conflict_id: string | null;
};

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

const fromRow = (r: Row): HistoryEntry => ({
  seq: Number(r.seq),
  entity: r.entity,
  entityId: r.entity_id,
  siteId: r.site_id,
  visitId: r.visit_id,
  op: r.op as HistoryOp,
  field: r.field,
  value: r.value === null ? null : (JSON.parse(r.value) as unknown),
  valueBytes: r.value === null ? 0 : r.value.length,
  userId: r.user_id,
  clientId: r.client_id,
  at: r.at,
  conflictId: r.conflict_id,
});

const jsonText = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** The rows as one array per column, in the order of INSERT's parameters. */
function columnsOf(rows: readonly NewHistoryEntry[]): (string | null)[][] {
  const columns: (string | null)[][] = Array.from({ length: 11 }, () => []);
  for (const r of rows)
    [
      r.entity,
      r.entityId,
      r.siteId,
      r.visitId,
      r.op,
      r.field,
      jsonText(r.value),
      r.userId,
      r.clientId,
      r.at,
      r.conflictId ?? null,
    ].forEach((v, i) => columns[i]!.push(v));
  return columns;
}

export function makeHistoryRepo(db: Queryable): Async<HistoryStore> {
  async function insert(rows: readonly NewHistoryEntry[]): Promise<void> {
    if (rows.length > 0) await db.run(INSERT, columnsOf(rows));
  }

  return {
    insert,
    insertFields: (meta, values) =>
      insert(
        Object.entries(values)
          .filter(([field, value]) => field !== 'id' && value !== undefined)
          .map(([field, value]) => ({ ...meta, field, value })),
      ),
    ofRecord: async (entity, id, afterSeq, limit) =>
      (
        await db.query<Row>(
          `SELECT seq, entity, entity_id, site_id, visit_id, op, field, value, user_id, client_id,
             at, conflict_id
           FROM record_history WHERE entity = $1 AND entity_id = $2 AND seq > $3
           ORDER BY seq LIMIT $4`,
          [entity, id, afterSeq, limit],
        )
      ).map(fromRow),
    // A conflict row holds the value that did not win: never the value a later change started from.
    async valueBefore(entity, id, field, beforeSeq) {
      const r = await db.one<{ value: string | null }>(
        `SELECT value FROM record_history WHERE entity = $1 AND entity_id = $2
             AND seq < $3 AND field = $4 AND op <> 'conflict' ORDER BY seq DESC LIMIT 1`,
        [entity, id, beforeSeq, field],
      );
      return r?.value == null ? null : (JSON.parse(r.value) as unknown);
    },
  };
}
