// record_history rows read into domain types and written from them, for both stores
// (store/sqlite/history-repo.ts, store/postgres/history-repo.ts). Only the new value is stored,
// as JSON text (no text for null); the SQL stays with each store.
import { jsonTextOrNull, parsedJson } from './row-values';
import type { HistoryEntry, HistoryOp, NewHistoryEntry } from './types';

/** A record_history row as both stores answer it (PostgreSQL's bigint seq may come as text). */
export type HistoryRow = {
  seq: number | string;
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

export const toHistoryEntry = (r: HistoryRow): HistoryEntry => ({
  seq: Number(r.seq),
  entity: r.entity,
  entityId: r.entity_id,
  siteId: r.site_id,
  visitId: r.visit_id,
  op: r.op as HistoryOp,
  field: r.field,
  value: parsedJson(r.value),
  valueBytes: r.value === null ? 0 : r.value.length,
  userId: r.user_id,
  clientId: r.client_id,
  at: r.at,
  conflictId: r.conflict_id,
});

/**
 * A new row's values in column order: entity, entity_id, site_id, visit_id, op, field, value
 * (JSON text, none for null), user_id, client_id, at, conflict_id.
 */
export const historyValues = (r: NewHistoryEntry): (string | null)[] => [
  r.entity,
  r.entityId,
  r.siteId,
  r.visitId,
  r.op,
  r.field,
  jsonTextOrNull(r.value),
  r.userId,
  r.clientId,
  r.at,
  r.conflictId ?? null,
];

/**
 * HistoryStore.insertFields' rows: one per field of `values` but `id` and undefined ones. Each
 * row names its properties: `{ ...meta, field, value }` cost V8 about 2.6 µs a row (a push of 20
 * observation creates writes 100), the literal a few nanoseconds.
 */
export function fieldEntries(
  meta: Omit<NewHistoryEntry, 'field' | 'value'>,
  values: Readonly<Record<string, unknown>>,
): NewHistoryEntry[] {
  const rows: NewHistoryEntry[] = [];
  for (const [field, value] of Object.entries(values)) {
    if (field === 'id' || value === undefined) continue;
    rows.push({
      entity: meta.entity,
      entityId: meta.entityId,
      siteId: meta.siteId,
      visitId: meta.visitId,
      op: meta.op,
      field,
      value,
      userId: meta.userId,
      clientId: meta.clientId,
      at: meta.at,
      conflictId: meta.conflictId,
    });
  }
  return rows;
}
