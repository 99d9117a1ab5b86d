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
 * Whether a stored row is a create's one row of all its fields (field null, its value an object
 * of them; sync/history-writer.ts). Rows written before it are one per field, each with its
 * field: readers take both.
 */
export const holdsCreatedFields = (r: { op: string; field: string | null }): boolean =>
  r.op === 'create' && r.field === null;

/** The fields of a create's row (holdsCreatedFields) as [field, value], in the order the create set them. */
export function createdFields(value: unknown): [string, unknown][] {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.entries(value)
    : [];
}

/**
 * The value a row of HistoryStore.valueBefore's query left a field at: a create's row holding all
 * its fields (field null) the field of its object, null when it did not set it; any other row its
 * value. Taken from the stored text here, not in SQL, so both stores answer it exactly.
 */
export function valueLeft(
  row: { field: string | null; value: string | null },
  field: string,
): unknown {
  if (row.field !== null) return parsedJson(row.value);
  return createdFields(parsedJson(row.value)).find(([f]) => f === field)?.[1] ?? null;
}
