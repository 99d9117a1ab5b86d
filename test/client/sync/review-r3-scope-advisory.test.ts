// A Quartiersmanagement device moved to another site keeps nothing of the old site's advisory
// records (sponsorships, field ratings, needs with their offer links) once it synced, and keeps
// the alliance's offer catalogue, which every account reads.
import { afterEach, describe, expect, it } from 'vitest';
import { addFollowUp, createSite, createVisit } from '../../../src/client/db/mutators';
import { createOffer, linkOffer, newOfferFields } from '../../../src/client/db/offer-mutators';
import { rateField } from '../../../src/client/db/rating-mutators';
import { addSponsorship } from '../../../src/client/db/sponsorship-mutators';
import { closeOpened, harnessDevice, harnessServer } from '../../support/client-engine';
import { sponsorshipInput } from '../../support/rows';

afterEach(closeOpened);

describe('moving a Quartiersmanagement account to another site', () => {
  it("drops the old site's sponsorships, ratings and needs; keeps the offers", async () => {
    const h = await harnessServer();
    const coordinator = await h.user('coordinator');
    const c = await harnessDevice(h, coordinator.token);
    const siteA = await createSite(c.db, { municipality: 'Kassel', quarter: 'Nord' });
    const visitA = await createVisit(c.db, { siteId: siteA.id, date: '2026-05-04' });
    const siteB = await createSite(c.db, { municipality: 'Gießen', quarter: 'Nordstadt' });
    const sponsorship = await addSponsorship(c.db, siteA.id, sponsorshipInput());
    const offer = await createOffer(c.db, newOfferFields({ title: 'Werkstatt' }));
    const need = await addFollowUp(c.db, { visitId: visitA.id, description: 'Beteiligung' });
    await linkOffer(c.db, need.id, offer.id);
    await rateField(c.db, visitA.id, 'outside', 'housing', { rating: 2 });
    expect((await c.engine.syncNow()).status).toBe('ok');

    const qm = await h.user('quartiersmanagement', siteA.id);
    const d = await harnessDevice(h, qm.token);
    expect((await d.engine.syncNow()).status).toBe('ok');
    await rateField(d.db, visitA.id, 'local', 'housing', { rating: 3 });
    expect((await d.engine.syncNow()).status).toBe('ok');
    expect(await d.db.sponsorships.get(sponsorship.id)).toBeDefined();
    expect(await d.db.fieldRatings.where('visitId').equals(visitA.id).count()).toBe(2);
    expect(await d.db.followUps.get(need.id)).toBeDefined();

    const moved = await h.req(`/api/v1/users/${qm.id}`, {
      method: 'PATCH',
      token: coordinator.token,
      json: { siteId: siteB.id },
    });
    expect(moved.status).toBe(200);
    expect((await d.engine.syncNow()).status).toBe('ok');

    expect(await d.db.sponsorships.count()).toBe(0);
    expect(await d.db.fieldRatings.count()).toBe(0);
    expect(await d.db.followUps.count()).toBe(0);
    expect(await d.db.visits.get(visitA.id)).toBeUndefined();
    expect((await d.db.offers.get(offer.id))?.title).toBe('Werkstatt');
    c.engine.stop();
    d.engine.stop();
  });
});
