// The damaged-rows scan (row-check.ts) reads each table in short pages, so a save to a table with
// thousands of rows never waits for the whole scan: it counts exactly what one read over the
// whole table counted, across page boundaries, and reads a large table in many transactions.
import { describe, expect, it, vi } from 'vitest';
import { damagedRecords } from '../../../src/client/db/row-check';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';
import { observationFields } from '../../support/rows';

const id = (i: number) => `obs-${String(i).padStart(4, '0')}`;

/** 1,000 observations; those at `damaged` lack their kind, those at `deleted` are tombstones. */
async function seed(db: AppDb, damaged: number[], deleted: number[] = []) {
  const rows = Array.from({ length: 1000 }, (_, i) => {
    const row: Record<string, unknown> = {
      ...observationFields('visit-1', id(i)),
      _v: 1,
      _deleted: deleted.includes(i) ? 1 : 0,
    };
    if (damaged.includes(i)) delete row.kind;
    return row;
  });
  // Raw rows as a pull would store them; the outbox guard wants the outbox in scope.
  await db.transaction('rw', [db.observations, db.outbox], () =>
    db.observations.bulkAdd(rows as never),
  );
}

describe('damagedRecords', () => {
  it('counts damaged live rows across page boundaries as one whole-table read does', async () => {
    const db = makeTestDb();
    // First row, both sides of the 100-row page boundaries, the last row; one damaged tombstone.
    await seed(db, [0, 99, 100, 199, 200, 500, 999, 700], [700]);
    expect(await damagedRecords(db, 100)).toBe(7);
    expect(await damagedRecords(db, 7)).toBe(7);
    expect(await damagedRecords(db, 1000)).toBe(7);
    expect(await damagedRecords(db, 5000)).toBe(7);
    expect(await damagedRecords(db)).toBe(7);
    db.close();
  });

  it('reads a large table in many short transactions, not one', async () => {
    const db = makeTestDb();
    const reads = observationReads(db);
    await seed(db, [3]);
    expect(await damagedRecords(db, 100)).toBe(1);
    expect(reads.n).toBeGreaterThanOrEqual(10);
    db.close();
  });

  it('lets a save queued during the scan commit before the scan has read the whole table', async () => {
    const db = makeTestDb();
    const reads = observationReads(db);
    await seed(db, []);
    const scan = damagedRecords(db, 100);
    // Once the scan holds its first page's read, queue a write to the same table.
    while (reads.n === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    await db.transaction('rw', [db.observations, db.outbox], () =>
      db.observations.update(id(999), { text: 'neu' }),
    );
    const readsAtSave = reads.n;
    expect(await scan).toBe(0);
    // One read over the whole table would have held the save until the table was read.
    expect(readsAtSave).toBeLessThan(reads.n);
    expect((await db.observations.get(id(999)))?.text).toBe('neu');
    db.close();
  });
});

describe('damagedRecords while the cursor moves again', () => {
  it('a newer scan supersedes a running one: both answer its count, the older stops', async () => {
    const db = makeTestDb();
    const reads = observationReads(db);
    await seed(db, [5, 900]);
    const older = damagedRecords(db, 100);
    while (reads.n < 2) await new Promise((resolve) => setTimeout(resolve, 0));
    // Meanwhile a pull brought a damaged row (as the pull stores it: outbox in scope).
    await db.transaction('rw', [db.observations, db.outbox], () =>
      db.observations.update(id(950), { kind: 'nonsense' } as never),
    );
    const newer = damagedRecords(db, 100);
    expect(await older).toBe(3);
    expect(await newer).toBe(3);
    // One whole scan is 10 full pages and an empty one; two to their ends would read 22.
    expect(reads.n).toBeLessThan(16);
    db.close();
  });
});

describe('damagedRecords in idle time', () => {
  it('checks rows only in idle periods, as many as the period leaves time for, every row once', async () => {
    const db = makeTestDb();
    await seed(db, [0, 99, 100, 500, 999]);
    const periods: IdleRequestCallback[] = [];
    vi.stubGlobal('requestIdleCallback', (cb: IdleRequestCallback) => periods.push(cb));
    try {
      let done = false;
      const scan = damagedRecords(db, 100).finally(() => (done = true));
      // No idle period yet: the first page is read, and nothing is checked.
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
      expect(done).toBe(false);
      expect(periods.length).toBe(1);
      // Periods with 1 ms left (below the margin): one row each; then one of 50 ms takes the rest.
      let short = 0;
      while (!done) {
        const period = periods.shift();
        if (period && short < 150) {
          short++;
          period({ didTimeout: false, timeRemaining: () => 1 });
        } else if (period) period({ didTimeout: false, timeRemaining: () => 50 });
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      expect(await scan).toBe(5);
      // 150 rows one by one (pages 1 and 2 of 100 rows), then one period per remaining page.
      expect(short).toBe(150);
    } finally {
      vi.unstubAllGlobals();
    }
    db.close();
  });
});

/** Counts the read transactions over `observations` (install before the database opens). */
function observationReads(db: AppDb): { n: number } {
  const reads = { n: 0 };
  db.use({
    stack: 'dbcore',
    name: 'count-observation-reads',
    create: (down) => ({
      ...down,
      transaction(stores, mode, options) {
        if (mode === 'readonly' && stores.includes('observations')) reads.n++;
        return down.transaction(stores, mode, options);
      },
    }),
  });
  return reads;
}
