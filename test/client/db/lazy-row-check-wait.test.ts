// An entity the visits list does not read has no structural guard (row-guard.ts): before the
// schemas are loaded, its query waits for them instead of passing rows unchecked
// (lazy-row-check.ts). Its own file: the schemas must not be loaded yet when it starts.
import { afterEach, describe, expect, it } from 'vitest';
import { fullRowChecksLoaded } from '../../../src/client/db/lazy-row-check';
import { addObservation, createSite, createVisit } from '../../../src/client/db/mutators';
import { observationsOf } from '../../../src/client/db/queries';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';
import { observationFields } from '../../support/rows';

let db: AppDb | undefined;
afterEach(() => db?.close());

describe('a query of an entity without a guard', () => {
  it('loads the schemas and skips a damaged row', async () => {
    db = makeTestDb();
    const site = await createSite(db, { municipality: 'Kassel', quarter: 'Nord' });
    const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' }, []);
    const good = await addObservation(db, { visitId: visit.id, fieldId: null, text: 'Hof' });
    const d = db;
    await d.transaction('rw', [d.observations, d.outbox], () =>
      d.observations.put({
        ...observationFields(visit.id, 'obs-bad-kind'),
        kind: 'no-such-kind',
        _v: 1,
        _deleted: 0,
      } as never),
    );

    expect(fullRowChecksLoaded()).toBe(false);
    expect((await observationsOf(db, visit.id)).map((o) => o.id)).toEqual([good.id]);
    expect(fullRowChecksLoaded()).toBe(true);
  });
});
