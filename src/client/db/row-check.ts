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
      // The checks run in idle time only, a slice per idle period. The scan starts after the
      // app's start and after every sync run; over 100,000 observations its checks are seconds of
      // script, which in plain tasks delayed the page being opened meanwhile by as long again.
      // Waiting for idle also lets a save that queued behind this page's read run first.
      for (let i = 0; i < rows.length;) {
        const left = await idlePeriod();
        do {
          const row = rows[i++]!;
          if (row._deleted !== 1 && !isUsable(entity, row)) n++;
        } while (i < rows.length && left() > IDLE_MARGIN_MS);
      }
      if (rows.length < chunk) break;
      after = rows[rows.length - 1]!.id;
      if (superseded()) return newest.get(db)!;
    }
  }
  return n;
}

/** What a slice of checks leaves of an idle period (the browser's next frame may need it). */
const IDLE_MARGIN_MS = 2;
/** The latest an idle period is waited for: a page that is never idle still gets its count. */
const IDLE_TIMEOUT_MS = 2_000;

/**
 * Resolves in the browser's next idle period with how many ms of it are left; without
 * requestIdleCallback (Safari, Node) after a timer, with no limit (the page's checks in one go).
 */
function idlePeriod(): Promise<() => number> {
  if (typeof requestIdleCallback !== 'function')
    return new Promise((resolve) => setTimeout(() => resolve(() => Infinity), 0));
  return new Promise((resolve) =>
    requestIdleCallback((deadline) => resolve(() => deadline.timeRemaining()), {
      timeout: IDLE_TIMEOUT_MS,
    }),
  );
}
