// Matching and tracking across two members' devices, offline, with the real sync engine and the
// real server (docs/domain.md §Offers): A registers an offer; B, offline, finds it as the match
// for a need and links it; A, offline, follows the link up on its offer while B, offline, moves
// the need on. After both sync, both devices hold the same need with every one of those changes,
// no conflict and no rejection, and A's offer page lists the need.
import { afterEach, expect, it } from 'vitest';
import {
  addFollowUp,
  createSite,
  createVisit,
  updateFollowUp,
} from '../../../src/client/db/mutators';
import {
  createOffer,
  linkOffer,
  newOfferFields,
  trackMatch,
} from '../../../src/client/db/offer-mutators';
import {
  listOffers,
  needsOfOffer,
  offerOwner,
  openMatchCounts,
} from '../../../src/client/db/offer-queries';
import { matchOffers } from '../../../src/shared/domain/offer-match';
import { closeOpened, harnessDevice, harnessServer } from '../../support/client-engine';

afterEach(closeOpened);

it('A registers an offer, B links it offline, A tracks it offline: both devices agree', async () => {
  const h = await harnessServer();
  const device = async (role: 'member' | 'coordinator') => {
    const user = await h.user(role);
    const { db, engine } = harnessDevice(h, user.token);
    return { user, db, sync: () => engine.syncNow() };
  };
  const office = await device('coordinator');
  const a = await device('member');
  const b = await device('member');

  const site = await createSite(office.db, { municipality: 'Fulda', quarter: 'Aschenberg' });
  await office.sync();
  await b.sync();
  const visit = await createVisit(b.db, { siteId: site.id, date: '2026-06-10' });
  const need = await addFollowUp(b.db, {
    visitId: visit.id,
    description: 'Hitzeschutz im Quartier',
    fieldId: 'climate',
    offerType: 'consultation',
  });
  await b.sync();

  // A registers two offers; only one fits the need.
  const offer = await createOffer(
    a.db,
    newOfferFields({ title: 'Klimaberatung', type: 'consultation', fieldIds: ['climate'] }),
  );
  await createOffer(
    a.db,
    newOfferFields({ title: 'Verkehrsimpulse', type: 'impulse', fieldIds: ['mobility'] }),
  );
  await a.sync();

  // B pulls the catalogue, then, offline, links the best match.
  await b.sync();
  const best = matchOffers(need, await listOffers(b.db));
  expect(best.map((m) => m.offer.title)).toEqual(['Klimaberatung']);
  await linkOffer(b.db, need.id, best[0]!.offer.id);
  await b.sync();

  // A sees the link on its offer, then both work offline at once.
  await a.sync();
  expect((await needsOfOffer(a.db, offer.id)).map((l) => l.followUp.matchStatus)).toEqual([
    'proposed',
  ]);
  await trackMatch(a.db, need.id, { matchStatus: 'agreed', matchNote: 'Termin am 3. Juli' });
  await updateFollowUp(b.db, need.id, { status: 'in-progress' });
  await a.sync();
  await b.sync();
  await a.sync();

  const expected = {
    offerId: offer.id,
    matchStatus: 'agreed',
    matchNote: 'Termin am 3. Juli',
    status: 'in-progress',
  };
  expect((await h.record('followUp', need.id))!.data).toMatchObject(expected);
  for (const d of [a, b]) {
    expect(await d.db.followUps.get(need.id)).toMatchObject(expected);
    expect(await d.db.conflicts.count()).toBe(0);
    expect(await d.db.rejections.count()).toBe(0);
    expect(await d.db.outbox.where('state').notEqual('done').count()).toBe(0);
  }
  // The owner's offer page: the offer is A's, its linked need is there with the agreed state.
  const offers = await listOffers(a.db);
  expect(offers.filter((o) => offerOwner(o) === a.user.id).map((o) => o.title)).toEqual([
    'Klimaberatung',
    'Verkehrsimpulse',
  ]);
  expect(offers.filter((o) => offerOwner(o) === b.user.id)).toEqual([]);
  const linked = await needsOfOffer(a.db, offer.id);
  expect(linked.map((l) => [l.followUp.description, l.followUp.matchStatus, l.site?.id])).toEqual([
    ['Hitzeschutz im Quartier', 'agreed', site.id],
  ]);
  expect(await openMatchCounts(a.db)).toEqual({ [offer.id]: 1 });
}, 20_000);
