// Column values as both stores' drivers answer and take them. A flag comes from SQLite as 0 or 1
// and from PostgreSQL as a boolean; a value kept as JSON text is stored either as the text
// "null" when absent (conflict values, payloads) or as no text at all (history values).

/** A flag column as read: SQLite's 0/1 integer or PostgreSQL's boolean. */
export type StoredFlag = number | boolean;

/** Is the flag set? */
export const isSet = (f: StoredFlag): boolean => f === true || f === 1;

/** A value as JSON text; an absent value stores the text "null". */
export const jsonText = (v: unknown): string => JSON.stringify(v ?? null);

/** A value as JSON text; an absent value stores no text (null). */
export const jsonTextOrNull = (v: unknown): string | null =>
  v === undefined || v === null ? null : JSON.stringify(v);

/** The value of nullable JSON text (no text: null). */
export const parsedJson = (text: string | null | undefined): unknown =>
  text == null ? null : JSON.parse(text);
