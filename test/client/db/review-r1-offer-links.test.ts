// An offer's linked needs and its open-link count where a need's visit was deleted on this
// device: the needs list leaves such a need out (its visit is gone, the server deletes the need
// with it), so the offer's page must not list it with tracking controls nor 'Meine Angebote'
// count its link as open.
import { afterEach, describe, expect, it } from 'vitest';
import {
  addFollowUp,
  createSite,
  createVisit,
  deleteRecord,
} from '../../../src/client/db/mutators';
import { createOffer, linkOffer, newOfferFields } from '../../../src/client/db/offer-mutators';
import { needsOfOffer, openMatchCounts } from '../../../src/client/db/offer-queries';
import { loadNeeds } from '../../../src/client/db/needs-queries';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';

let db: AppDb;
afterEach(() => db?.close());

describe('a linked need of a deleted visit', () => {
  it('is neither listed on the offer page nor counted as an open link', async () => {
    db = makeTestDb();
    const site = await createSite(db, { municipality: 'Hanau', quarter: 'Lamboy' });
    const kept = await createVisit(db, { siteId: site.id, date: '2026-06-02' }, []);
    const gone = await createVisit(db, { siteId: site.id, date: '2026-07-02' }, []);
    const offer = await createOffer(db, newOfferFields({ title: 'Werkstatt', type: 'tutorial' }));
    const a = await addFollowUp(db, { visitId: kept.id, description: 'bleibt' });
    const b = await addFollowUp(db, { visitId: gone.id, description: 'Besuch gelöscht' });
    await linkOffer(db, a.id, offer.id);
    await linkOffer(db, b.id, offer.id);
    await deleteRecord(db, 'visit', gone.id);

    expect((await loadNeeds(db)).map((r) => r.id)).toEqual([a.id]);
    expect((await needsOfOffer(db, offer.id)).map((l) => l.id)).toEqual([a.id]);
    expect(await openMatchCounts(db)).toEqual({ [offer.id]: 1 });
  });
});
