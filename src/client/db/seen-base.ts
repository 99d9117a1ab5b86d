// The version a person saw while typing in a field (docs/architecture.md §Write path step 3).
// A field that holds back a value arriving while someone types in it (app/components/fields.tsx)
// notes here the version its text was based on; the next patch of that field carries it as its
// baseVersion, so the server judges the typed value against what the person saw: the value that
// arrived meanwhile stays and the typed one becomes a conflict, never a silent overwrite (I4).
// One-shot: the patch that carries it takes it away.

const seen = new Map<string, number | null>();

const key = (entity: string, id: string, field: string) => `${entity}:${id}:${field}`;

/** The next patch of `field` of this record is based on `version` (null: never synced). */
export function noteSeenVersion(entity: string, id: string, field: string, version: number | null) {
  seen.set(key(entity, id, field), version);
}

/**
 * The lowest version noted for any of `fields` of this record, taken away; undefined when none
 * was noted (the row's own version applies).
 */
export function takeSeenVersion(
  entity: string,
  id: string,
  fields: readonly string[],
): number | null | undefined {
  let out: number | null | undefined;
  for (const f of fields) {
    const k = key(entity, id, f);
    if (!seen.has(k)) continue;
    const v = seen.get(k)!;
    seen.delete(k);
    out = out === undefined ? v : v === null || out === null ? null : Math.min(out, v);
  }
  return out;
}
