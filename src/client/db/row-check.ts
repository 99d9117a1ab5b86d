// Rows on this device come from the server, from other app versions and from backups: a row that
// does not satisfy its entity schema (e.g. a visit whose date a bad decision erased) must never
// crash a page or empty a list. Lists skip it; `damagedRecords` counts it so the UI can say so.
import { ENTITY_SCHEMAS, type EntityName } from '../../shared/domain/schemas';
import { type AppDb, TABLE_OF } from './schema';

/** Whether a stored row satisfies its entity schema (local bookkeeping fields are ignored). */
export function isUsable(entity: EntityName, row: unknown): boolean {
  return ENTITY_SCHEMAS[entity].safeParse(row).success;
}

/** Live (not tombstoned) rows that satisfy their schema; damaged ones are skipped. */
export function usableRows<T extends { _deleted: 0 | 1 }>(entity: EntityName, rows: T[]): T[] {
  return rows.filter((r) => r._deleted !== 1 && isUsable(entity, r));
}

/** `row` when it is live and satisfies its schema, else null (a damaged record reads as missing). */
export function usableRow<T extends { _deleted: 0 | 1 }>(
  entity: EntityName,
  row: T | undefined,
): T | null {
  return row && row._deleted !== 1 && isUsable(entity, row) ? row : null;
}

/** Live rows on this device that fail their schema (shown as "1 Datensatz ist beschädigt"). */
export async function damagedRecords(db: AppDb): Promise<number> {
  let n = 0;
  for (const entity of Object.keys(TABLE_OF) as EntityName[]) {
    await db.entityTable(entity).each((row) => {
      if ((row as { _deleted?: number })._deleted !== 1 && !isUsable(entity, row)) n++;
    });
  }
  return n;
}
