// The conflict policy as one pure function (docs/architecture.md §Merge, invariant I4; docs/adr/0001).
// Causality is judged by server versions, never by clocks:
//   1. A field is "seen" by a mutation when its last write has seq ≤ baseVersion (null: the
//      row's creation) or was written by the same client (a device always saw its own writes).
//   2. Patch on a live row: seen fields apply; an unseen field that now differs keeps the
//      first-committed value and yields a 'field' conflict; equal values are a no-op.
//   3. Create on an existing id (deterministic ids, e.g. checklist items `${visitId}~${item}`):
//      equal values converge silently; a differing value that nobody edited since creation is a
//      'field' conflict; one edited since creation stays (a create's values are initial values,
//      not an edit of a later state).
//   4. Delete: tombstone (never a hard delete); fields changed unseen → 'delete_with_unseen_edits'.
//   5. Patch or create on a tombstone: no resurrection; differing values → 'edit_on_deleted'.
//   6. Restore undeletes; on a live row it is a no-op.
export type MergeState = {
  data: Record<string, unknown>;
  fieldVersions: Record<string, number>;
  fieldWriters: Record<string, string>;
  version: number;
  createdSeq: number;
  deleted: boolean;
  deletedSeq: number | null;
};

export type MergeInput = {
  op: 'create' | 'patch' | 'delete' | 'restore';
  baseVersion: number | null;
  fields: Record<string, unknown>;
  clientId: string;
};

export type ConflictDraft = {
  kind: 'field' | 'edit_on_deleted' | 'delete_with_unseen_edits';
  field: string | null;
  serverValue: unknown;
  clientValue: unknown;
};

/** next: the new state to write, or null when nothing changes. */
export type MergeOutcome = {
  next: MergeState | null;
  conflicts: ConflictDraft[];
  changedFields: string[];
};

export class MergeError extends Error {
  override name = 'MergeError';
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a),
    kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b, k) &&
      deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** Merges one mutation into the current state. `immutable` fields are never written after creation. */
export function merge(
  current: MergeState | null,
  m: MergeInput,
  seq: number,
  immutable: readonly string[],
): MergeOutcome {
  if (current === null) {
    if (m.op !== 'create') throw new MergeError(`${m.op} on a missing record`);
    const fieldVersions = Object.fromEntries(Object.keys(m.fields).map((f) => [f, seq]));
    const fieldWriters = Object.fromEntries(Object.keys(m.fields).map((f) => [f, m.clientId]));
    const next = {
      data: { ...m.fields },
      fieldVersions,
      fieldWriters,
      version: seq,
      createdSeq: seq,
      deleted: false,
      deletedSeq: null,
    };
    return { next, conflicts: [], changedFields: Object.keys(m.fields) };
  }
  const base = m.baseVersion ?? current.createdSeq;
  const versionOf = (f: string) => current.fieldVersions[f] ?? current.createdSeq;
  const seen = (f: string) => versionOf(f) <= base || current.fieldWriters[f] === m.clientId;
  const mutable = Object.keys(m.fields).filter((f) => !immutable.includes(f));
  const differing = mutable.filter((f) => !deepEqual(current.data[f], m.fields[f]));

  if (m.op === 'restore') {
    if (!current.deleted) return { next: null, conflicts: [], changedFields: [] };
    return {
      next: { ...current, deleted: false, deletedSeq: null, version: seq },
      conflicts: [],
      changedFields: [],
    };
  }
  if (m.op === 'delete') {
    if (current.deleted) return { next: null, conflicts: [], changedFields: [] };
    const unseen = Object.keys(current.data).filter((f) => !immutable.includes(f) && !seen(f));
    const conflicts: ConflictDraft[] =
      unseen.length === 0
        ? []
        : [
            {
              kind: 'delete_with_unseen_edits',
              field: null,
              serverValue: Object.fromEntries(unseen.map((f) => [f, current.data[f]])),
              clientValue: null,
            },
          ];
    return {
      next: { ...current, deleted: true, deletedSeq: seq, version: seq },
      conflicts,
      changedFields: [],
    };
  }
  if (current.deleted) {
    if (differing.length === 0) return { next: null, conflicts: [], changedFields: [] };
    const clientValue = Object.fromEntries(differing.map((f) => [f, m.fields[f]]));
    return {
      next: null,
      conflicts: [{ kind: 'edit_on_deleted', field: null, serverValue: null, clientValue }],
      changedFields: [],
    };
  }

  const data = { ...current.data };
  const fieldVersions = { ...current.fieldVersions };
  const fieldWriters = { ...current.fieldWriters };
  const conflicts: ConflictDraft[] = [];
  const changedFields: string[] = [];
  for (const f of differing) {
    const apply = m.op === 'patch' ? seen(f) : false;
    if (apply) {
      data[f] = m.fields[f];
      fieldVersions[f] = seq;
      fieldWriters[f] = m.clientId;
      changedFields.push(f);
    } else if (m.op === 'patch' || versionOf(f) === current.createdSeq) {
      conflicts.push({
        kind: 'field',
        field: f,
        serverValue: current.data[f],
        clientValue: m.fields[f],
      });
    }
  }
  const next = changedFields.length
    ? { ...current, data, fieldVersions, fieldWriters, version: seq }
    : null;
  return { next, conflicts, changedFields };
}
