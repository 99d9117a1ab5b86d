// The data export of many visits (loadOverviewData) carries the open conflicts of every record it
// exports, the action-field ratings included, as the one visit's export (loadReportData) does.
import { afterEach, describe, expect, it } from 'vitest';
import { fieldRatingId } from '../../../src/shared/domain/schemas';
import { createSite, createVisit } from '../../../src/client/db/mutators';
import { rateField } from '../../../src/client/db/rating-mutators';
import { loadOverviewData, loadReportData } from '../../../src/client/db/report-queries';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';

let db: AppDb;
afterEach(() => db?.close());

describe('the export of many visits', () => {
  it("carries an open conflict on a visit's field rating", async () => {
    db = makeTestDb();
    const site = await createSite(db, { municipality: 'Hanau', quarter: 'Lamboy' });
    const visit = await createVisit(db, { siteId: site.id, date: '2026-06-02' });
    await rateField(db, visit.id, 'outside', 'housing', { rating: 3 });
    const ratingId = fieldRatingId(visit.id, 'outside', 'housing');
    await db.conflicts.put({
      id: '01a237e6-e9f8-7243-bda4-e08e621c2201',
      entity: 'fieldRating',
      entityId: ratingId,
      kind: 'field',
      field: 'rating',
      serverValue: 2,
      clientValue: 3,
      mutationId: '01a237e6-e9f8-7243-bda4-e08e621c2202',
      author: 'Ada',
      status: 'open',
      resolution: null,
      createdAt: '2026-06-02T10:00:00.000Z',
    });
    const one = await loadReportData(db, visit.id);
    expect(one.conflicts.map((c) => c.entityId)).toEqual([ratingId]);
    const many = await loadOverviewData(db);
    expect(many.fieldRatings?.map((r) => r.id)).toEqual([ratingId]);
    expect(many.conflicts.map((c) => c.entityId)).toEqual([ratingId]);
  });
});
