// Step 5 of docs/architecture.md §Apply for many rows at once. A row that no queued change
// overlays (no outbox entry of its own that is not discarded, no queued resolution of one of its
// conflicts) is rebuilt from its pulled base alone, so it needs no per-row outbox or conflict
// query: its current rows are read with one bulkGet per table and written with one bulkPut and
// one bulkDelete per table, inside the caller's apply transaction. Every other row keeps the
// per-row rebuild (`rebuildOne`, rebuildRow in sync-apply.ts), which replays its queued changes.
// The bulk rule below is rebuildRow's with an empty overlay, decision for decision.
import Dexie from 'dexie';
import type { EntityName } from '../../shared/domain/schemas';
import { type ServerBase, type StoredRow, rebase } from '../../shared/sync/rebase';
import { type AppDb, TABLE_OF } from './schema';

export type TouchedRow = {
  entity: EntityName;
  id: string;
  base?: ServerBase;
  version?: number;
};

type RebuildOne = (
  db: AppDb,
  entity: EntityName,
  id: string,
  pulled: ServerBase | undefined,
  pulledVersion: number | undefined,
) => Promise<void>;

type BulkTable = {
  bulkGet(ids: string[]): Promise<(StoredRow | undefined)[]>;
  bulkPut(rows: object[]): Promise<unknown>;
  bulkDelete(ids: string[]): Promise<void>;
};

const key = (entity: string, id: string) => `${entity}\u0000${id}`;

/** Rebuild every touched row; call inside the apply transaction (outbox, conflicts in scope). */
export async function rebuildRows(
  db: AppDb,
  touched: readonly TouchedRow[],
  rebuildOne: RebuildOne,
): Promise<void> {
  if (touched.length === 0) return;
  const overlaid = await overlaidRows(db, touched);
  const byTable = new Map<EntityName, TouchedRow[]>();
  for (const t of touched) {
    if (overlaid.has(key(t.entity, t.id))) {
      await rebuildOne(db, t.entity, t.id, t.base, t.version);
      continue;
    }
    let rows = byTable.get(t.entity);
    if (!rows) byTable.set(t.entity, (rows = []));
    rows.push(t);
  }
  for (const [entity, rows] of byTable) {
    const table = db[TABLE_OF[entity]] as unknown as BulkTable;
    const current = await table.bulkGet(rows.map((t) => t.id));
    const puts: StoredRow[] = [];
    const deletes: string[] = [];
    rows.forEach((t, i) => {
      const next = rebuiltAlone(t, current[i]);
      if (next === 'delete') deletes.push(t.id);
      else if (next) puts.push(next);
    });
    if (puts.length) await table.bulkPut(puts);
    if (deletes.length) await table.bulkDelete(deletes);
  }
}

/**
 * The keys of the touched rows that queued changes overlay: one indexed query for their own
 * entries and one for queued conflict resolutions (with the conflicts they decide).
 */
async function overlaidRows(db: AppDb, touched: readonly TouchedRow[]): Promise<Set<string>> {
  const out = new Set<string>();
  const own = await db.outbox
    .where('[entity+entityId]')
    .anyOf(touched.map((t) => [t.entity, t.id]))
    .toArray();
  for (const e of own) if (e.discarded !== 1) out.add(key(e.entity, e.entityId));
  const resolutions = await db.outbox
    .where('[entity+entityId]')
    .between(['conflictResolution', Dexie.minKey], ['conflictResolution', Dexie.maxKey])
    .toArray();
  if (resolutions.length) {
    const conflicts = await db.conflicts.bulkGet([...new Set(resolutions.map((r) => r.entityId))]);
    for (const c of conflicts) if (c) out.add(key(c.entity, c.entityId));
  }
  return out;
}

/** rebuildRow (sync-apply.ts) for a row with no overlay entries: the row to put, 'delete' or nothing. */
function rebuiltAlone(t: TouchedRow, current: StoredRow | undefined): StoredRow | 'delete' | null {
  const pulled = t.base;
  const fresh = pulled !== undefined && (t.version ?? 0) >= (current?._v ?? 0);
  const base =
    (fresh ? pulled : (current?._base ?? (current ? ownBase(current) : undefined))) ?? null;
  const version = (fresh ? t.version : current?._v) ?? 0;
  if (!base) return fresh && current ? 'delete' : null;
  const row = rebase(t.id, version, base, []);
  if (row && !fresh && !current?._base) delete row._base;
  if (row) return row;
  return current ? 'delete' : null;
}

function ownBase(row: StoredRow): ServerBase {
  const { _v, _deleted, _base, ...fields } = row;
  return { row: fields, deleted: _deleted === 1 };
}
