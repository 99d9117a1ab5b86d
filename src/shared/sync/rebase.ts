// Local row = server row ⊕ this device's mutations the server row does not show yet
// (docs/architecture.md §Apply step 5). Pure, so it can be property-tested without IndexedDB.
import type { Mutation, RecordMeta } from '../protocol';

/**
 * The server's state of a row as last pulled; kept on the local row as `_base`. `meta`: its
 * authors as the server sent them (absent from servers before authors were kept).
 */
export type ServerBase = {
  row: Record<string, unknown> | null;
  deleted: boolean;
  meta?: RecordMeta | undefined;
};

export type OverlayEntry = Pick<Mutation, 'op' | 'fields'>;

/** A local row as stored: entity fields plus `_v`, `_deleted`, the pulled base and its authors `_by`. */
export type StoredRow = Record<string, unknown> & {
  id: string;
  _v: number;
  _deleted: 0 | 1;
  _base?: ServerBase;
  _by?: RecordMeta | null;
};

/**
 * Rebuild the local row of one entity.
 * 1. Start from the server base (or nothing for a row the server has not shown us).
 * 2. Replay the overlay entries in clientSeq order: create/patch assign fields, delete/restore
 *    flip the tombstone. Entries keep their own baseVersion; only the displayed row changes.
 * Returns null when neither a base row nor an entry exists (nothing to show).
 */
export function rebase(
  id: string,
  version: number,
  base: ServerBase | null,
  entries: readonly OverlayEntry[],
): StoredRow | null {
  if (!base?.row && entries.length === 0) return null;
  // 1.
  let row: StoredRow = { ...(base?.row ?? {}), id, _v: version, _deleted: base?.deleted ? 1 : 0 };
  if (base) row._base = base;
  if (base?.meta) row._by = base.meta;
  // 2.
  for (const e of entries) {
    if (e.op === 'create' || e.op === 'patch') row = { ...row, ...e.fields, id };
    else row._deleted = e.op === 'delete' ? 1 : 0;
  }
  return row;
}
