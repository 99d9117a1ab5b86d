// The history of one record (docs/architecture.md §History), shared by client and server:
//   GET /api/v1/history/:entity/:id?cursor → HistoryPage
// Entries oldest first, built from what the server applied (record_history). 404 when the
// record does not exist or lies outside the person's read scope; 400 `invalid` for an unknown
// entity or a bad cursor.
import { EntityName, Id, IsoDateTime } from './domain/schemas';
import { z } from './zod';

/** The records a history can be asked for: every synced entity (ENTITY_SCHEMAS). */
export const HistoryEntity = EntityName;
export type HistoryEntity = EntityName;

export const HISTORY_OPS = [
  'create',
  'patch',
  'delete',
  'restore',
  'cascade-delete',
  'cascade-restore',
  'conflict',
  'resolution',
] as const;
export const HistoryOp = z.enum(HISTORY_OPS);
export type HistoryOp = z.infer<typeof HistoryOp>;

/** A page holds at most this many entries, and stops before about this many bytes of values. */
export const HISTORY_PAGE_MAX = 200;
export const HISTORY_PAGE_MAX_BYTES = 256 * 1024;

/**
 * One change. field null: the whole record (delete, restore, cascade; a resolution's `to` is then
 * `{ deleted }`). from: the value before (null when not recorded); to: the new value, for a
 * conflict the value that did not win.
 */
export const HistoryEntry = z.object({
  seq: z.number().int(),
  at: IsoDateTime,
  op: HistoryOp,
  field: z.string().nullable(),
  from: z.unknown(),
  to: z.unknown(),
  by: z.object({ id: z.string(), name: z.string() }).nullable(),
  conflictId: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const HistoryPage = z.object({
  entity: HistoryEntity,
  id: Id,
  entries: z.array(HistoryEntry),
  /** Pass as ?cursor= for the next page; null: this was the last. */
  next: z.string().nullable(),
  /**
   * false: the record is older than its recorded history (or its first entries were removed);
   * `created` is then what the record itself knows.
   */
  complete: z.boolean(),
  created: z.object({
    at: IsoDateTime.nullable(),
    by: z.object({ id: z.string(), name: z.string() }).nullable(),
  }),
});
export type HistoryPage = z.infer<typeof HistoryPage>;

export const HistoryCursor = z.string().regex(/^\d{1,18}$/, 'invalid cursor');
