// Seeded advisory work through the real mutators (docs/domain.md §Offers, §Ratings): rating an
// action field from either perspective (two devices rating one field offline meet as one record),
// the siteless offer catalogue (register, change, retire, delete, restore), a need's link to an
// offer and its tracking, and a site's sponsorships. The sim's account is a coordinator: every
// perspective and every offer is its to write.
import type { AppDb } from '../../../src/client/db/schema';
import { addFollowUp, restoreRecord } from '../../../src/client/db/mutators';
import {
  createOffer,
  deleteOffer,
  linkOffer,
  newOfferFields,
  trackMatch,
  unlinkOffer,
  updateOffer,
} from '../../../src/client/db/offer-mutators';
import { rateField } from '../../../src/client/db/rating-mutators';
import {
  addSponsorship,
  deleteSponsorship,
  updateSponsorship,
} from '../../../src/client/db/sponsorship-mutators';
import type { Rng } from '../../support/prng';

const FIELDS = ['housing', 'climate', 'mobility'] as const;
const MATCH = ['proposed', 'contacted', 'agreed', 'done', 'declined'] as const;

const byId = <T extends { id: string }>(rows: T[]) => rows.sort((a, b) => (a.id < b.id ? -1 : 1));

/** One advisory operation at `visit`; returns a label for the trace, or null when none applied. */
export async function advisoryOp(
  db: AppDb,
  rng: Rng,
  visit: { id: string; siteId: string },
  value: () => string,
): Promise<string | null> {
  const roll = rng.next();
  if (roll < 0.35) {
    const perspective = rng.pick(['local', 'outside'] as const);
    const field = rng.pick(FIELDS);
    await rateField(
      db,
      visit.id,
      perspective,
      field,
      rng.chance(0.7) ? { rating: rng.chance(0.1) ? null : 1 + rng.int(5) } : { note: value() },
    );
    return `rate ${perspective} ${field}`;
  }
  const offers = byId(await db.offers.toArray());
  const live = offers.filter((o) => !o._deleted);
  if (roll < 0.5) return offerOp(db, rng, offers, value);
  if (roll < 0.8) {
    const needs = byId(
      (await db.followUps.where('visitId').equals(visit.id).toArray()).filter((f) => !f._deleted),
    );
    const need =
      needs.length > 0
        ? rng.pick(needs)
        : await addFollowUp(db, { visitId: visit.id, description: value() });
    const r = rng.next();
    if (!need.offerId || r < 0.3) {
      const offer =
        live.length > 0
          ? rng.pick(live)
          : await createOffer(db, newOfferFields({ title: value() }));
      await linkOffer(db, need.id, offer.id);
      return `link ${need.id} → ${offer.id}`;
    }
    if (r < 0.85) {
      await trackMatch(
        db,
        need.id,
        rng.chance(0.6) ? { matchStatus: rng.pick(MATCH) } : { matchNote: value() },
      );
      return `track ${need.id}`;
    }
    await unlinkOffer(db, need.id);
    return `unlink ${need.id}`;
  }
  return sponsorshipOp(db, rng, visit.siteId, value);
}

async function offerOp(
  db: AppDb,
  rng: Rng,
  offers: { id: string; active: boolean; _deleted: 0 | 1 }[],
  value: () => string,
): Promise<string> {
  const live = offers.filter((o) => !o._deleted);
  const dead = offers.filter((o) => o._deleted);
  const roll = rng.next();
  if (live.length === 0 || roll < 0.3) {
    const o = await createOffer(
      db,
      newOfferFields({ title: value(), fieldIds: [rng.pick(FIELDS)] }),
    );
    return `addOffer ${o.id}`;
  }
  const o = rng.pick(live);
  if (roll < 0.75) {
    await updateOffer(
      db,
      o.id,
      rng.pick([{ title: value() }, { availability: value() }, { active: !o.active }]),
    );
    return `editOffer ${o.id}`;
  }
  if (roll < 0.9 || dead.length === 0) {
    await deleteOffer(db, o.id);
    return `deleteOffer ${o.id}`;
  }
  const d = rng.pick(dead);
  await restoreRecord(db, 'offer', d.id);
  return `restoreOffer ${d.id}`;
}

async function sponsorshipOp(
  db: AppDb,
  rng: Rng,
  siteId: string,
  value: () => string,
): Promise<string> {
  const rows = byId(await db.sponsorships.where('siteId').equals(siteId).toArray());
  const live = rows.filter((s) => !s._deleted);
  const roll = rng.next();
  if (live.length === 0 || roll < 0.35) {
    const s = await addSponsorship(db, siteId, {
      project: value(),
      sponsors: [{ name: value(), organisation: '' }],
      from: '2026-01-01',
      to: null,
      note: '',
    });
    return `addSponsorship ${s.id}`;
  }
  const s = rng.pick(live);
  if (roll < 0.85) {
    await updateSponsorship(db, s.id, rng.chance(0.5) ? { note: value() } : { to: '2026-12-31' });
    return `editSponsorship ${s.id}`;
  }
  await deleteSponsorship(db, s.id);
  return `deleteSponsorship ${s.id}`;
}
