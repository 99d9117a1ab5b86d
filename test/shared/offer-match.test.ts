// Ranking the alliance's offers for an advisory need (src/shared/domain/offer-match.ts).
import { describe, expect, it } from 'vitest';
import { isOpenMatch, matchOffers, offerMatchRank } from '../../src/shared/domain/offer-match';
import type { Offer } from '../../src/shared/domain/schemas';

type O = Pick<Offer, 'title' | 'type' | 'fieldIds' | 'active'>;
const offer = (title: string, type: O['type'], fieldIds: O['fieldIds'], active = true): O => ({
  title,
  type,
  fieldIds,
  active,
});
const need = { fieldId: 'climate', offerType: 'tutorial' } as const;

describe('offerMatchRank', () => {
  it('same type and the need’s field named: rank 1', () => {
    expect(offerMatchRank(need, offer('a', 'tutorial', ['climate', 'mobility']))).toBe(1);
  });
  it('same type, offer serving any field (no fields named): rank 1', () => {
    expect(offerMatchRank(need, offer('a', 'tutorial', []))).toBe(1);
  });
  it('same type, other fields only: rank 2', () => {
    expect(offerMatchRank(need, offer('a', 'tutorial', ['housing']))).toBe(2);
  });
  it('other type, the need’s field named: rank 3', () => {
    expect(offerMatchRank(need, offer('a', 'consultation', ['climate']))).toBe(3);
  });
  it('other type and any field: no match (an any-field offer is no field match on its own)', () => {
    expect(offerMatchRank(need, offer('a', 'consultation', []))).toBeNull();
  });
  it('other type and other fields: no match', () => {
    expect(offerMatchRank(need, offer('a', 'impulse', ['housing']))).toBeNull();
  });
  it('a retired offer never matches, even a perfect one', () => {
    expect(offerMatchRank(need, offer('a', 'tutorial', ['climate'], false))).toBeNull();
  });
  it('a need without a field: same type is rank 2 whatever fields the offer has', () => {
    const n = { fieldId: null, offerType: 'tutorial' } as const;
    expect(offerMatchRank(n, offer('a', 'tutorial', []))).toBe(2);
    expect(offerMatchRank(n, offer('a', 'tutorial', ['climate']))).toBe(2);
    expect(offerMatchRank(n, offer('a', 'consultation', ['climate']))).toBeNull();
  });
});

describe('matchOffers', () => {
  const catalogue = [
    offer('Zebra Klima-Schulung', 'tutorial', ['climate']),
    offer('Alle Felder Schulung', 'tutorial', []),
    offer('Ärger-frei Klimaschulung', 'tutorial', ['climate']),
    offer('Wohnen lernen', 'tutorial', ['housing']),
    offer('Klimaberatung', 'consultation', ['climate']),
    offer('Mobilitätsberatung', 'consultation', ['mobility']),
    offer('Alte Klimaschulung', 'tutorial', ['climate'], false),
  ];

  it('ranks named field + type, then any field + type, then type, then field; titles in German order', () => {
    const ranked = matchOffers(need, catalogue).map((m) => [m.offer.title, m.rank]);
    expect(ranked).toEqual([
      ['Ärger-frei Klimaschulung', 1],
      ['Zebra Klima-Schulung', 1],
      ['Alle Felder Schulung', 1],
      ['Wohnen lernen', 2],
      ['Klimaberatung', 3],
    ]);
  });
  it('limit keeps the best ones', () => {
    expect(matchOffers(need, catalogue, 2).map((m) => m.offer.title)).toEqual([
      'Ärger-frei Klimaschulung',
      'Zebra Klima-Schulung',
    ]);
  });
  it('an empty catalogue, or only retired offers, gives no match', () => {
    expect(matchOffers(need, [])).toEqual([]);
    expect(matchOffers(need, [offer('x', 'tutorial', ['climate'], false)])).toEqual([]);
  });
  it('returns the caller’s own objects (rows with ids stay rows)', () => {
    const row = { ...offer('x', 'tutorial', []), id: 'o1' };
    expect(matchOffers(need, [row])[0]!.offer).toBe(row);
  });
});

describe('isOpenMatch', () => {
  it('proposed, contacted and agreed links are open; done, declined and unlinked are not', () => {
    const at = (matchStatus: never) => isOpenMatch({ offerId: 'o', matchStatus });
    expect(['proposed', 'contacted', 'agreed'].map((s) => at(s as never))).toEqual([
      true,
      true,
      true,
    ]);
    expect(['done', 'declined'].map((s) => at(s as never))).toEqual([false, false]);
    expect(isOpenMatch({ offerId: null, matchStatus: 'proposed' })).toBe(false);
    expect(isOpenMatch({ offerId: 'o', matchStatus: null })).toBe(false);
  });
});
