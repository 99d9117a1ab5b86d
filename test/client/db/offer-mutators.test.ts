// The alliance's offers on the device (src/client/db/offer-mutators.ts, offer-queries.ts): an
// offer is written with its outbox entry, a bad one never reaches the queue; a need is linked,
// tracked and unlinked through follow-up patches of tracking fields only; the offer's page reads
// its linked needs through the followUps.offerId index and counts the open links.
import { afterEach, describe, expect, it } from 'vitest';
import { RecordNotFoundError, ValidationError } from '../../../src/client/db/errors';
import { addFollowUp, createSite, createVisit } from '../../../src/client/db/mutators';
import {
  createOffer,
  deleteOffer,
  linkOffer,
  newOfferFields,
  offerFieldsOf,
  trackMatch,
  unlinkOffer,
  updateOffer,
} from '../../../src/client/db/offer-mutators';
import {
  getOffer,
  listOffers,
  needsOfOffer,
  openMatchCounts,
} from '../../../src/client/db/offer-queries';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';

let db: AppDb;
afterEach(() => db?.close());

async function seed() {
  db = makeTestDb();
  const site = await createSite(db, { municipality: 'Hanau', quarter: 'Lamboy' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-06-02' });
  const need = await addFollowUp(db, {
    visitId: visit.id,
    description: 'Beteiligung der Jugendlichen',
    fieldId: 'participation',
    offerType: 'tutorial',
  });
  const offer = await createOffer(
    db,
    newOfferFields({
      title: 'Beteiligungswerkstatt',
      type: 'tutorial',
      fieldIds: ['participation'],
    }),
  );
  return { site, visit, need, offer };
}

const outbox = () => db.outbox.orderBy('clientSeq').toArray();

describe('offer mutators', () => {
  it('creates an offer with its outbox entry, siteless (no visit)', async () => {
    const { offer } = await seed();
    expect(await getOffer(db, offer.id)).toMatchObject({ title: 'Beteiligungswerkstatt', _v: 0 });
    const last = (await outbox()).at(-1)!;
    expect(last).toMatchObject({
      entity: 'offer',
      op: 'create',
      entityId: offer.id,
      visitId: null,
    });
    expect(last.fields).not.toHaveProperty('id');
  });

  it('refuses an offer without a title, with an unknown field or a duplicate field; nothing queued', async () => {
    await seed();
    const before = (await outbox()).length;
    for (const bad of [
      newOfferFields({ title: '' }),
      newOfferFields({ title: 'x', fieldIds: ['nowhere' as never] }),
      newOfferFields({ title: 'x', fieldIds: ['climate', 'climate'] }),
      newOfferFields({ title: 'x', type: 'lecture' as never }),
    ])
      await expect(createOffer(db, bad)).rejects.toBeInstanceOf(ValidationError);
    expect((await outbox()).length).toBe(before);
  });

  it('updates, retires and deletes an offer; the list keeps retired ones and drops deleted ones', async () => {
    const { offer } = await seed();
    await updateOffer(db, offer.id, { availability: 'ab März', active: false });
    expect(await getOffer(db, offer.id)).toMatchObject({ availability: 'ab März', active: false });
    expect((await outbox()).at(-1)).toMatchObject({
      op: 'patch',
      fields: { availability: 'ab März', active: false },
    });
    await expect(updateOffer(db, offer.id, { title: '' })).rejects.toBeInstanceOf(ValidationError);
    // A saved form sends only what changed (offerFieldsOf: the form's plain copy of the record).
    const queued = (await outbox()).length;
    await updateOffer(db, offer.id, { ...offerFieldsOf((await getOffer(db, offer.id))!) });
    expect((await outbox()).length).toBe(queued);
    await updateOffer(db, offer.id, {
      ...offerFieldsOf((await getOffer(db, offer.id))!),
      contact: { name: 'R. Berater', organisation: '', email: '', phone: '' },
    });
    expect((await outbox()).at(-1)!.fields).toEqual({
      contact: { name: 'R. Berater', organisation: '', email: '', phone: '' },
    });
    expect((await listOffers(db)).map((o) => o.id)).toEqual([offer.id]);
    await deleteOffer(db, offer.id);
    expect(await listOffers(db)).toEqual([]);
    await expect(updateOffer(db, offer.id, { title: 'y' })).rejects.toBeInstanceOf(
      RecordNotFoundError,
    );
  });
});

describe('linking a need to an offer', () => {
  it('links (proposed, empty note), tracks and unlinks with tracking-field patches only', async () => {
    const { need, offer, visit } = await seed();
    await linkOffer(db, need.id, offer.id);
    expect(await db.followUps.get(need.id)).toMatchObject({
      offerId: offer.id,
      matchStatus: 'proposed',
      matchNote: '',
    });
    await trackMatch(db, need.id, { matchStatus: 'agreed', matchNote: 'Termin im Mai' });
    await unlinkOffer(db, need.id);
    const patches = (await outbox()).filter((e) => e.entity === 'followUp' && e.op === 'patch');
    expect(patches.map((p) => p.fields)).toEqual([
      { offerId: offer.id, matchStatus: 'proposed', matchNote: '' },
      { matchStatus: 'agreed', matchNote: 'Termin im Mai' },
      { offerId: null, matchStatus: null, matchNote: '' },
    ]);
    expect(patches.every((p) => p.visitId === visit.id)).toBe(true);
  });

  it('refuses an offer that is not on the device, a deleted offer, and tracking without a link', async () => {
    const { need, offer } = await seed();
    await expect(linkOffer(db, need.id, 'no-such-offer')).rejects.toBeInstanceOf(
      RecordNotFoundError,
    );
    await expect(trackMatch(db, need.id, { matchStatus: 'agreed' })).rejects.toBeInstanceOf(
      RecordNotFoundError,
    );
    await expect(linkOffer(db, 'no-such-need', offer.id)).rejects.toBeInstanceOf(
      RecordNotFoundError,
    );
    await deleteOffer(db, offer.id);
    await expect(linkOffer(db, need.id, offer.id)).rejects.toBeInstanceOf(RecordNotFoundError);
    expect((await db.followUps.get(need.id))?.offerId ?? null).toBeNull();
  });

  it('refuses a match status outside the vocabulary', async () => {
    const { need, offer } = await seed();
    await linkOffer(db, need.id, offer.id);
    await expect(trackMatch(db, need.id, { matchStatus: 'maybe' as never })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('the offer lists its linked needs with site and visit, open ones first; open links are counted', async () => {
    const { need, offer, site, visit } = await seed();
    const second = await addFollowUp(db, { visitId: visit.id, description: 'Zweiter Bedarf' });
    const other = await createOffer(db, newOfferFields({ title: 'Anderes' }));
    await linkOffer(db, need.id, offer.id);
    await linkOffer(db, second.id, offer.id);
    await trackMatch(db, need.id, { matchStatus: 'done' });
    const linked = await needsOfOffer(db, offer.id);
    expect(linked.map((l) => [l.followUp.description, l.site?.id, l.visit?.id])).toEqual([
      ['Zweiter Bedarf', site.id, visit.id],
      ['Beteiligung der Jugendlichen', site.id, visit.id],
    ]);
    expect(await needsOfOffer(db, other.id)).toEqual([]);
    expect(await openMatchCounts(db)).toEqual({ [offer.id]: 1 });
    await unlinkOffer(db, second.id);
    expect(await openMatchCounts(db)).toEqual({});
    expect((await needsOfOffer(db, offer.id)).map((l) => l.id)).toEqual([need.id]);
  });
});
