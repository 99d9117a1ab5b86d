// A need's link to an offer is a reference to the catalogue, not a parent (docs/domain.md
// §Offers: a deleted offer keeps its links). Discarding a refused offer must therefore never take
// a need recorded on this device with it: against the real server in-process.
import { afterEach, describe, expect, it } from 'vitest';
import {
  PARENT_REFS,
  discardImpact,
  discardRejection,
} from '../../../src/client/db/conflict-mutators';
import { addFollowUp, createSite, createVisit } from '../../../src/client/db/mutators';
import { createOffer, newOfferFields } from '../../../src/client/db/offer-mutators';
import { rejectionGroups, resendable } from '../../../src/client/db/review-queries';
import { openRejections } from '../../../src/client/db/sync-queries';
import { closeOpened, harnessDevice, harnessServer } from '../../support/client-engine';

afterEach(closeOpened);

describe("a need's offer link", () => {
  it('is no parent in the parent map', () => {
    const refs = PARENT_REFS.map((r) => `${r.child}.${r.field}→${r.parent}`);
    expect(refs).not.toContain('followUp.offerId→offer');
    expect(refs).toContain('followUp.visitId→visit');
    expect(refs).toContain('fieldRating.visitId→visit');
    expect(refs).toContain('sponsorship.siteId→site');
  });

  it('keeps a need recorded on this device when its refused offer is discarded', async () => {
    const h = await harnessServer();
    const coordinator = await h.user('coordinator');
    const own = await harnessDevice(h, coordinator.token);
    const site = await createSite(own.db, { municipality: 'Hanau', quarter: 'Lamboy' });
    const visit = await createVisit(own.db, { siteId: site.id, date: '2026-06-02' });
    expect((await own.engine.syncNow()).status).toBe('ok');

    // A Quartiersmanagement registers no offers: the server refuses its offer.
    const qm = await h.user('quartiersmanagement', site.id);
    const d = await harnessDevice(h, qm.token);
    expect((await d.engine.syncNow()).status).toBe('ok');
    const offer = await createOffer(d.db, newOfferFields({ title: 'Werkstatt', type: 'tutorial' }));
    // Recorded with the link at once, so the server refuses the need too (unknown offer): the
    // server never had it, which is what a cascade would delete.
    const need = await addFollowUp(d.db, {
      visitId: visit.id,
      description: 'Beteiligung der Jugendlichen',
      offerType: 'tutorial',
      offerId: offer.id,
      matchStatus: 'proposed',
    });
    expect((await d.engine.syncNow()).status).toBe('ok');

    const offerRejection = (await openRejections(d.db)).find((r) => r.entity === 'offer')!;
    expect(offerRejection).toBeDefined();
    expect((await openRejections(d.db)).some((r) => r.entityId === need.id)).toBe(true);
    const impact = await discardImpact(d.db, offerRejection.id);
    expect(impact.rows).toBe(1); // the offer alone
    await discardRejection(d.db, offerRejection.id);

    expect(await d.db.offers.get(offer.id)).toBeUndefined();
    const kept = await d.db.followUps.get(need.id);
    expect(kept?.description).toBe('Beteiligung der Jugendlichen');
    // Its own refusal stays open: the user edits the link away or discards the need themselves.
    expect((await openRejections(d.db)).some((r) => r.entityId === need.id)).toBe(true);
    // Sent again unchanged, it would name the unknown offer again: not offered.
    const me = { ...qm, role: 'quartiersmanagement' as const, disabled: false };
    const group = (await rejectionGroups(d.db)).find((g) => g.head.entityId === need.id)!;
    expect(group.head.offerSynced).toBe(false);
    expect(resendable(group, me)).toEqual([]);
    d.engine.stop();
    own.engine.stop();
  });
});
