// SQL of record_history (docs/architecture.md §History): one row per changed field of every
// record write the server applies, per delete or restore, per conflict recorded and per
// resolution. Only the new value is stored; the value before a change is the previous row's.
import type Database from 'better-sqlite3';
import type { HistoryEntry, HistoryOp, HistoryStore, NewHistoryEntry } from '../types';

type Row = {
  seq: number;
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

const fromRow = (r: Row): HistoryEntry => ({
  seq: r.seq,
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

export function makeHistoryRepo(db: Database.Database): HistoryStore {
  const q = {
    insert:
      db.prepare(`INSERT INTO record_history (entity, entity_id, site_id, visit_id, op, field, value,
      user_id, client_id, at, conflict_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    // One statement for all fields of a write: the fields arrive as one JSON object and SQLite
    // splits it (a create of twelve fields costs one call, not twelve). json_each gives booleans
    // as 1/0 and text unquoted; the CASE turns each back into its JSON text.
    fields: db.prepare(`INSERT INTO record_history (entity, entity_id, site_id, visit_id, op, field,
      value, user_id, client_id, at, conflict_id)
      SELECT @entity, @entityId, @siteId, @visitId, @op, key,
        CASE type WHEN 'null' THEN NULL WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'
          WHEN 'text' THEN json_quote(value) ELSE value END,
        @userId, @clientId, @at, @conflictId
      FROM json_each(@values) WHERE key <> 'id'`),
    page: db.prepare(`SELECT * FROM record_history WHERE entity = ? AND entity_id = ? AND seq > ?
      ORDER BY seq LIMIT ?`),
    // A conflict row holds the value that did not win: never the value a later change started from.
    previous: db.prepare(`SELECT value FROM record_history WHERE entity = ? AND entity_id = ?
      AND seq < ? AND field = ? AND op <> 'conflict' ORDER BY seq DESC LIMIT 1`),
  };
  return {
    insert(rows: readonly NewHistoryEntry[]): void {
      for (const r of rows)
        q.insert.run(
          r.entity,
          r.entityId,
          r.siteId,
          r.visitId,
          r.op,
          r.field,
          r.value === undefined || r.value === null ? null : JSON.stringify(r.value),
          r.userId,
          r.clientId,
          r.at,
          r.conflictId,
        );
    },
    insertFields(meta, values): void {
      q.fields.run({ ...meta, values: JSON.stringify(values) });
    },
    ofRecord: (entity, id, afterSeq, limit) =>
      (q.page.all(entity, id, afterSeq, limit) as Row[]).map(fromRow),
    valueBefore(entity, id, field, beforeSeq) {
      const r = q.previous.get(entity, id, beforeSeq, field) as
        { value: string | null } | undefined;
      return r?.value == null ? null : (JSON.parse(r.value) as unknown);
    },
  };
}
