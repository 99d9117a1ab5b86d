// Which of the alliance's offers suit an advisory need (docs/domain.md §Offers). A need names
// the kind of support it asks for (its offer type) and, mostly, an action field; an offer names
// its type and the fields it serves (none: any field). Ranking, best first:
//   1. same type, and the offer serves the need's field (named, or any field);
//   2. same type, the field does not fit (or the need names no field);
//   3. another type, but the offer names the need's field itself.
// Everything else (another type, no named field in common) is no match. Retired offers never
// match. Within a rank an offer that names the field comes before one serving any field, then
// titles in German order.
import type { FollowUp, Offer } from './schemas';

export type OfferMatchRank = 1 | 2 | 3;

export type OfferMatch<O> = { offer: O; rank: OfferMatchRank };

type Need = Pick<FollowUp, 'fieldId' | 'offerType'>;
type Matchable = Pick<Offer, 'title' | 'type' | 'fieldIds' | 'active'>;

/** Does the offer name this field itself (not merely "any field")? */
const namesField = (o: Matchable, fieldId: string | null) =>
  fieldId !== null && (o.fieldIds as readonly string[]).includes(fieldId);

/** The rank of `offer` for `need`, or null when it does not match. */
export function offerMatchRank(need: Need, offer: Matchable): OfferMatchRank | null {
  if (!offer.active) return null;
  const named = namesField(offer, need.fieldId);
  const servesField = named || (need.fieldId !== null && offer.fieldIds.length === 0);
  if (offer.type === need.offerType) return servesField ? 1 : 2;
  return named ? 3 : null;
}

/** The matching offers for `need`, best first (at most `limit`). */
export function matchOffers<O extends Matchable>(
  need: Need,
  offers: readonly O[],
  limit = Infinity,
): OfferMatch<O>[] {
  const matches: (OfferMatch<O> & { named: boolean })[] = [];
  for (const offer of offers) {
    const rank = offerMatchRank(need, offer);
    if (rank !== null) matches.push({ offer, rank, named: namesField(offer, need.fieldId) });
  }
  matches.sort(
    (a, b) =>
      a.rank - b.rank ||
      Number(b.named) - Number(a.named) ||
      a.offer.title.localeCompare(b.offer.title, 'de'),
  );
  return matches.slice(0, limit).map(({ offer, rank }) => ({ offer, rank }));
}

/** A link still being followed up (proposed, contacted, agreed); delivered or declined ones are done. */
export const isOpenMatch = (f: Pick<FollowUp, 'offerId' | 'matchStatus'>): boolean =>
  f.offerId != null &&
  (f.matchStatus === 'proposed' || f.matchStatus === 'contacted' || f.matchStatus === 'agreed');
