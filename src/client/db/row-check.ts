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

/**
 * Rows `damagedRecords` reads per transaction. The scan runs after every sync run that moved the
 * cursor; one read transaction over a whole table (10,000 observations: several hundred ms of
 * schema checks) held every save to that table until it ended (autosaves of 250-500 ms). A save
 * now waits at most for one page's read, and the checks run outside any transaction.
 */
const DAMAGED_SCAN_CHUNK = 100;

/** The newest scan of each database: an older one stops at its next page and answers its count. */
const newest = new WeakMap<AppDb, Promise<number>>();

/** Live rows on this device that fail their schema (shown as "1 Datensatz ist beschädigt"). */
export function damagedRecords(db: AppDb, chunk = DAMAGED_SCAN_CHUNK): Promise<number> {
  const scan = scanDamaged(db, chunk, () => newest.get(db) !== scan);
  newest.set(db, scan);
  return scan;
}

/**
 * A scan paged over many transactions takes longer than the single read did; when the cursor
 * moves again meanwhile, the newer scan supersedes it instead of both running to their ends.
 */
async function scanDamaged(db: AppDb, chunk: number, superseded: () => boolean): Promise<number> {
  let n = 0;
  for (const entity of Object.keys(TABLE_OF) as EntityName[]) {
    const table = db.entityTable(entity);
    let after: string | undefined;
    for (;;) {
      // Keyset paging by primary key, each page its own short read transaction.
      const page = after === undefined ? table.orderBy(':id') : table.where(':id').above(after);
      const rows = (await page.limit(chunk).toArray()) as { id: string; _deleted?: number }[];
      for (const row of rows) if (row._deleted !== 1 && !isUsable(entity, row)) n++;
      if (rows.length < chunk) break;
      after = rows[rows.length - 1]!.id;
      // Let a save that queued behind this page's read run before the next page is read.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (superseded()) return newest.get(db)!;
    }
  }
  return n;
}
