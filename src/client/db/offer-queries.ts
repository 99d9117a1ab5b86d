// Reads of the alliance's offers for the UI (run inside createLiveQuery): the catalogue, one
// offer, the needs linked to an offer (one read of the followUps.offerId index) and the open
// links per offer. Tombstoned and damaged rows are skipped (row-check.ts).
import { isOpenMatch } from '../../shared/domain/offer-match';
import type { FollowUp, Offer, Site, Visit } from '../../shared/domain/schemas';
import { liveFollowUps } from './needs-queries';
import { usableRow, usableRows } from './row-check';
import type { AppDb, Local } from './schema';

/** Who registered the offer (its owner): the account id the server recorded, or this device's. */
export const offerOwner = (o: Local<Offer>): string | null => o._by?.createdBy ?? null;

/** What the catalogue shows: '' in type or fieldId means any. */
export type OfferFilter = {
  type: string;
  fieldId: string;
  /** Only the offers this account registered (null: nobody signed in, so none). */
  onlyOf: string | null | false;
  withRetired: boolean;
};

/**
 * The offers that pass `filter`: retired ones only when asked for; an offer serving any field
 * (none named) passes every field filter.
 */
export function filterOffers<O extends Local<Offer>>(
  offers: readonly O[],
  filter: OfferFilter,
): O[] {
  return offers.filter(
    (o) =>
      (filter.withRetired || o.active) &&
      (filter.onlyOf === false || (filter.onlyOf !== null && offerOwner(o) === filter.onlyOf)) &&
      (filter.type === '' || o.type === filter.type) &&
      (filter.fieldId === '' ||
        o.fieldIds.length === 0 ||
        (o.fieldIds as readonly string[]).includes(filter.fieldId)),
  );
}

/** Every offer on this device, retired ones too, by title. */
export async function listOffers(db: AppDb): Promise<Local<Offer>[]> {
  const rows = usableRows('offer', await db.offers.toArray());
  return rows.sort((a, b) => a.title.localeCompare(b.title, 'de'));
}

export async function getOffer(db: AppDb, id: string): Promise<Local<Offer> | null> {
  return usableRow('offer', await db.offers.get(id));
}

/** A need linked to an offer, with where it was raised. */
export type LinkedNeed = {
  /** The follow-up's id (live lists reconcile rows by it). */
  id: string;
  followUp: Local<FollowUp>;
  site: Local<Site> | null;
  visit: Local<Visit> | null;
};

/** The needs linked to `offerId`, open links first, then by the visit's date (newest first). */
export async function needsOfOffer(db: AppDb, offerId: string): Promise<LinkedNeed[]> {
  const { live: rows, visitOf } = await liveFollowUps(
    db,
    await db.followUps.where('offerId').equals(offerId).toArray(),
  );
  const sites = await db.sites.bulkGet([...new Set(rows.map((f) => f.siteId))]);
  const siteOf = new Map(sites.flatMap((s) => (s ? [[s.id, s] as const] : [])));
  const linked = rows.map((f) => ({
    id: f.id,
    followUp: f,
    site: usableRow('site', siteOf.get(f.siteId)),
    visit: usableRow('visit', visitOf.get(f.visitId)),
  }));
  return linked.sort(
    (a, b) =>
      Number(isOpenMatch(b.followUp)) - Number(isOpenMatch(a.followUp)) ||
      (b.visit?.date ?? '').localeCompare(a.visit?.date ?? '') ||
      a.followUp.createdAt.localeCompare(b.followUp.createdAt),
  );
}

/** How many open links (proposed, contacted, agreed) each offer has; offers without are absent. */
export async function openMatchCounts(db: AppDb): Promise<Record<string, number>> {
  const { live: rows } = await liveFollowUps(
    db,
    await db.followUps.where('offerId').above('').toArray(),
  );
  const counts: Record<string, number> = {};
  for (const f of rows) if (isOpenMatch(f)) counts[f.offerId!] = (counts[f.offerId!] ?? 0) + 1;
  return counts;
}
