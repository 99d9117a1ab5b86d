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
    // One single-row INSERT per field, not one INSERT … SELECT over the fields: a statement
    // that writes several rows gets a statement journal, which copies every page it touches
    // that the transaction already changed (the hot end of each index) and, past 64 KiB,
    // writes them to a temporary file; that cost a push more than the inserts themselves.
    insertFields(meta, values): void {
      for (const [field, value] of Object.entries(values)) {
        if (field === 'id' || value === undefined) continue;
        q.insert.run(
          meta.entity,
          meta.entityId,
          meta.siteId,
          meta.visitId,
          meta.op,
          field,
          value === null ? null : JSON.stringify(value),
          meta.userId,
          meta.clientId,
          meta.at,
          meta.conflictId,
        );
      }
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
