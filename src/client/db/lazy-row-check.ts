// The row check of queries.ts (the visits list, sites, a visit's records) without zod on the
// first screen (docs/architecture.md §Device safety). row-check.ts checks a row against its
// entity schema; it is loaded after the first screen (loadFullRowChecks). Until then the
// entities the visits list reads are checked by the structural guard (row-guard.ts), and any
// other entity waits for the schemas. Once they are loaded every live query runs once more
// (db/live.ts tracks fullRowChecksLoaded), so a list re-filters with the full check.
import { createSignal } from 'solid-js';
import type { EntityName } from '../../shared/domain/schemas';
import { type GuardedEntity, passesGuard } from './row-guard';

type RowCheck = (entity: EntityName, row: unknown) => boolean;

let fullCheck: RowCheck | undefined;
let loading: Promise<RowCheck> | undefined;
const [loaded, setLoaded] = createSignal(false);

/** True once the entity schemas are loaded and every row is checked against its schema. */
export const fullRowChecksLoaded = loaded;

/** Loads zod and the entity schemas (once); lists check against them from then on. */
export function loadFullRowChecks(): Promise<RowCheck> {
  loading ??= import('./row-check').then(
    (m) => {
      fullCheck = m.isUsable;
      setLoaded(true);
      return m.isUsable;
    },
    (e: unknown) => {
      loading = undefined; // a chunk that failed to load (offline, a deploy) is tried again
      throw e;
    },
  );
  return loading;
}

type Row = { _deleted: 0 | 1 };

/**
 * Live (not tombstoned) rows of an entity the visits list reads that pass its check: the schema
 * once loaded, the guard before; damaged ones are skipped.
 */
export function checkedRows<T extends Row>(entity: GuardedEntity, rows: T[]): T[] {
  const check = fullCheck;
  return rows.filter(
    (r) => r._deleted !== 1 && (check ? check(entity, r) : passesGuard(entity, r)),
  );
}

/** `row` when it is live and passes its check, else null (a damaged record reads as missing). */
export function checkedRow<T extends Row>(entity: GuardedEntity, row: T | undefined): T | null {
  return row ? (checkedRows(entity, [row])[0] ?? null) : null;
}

/**
 * Live rows that satisfy their schema, for an entity without a guard: waits for the schemas
 * when they are not loaded yet, so call it after the query's reads.
 */
export async function schemaCheckedRows<T extends Row>(
  entity: EntityName,
  rows: T[],
): Promise<T[]> {
  const check = fullCheck ?? (await loadFullRowChecks());
  return rows.filter((r) => r._deleted !== 1 && check(entity, r));
}
