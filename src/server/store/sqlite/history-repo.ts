// SQL of record_history (docs/architecture.md §History): one row per changed field of every
// record write the server applies, per delete or restore, per conflict recorded and per
// resolution. Only the new value is stored; the value before a change is the previous row's.
import type Database from 'better-sqlite3';
import { parsedJson } from '../row-values';
import { type HistoryRow, fieldEntries, historyValues, toHistoryEntry } from '../history-rows';
import type { HistoryStore, NewHistoryEntry } from '../types';

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
      for (const r of rows) q.insert.run(...historyValues(r));
    },
    // One single-row INSERT per field, not one INSERT … SELECT over the fields: a statement
    // that writes several rows gets a statement journal, which copies every page it touches
    // that the transaction already changed (the hot end of each index) and, past 64 KiB,
    // writes them to a temporary file; that cost a push more than the inserts themselves.
    insertFields(meta, values): void {
      for (const r of fieldEntries(meta, values)) q.insert.run(...historyValues(r));
    },
    ofRecord: (entity, id, afterSeq, limit) =>
      (q.page.all(entity, id, afterSeq, limit) as HistoryRow[]).map(toHistoryEntry),
    valueBefore(entity, id, field, beforeSeq) {
      const r = q.previous.get(entity, id, beforeSeq, field) as
        { value: string | null } | undefined;
      return parsedJson(r?.value);
    },
  };
}
