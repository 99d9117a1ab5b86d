// The coordinators' activity log across sites (docs/architecture.md §History), shared by client
// and server:
//   GET /api/v1/activity?userId&siteId&entity&from&to&cursor&limit   (coordinator) → ActivityPage
//   GET /api/v1/activity?…&format=csv&lang=de|en                     (coordinator) → text/csv
// from/to are calendar days, both inclusive, read in the server's time zone (ActivityPage.timeZone).
// Bad input answers 400: `invalid` (path names the parameter) or `invalid_period` (from after to).
import { EntityName, Id, IsoDate } from './domain/schemas';
import { z } from './zod';

export const ACTIVITY_PAGE_MAX = 200;
export const ACTIVITY_PAGE_DEFAULT = 50;
/** A value longer than this (as JSON text) reaches the page shortened; the CSV carries it whole. */
export const ACTIVITY_VALUE_MAX_CHARS = 400;

/** Where the next page starts: the (at, seq) of the last entry shown, newest first. */
export const ActivityCursor = z
  .string()
  .max(80)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z~\d{1,18}$/, 'invalid cursor');

export function activityCursor(at: string, seq: number): string {
  return `${at}~${seq}`;
}

export function parseActivityCursor(cursor: string): { at: string; seq: number } {
  const i = cursor.lastIndexOf('~');
  return { at: cursor.slice(0, i), seq: Number(cursor.slice(i + 1)) };
}

export const ActivityQuery = z
  .object({
    userId: Id.optional(),
    siteId: Id.optional(),
    entity: EntityName.optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    cursor: ActivityCursor.optional(),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, 'expected a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(ACTIVITY_PAGE_MAX))
      .optional(),
    format: z.enum(['json', 'csv']).optional(),
    lang: z.enum(['de', 'en']).optional(),
  })
  .strict();
export type ActivityQuery = z.infer<typeof ActivityQuery>;

/** A value as the log shows it: the stored JSON value, or its text shortened when long. */
export const ActivityValue = z.object({ value: z.unknown(), truncated: z.boolean() }).nullable();
export type ActivityValue = z.infer<typeof ActivityValue>;

export const ActivityEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  /** create, patch, delete, restore, cascade-delete, cascade-restore, conflict, resolution. */
  op: z.string(),
  entity: z.string(),
  entityId: z.string(),
  visitId: z.string().nullable(),
  /** The visit's date, when the record belongs to a visit the server still holds. */
  visitDate: z.string().nullable(),
  field: z.string().nullable(),
  /** The field's value before this change (the record's previous recorded value), if any. */
  from: ActivityValue,
  /** The value written; for a conflict the value that did not win. */
  to: ActivityValue,
  by: z.object({ id: z.string(), name: z.string(), role: z.string().nullable() }).nullable(),
  site: z
    .object({ id: z.string(), municipality: z.string().nullable(), quarter: z.string().nullable() })
    .nullable(),
  conflictId: z.string().nullable(),
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;

export const ActivityPage = z.object({
  entries: z.array(ActivityEntry),
  /** The cursor of the next (older) page; null: this was the last. */
  next: ActivityCursor.nullable(),
  /** The IANA time zone the server reads from/to in. */
  timeZone: z.string(),
});
export type ActivityPage = z.infer<typeof ActivityPage>;
