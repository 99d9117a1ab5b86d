// The visits list checks its rows without zod until the entity schemas are loaded
// (lazy-row-check.ts, docs/architecture.md §Device safety): a damaged visit is skipped before and
// after they load, and a row only the full check rejects is skipped once they load. (A live list
// running again when they load needs Solid's client build: test/e2e/visits-list-checks.test.ts;
// an entity without a guard waiting for the schemas: lazy-row-check-wait.test.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import { fullRowChecksLoaded, loadFullRowChecks } from '../../../src/client/db/lazy-row-check';
import { createSite, createVisit } from '../../../src/client/db/mutators';
import { getVisit, listVisits } from '../../../src/client/db/queries';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';
import { visitFields } from '../../support/rows';

let db: AppDb | undefined;
afterEach(() => db?.close());

describe('the visits list before and after the schemas load', () => {
  it('skips a damaged visit throughout and checks against the schema once loaded', async () => {
    db = makeTestDb();
    const site = await createSite(db, { municipality: 'Kassel', quarter: 'Nord' });
    const good = await createVisit(db, { siteId: site.id, date: '2026-05-04' }, []);
    // Damaged as rows arrive from old app versions or a broken server decision: no date (the
    // guard catches it), and a creation time that is no ISO timestamp (only the schema does).
    const { date: _, ...dateless } = visitFields(site.id, 'visit-without-date');
    const oddStamp = { ...visitFields(site.id, 'visit-odd-stamp'), createdAt: '2026-05-04 10:00' };
    // Written as a pull writes, beside the outbox (a write outside a mutator is refused).
    const d = db;
    await d.transaction('rw', [d.visits, d.outbox], () =>
      d.visits.bulkPut([
        { ...dateless, _v: 1, _deleted: 0 } as never,
        { ...oddStamp, _v: 1, _deleted: 0 },
      ]),
    );

    expect(fullRowChecksLoaded()).toBe(false);
    expect((await listVisits(db)).map((v) => v.id).sort()).toEqual(
      [good.id, 'visit-odd-stamp'].sort(),
    );
    expect(await getVisit(db, 'visit-without-date')).toBeNull();
    expect(fullRowChecksLoaded()).toBe(false); // the guard alone answered: nothing loaded zod

    await loadFullRowChecks();
    expect(fullRowChecksLoaded()).toBe(true);
    expect((await listVisits(db)).map((v) => v.id)).toEqual([good.id]);
    expect(await getVisit(db, 'visit-odd-stamp')).toBeNull();
    expect(await getVisit(db, 'visit-without-date')).toBeNull();
  });
});
