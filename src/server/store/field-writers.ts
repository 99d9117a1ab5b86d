// records.field_writers as both stores keep it (the same text in SQLite and PostgreSQL): the JSON
// string of one device id when that device wrote every versioned field (a create, the usual row),
// else the JSON map field → device id. One id instead of a dozen keeps a row about half as large,
// and with it the pages each commit writes.

/** The stored text of a row's writers. */
export function storedWriters(
  versions: Record<string, number>,
  writers: Record<string, string>,
): string {
  const keys = Object.keys(writers);
  const first = keys.length ? writers[keys[0]!] : undefined;
  if (
    first !== undefined &&
    keys.length === Object.keys(versions).length &&
    keys.every((k) => writers[k] === first && k in versions)
  )
    return JSON.stringify(first);
  return JSON.stringify(writers);
}

/** The writers map of a row (either stored form, see storedWriters). */
export function fieldWritersOf(
  versions: Record<string, number>,
  storedText: string,
): Record<string, string> {
  const stored = JSON.parse(storedText) as Record<string, string> | string;
  if (typeof stored !== 'string') return stored;
  const writers: Record<string, string> = {};
  for (const k of Object.keys(versions)) writers[k] = stored;
  return writers;
}
