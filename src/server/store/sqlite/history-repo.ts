// SQL of record_history (docs/architecture.md §History): one row per create (its fields as one
// object), per changed field of every other record write the server applies, per delete or
// restore, per conflict recorded and per resolution. Only the new value is stored; the value
// before a change is the previous row's (a create's row: its value's field).
import type Database from 'better-sqlite3';
import { type HistoryRow, historyValues, toHistoryEntry, valueLeft } from '../history-rows';
import type { HistoryStore, NewHistoryEntry } from '../types';

export function makeHistoryRepo(db: Database.Database): HistoryStore {
  const q = {
    insert:
      db.prepare(`INSERT INTO record_history (entity, entity_id, site_id, visit_id, op, field, value,
      user_id, client_id, at, conflict_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    page: db.prepare(`SELECT * FROM record_history WHERE entity = ? AND entity_id = ? AND seq > ?
      ORDER BY seq LIMIT ?`),
    // A conflict row holds the value that did not win: never the value a later change started
    // from. A create's row holds all its fields: a field it did not set was null then.
    previous: db.prepare(`SELECT field, value FROM record_history
      WHERE entity = @entity AND entity_id = @id AND seq < @before
        AND (field = @field AND op <> 'conflict' OR field IS NULL AND op = 'create')
      ORDER BY seq DESC LIMIT 1`),
  };
  return {
    insert(rows: readonly NewHistoryEntry[]): void {
      for (const r of rows) q.insert.run(...historyValues(r));
    },
    ofRecord: (entity, id, afterSeq, limit) =>
      (q.page.all(entity, id, afterSeq, limit) as HistoryRow[]).map(toHistoryEntry),
    valueBefore(entity, id, field, beforeSeq) {
      const r = q.previous.get({ entity, id, before: beforeSeq, field }) as
        { field: string | null; value: string | null } | undefined;
      return r ? valueLeft(r, field) : null;
    },
  };
}
