// Values the PostgreSQL repos change on their way into and out of a column. PostgreSQL text
// cannot hold the character NUL, which SQLite stores as is; the one value the server writes
// with it is the read scope of an account without a site (shared/policy.ts), kept as a device's
// scope key. Such a column stores its text escaped (backslash doubled, NUL as \0) and reads it
// back exactly; text without NUL or backslash (every site id) is stored unchanged. And the
// stored form of a record's field writers.
const ESCAPED = /[\\\0]/g;
const STORED_ESCAPE = /\\(\\|0)/g;

/** A text as a column stores it (see above); null stays null. */
export function textIn(s: string): string;
export function textIn(s: string | null): string | null;
export function textIn(s: string | null): string | null {
  if (s === null) return s;
  return s.replace(ESCAPED, (c) => (c === '\\' ? '\\\\' : '\\0'));
}

/** The text textIn stored. */
export function textOut(s: string): string;
export function textOut(s: string | null): string | null;
export function textOut(s: string | null): string | null {
  if (s === null || !s.includes('\\')) return s;
  return s.replace(STORED_ESCAPE, (_, c: string) => (c === '\\' ? '\\' : '\0'));
}
