// The rows record_history gets for what the server applies (docs/architecture.md §History):
// a create one row holding the fields it set (createdValues), a patch one per field whose value
// changed, a delete or restore one row without a field, a visit's cascade one such row per
// child, a recorded conflict the value that did not win, a resolution what the person's decision
// kept. Only new values are stored: the value before a change is the previous row's, which keeps
// the table small.
import { IMMUTABLE_FIELDS } from '../../shared/domain/schemas';
import type { ConflictDraft } from '../../shared/sync/merge';
import type { StoreTx, StoredConflict, StoredRecord } from '../store/store';
import type { NewHistoryEntry } from '../store/types';

/** Who applied a write, from which device, at which server time; conflictId: a resolution's. */
export type HistoryAuthor = {
  userId: string | null;
  clientId: string | null;
  at: string;
  conflictId?: string;
};

type Place = Pick<StoredRecord, 'entity' | 'id' | 'siteId' | 'visitId'>;

const entry = (
  r: Place,
  by: HistoryAuthor,
  op: NewHistoryEntry['op'],
  field: string | null,
  value: unknown,
): NewHistoryEntry => ({
  entity: r.entity,
  entityId: r.id,
  siteId: r.siteId,
  visitId: r.visitId,
  op,
  field,
  value,
  userId: by.userId,
  clientId: by.clientId,
  at: by.at,
  conflictId: by.conflictId ?? null,
});

/**
 * What a create records: the fields a person can change, except those it left null. The record's
 * placement (ids, createdAt) never changes and is the record's own; a field the create's row does
 * not hold was null at the create, so a later change of it starts from null.
 */
function createdValues(r: StoredRecord): Record<string, unknown> {
  const fixed = IMMUTABLE_FIELDS[r.entity];
  const out: Record<string, unknown> = {};
  for (const [f, v] of Object.entries(r.data)) if (v !== null && !fixed.includes(f)) out[f] = v;
  return out;
}

/** Rows for one record write: before null is a create. */
export async function writeHistory(
  tx: StoreTx,
  before: StoredRecord | null,
  after: StoredRecord,
  by: HistoryAuthor,
): Promise<void> {
  if (before === null || before.data === null) {
    // One row holding the create's fields (field null), none when it set none: each row costs a
    // push its table and four index inserts.
    const values = createdValues(after);
    if (Object.keys(values).length > 0)
      await tx.history.insert([entry(after, by, 'create', null, values)]);
    return;
  }
  const rows: NewHistoryEntry[] = [];
  const resolution = by.conflictId !== undefined;
  // A field this write changed carries the write's seq as its version (shared/sync/merge.ts).
  for (const [f, version] of Object.entries(after.fieldVersions)) {
    if (version !== after.seq || before.fieldVersions[f] === version) continue;
    const v = after.data[f];
    if (JSON.stringify(v) === JSON.stringify(before.data[f])) continue;
    rows.push(entry(after, by, resolution ? 'resolution' : 'patch', f, v));
  }
  if (before.deleted !== after.deleted) {
    if (resolution) rows.push(entry(after, by, 'resolution', null, { deleted: after.deleted }));
    else rows.push(entry(after, by, after.deleted ? 'delete' : 'restore', null, null));
  }
  await tx.history.insert(rows);
}

/** A child a visit's delete or restore took with it. */
export async function cascadeHistory(
  tx: StoreTx,
  visit: StoredRecord,
  child: { entity: StoredRecord['entity']; id: string },
  deleted: boolean,
  by: HistoryAuthor,
): Promise<void> {
  const place = { entity: child.entity, id: child.id, siteId: visit.siteId, visitId: visit.id };
  const op = deleted ? 'cascade-delete' : 'cascade-restore';
  await tx.history.insert([entry(place, { ...by, conflictId: undefined }, op, null, null)]);
}

/** A recorded conflict: the value that did not win (the server keeps what was committed first). */
export async function conflictHistory(
  tx: StoreTx,
  record: Place,
  d: ConflictDraft,
  conflictId: string,
  by: HistoryAuthor,
): Promise<void> {
  const lost = d.kind === 'delete_with_unseen_edits' ? d.serverValue : d.clientValue;
  await tx.history.insert([entry(record, { ...by, conflictId }, 'conflict', d.field, lost)]);
}

/** A resolution that wrote nothing (the standing value was kept): one row saying so. */
export async function keptHistory(
  tx: StoreTx,
  record: StoredRecord,
  conflict: StoredConflict,
  by: HistoryAuthor,
): Promise<void> {
  const value =
    conflict.field === null || record.data === null
      ? { deleted: record.deleted }
      : record.data[conflict.field];
  await tx.history.insert([
    entry(record, { ...by, conflictId: conflict.id }, 'resolution', conflict.field, value),
  ]);
}
