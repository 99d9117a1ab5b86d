// The activity log's view of the store (docs/architecture.md §History): record_history rows
// across sites with who wrote them and where, newest first.

/** One applied change as the log reads it; values are JSON text as stored. */
export type ActivityRow = {
  seq: number;
  at: string;
  op: string;
  entity: string;
  entityId: string;
  visitId: string | null;
  visitDate: string | null;
  field: string | null;
  /** The value written (JSON text), or null when cut (see valueCut) or absent. */
  value: string | null;
  /** The first `valueMax` characters of a longer value (a string value's text, else its JSON). */
  valueCut: string | null;
  /** The field's previous recorded value, stored or cut like `value`. */
  previous: string | null;
  previousCut: string | null;
  by: { id: string; name: string; role: string | null } | null;
  site: { id: string; municipality: string | null; quarter: string | null } | null;
  conflictId: string | null;
};

export type ActivityFilter = {
  userId?: string;
  siteId?: string;
  entity?: string;
  /** ISO instant, inclusive. */
  fromIso?: string;
  /** ISO instant, exclusive. */
  toIso?: string;
};

export interface ActivityStore {
  /**
   * Entries matching `filter` older than `before` (newest first, by at then seq), at most `limit`
   * and stopping before `maxBytes` of values (the first entry always fits). Values longer than
   * `valueMax` characters come cut. hasMore: an older matching entry exists.
   */
  page(q: {
    filter: ActivityFilter;
    before: { at: string; seq: number } | null;
    limit: number;
    maxBytes: number;
    valueMax: number;
  }): { rows: ActivityRow[]; hasMore: boolean };
}
