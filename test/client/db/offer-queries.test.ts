// The catalogue's filter (filterOffers in src/client/db/offer-queries.ts): type, action field
// (an offer serving any field passes every field), only one account's offers, retired ones only
// when asked for.
import { describe, expect, it } from 'vitest';
import { newOfferFields } from '../../../src/client/db/offer-mutators';
import { type OfferFilter, filterOffers } from '../../../src/client/db/offer-queries';
import type { Offer } from '../../../src/shared/domain/schemas';

const row = (id: string, by: string, over: Partial<Offer>) => ({
  ...newOfferFields({ title: id, ...over }),
  id,
  createdAt: '2026-01-01T00:00:00.000Z',
  _v: 1,
  _deleted: 0 as const,
  _by: {
    createdBy: by,
    createdByName: by,
    updatedBy: by,
    updatedByName: by,
    createdAt: null,
    updatedAt: null,
  },
});

const offers = [
  row('klima', 'anna', { type: 'consultation', fieldIds: ['climate'] }),
  row('alle', 'ben', { type: 'tutorial', fieldIds: [] }),
  row('wohnen', 'anna', { type: 'tutorial', fieldIds: ['housing'] }),
  row('alt', 'anna', { type: 'consultation', fieldIds: ['climate'], active: false }),
];
const ALL: OfferFilter = { type: '', fieldId: '', onlyOf: false, withRetired: false };
const ids = (f: Partial<OfferFilter>) => filterOffers(offers, { ...ALL, ...f }).map((o) => o.id);

describe('filterOffers', () => {
  it('hides retired offers unless asked for', () => {
    expect(ids({})).toEqual(['klima', 'alle', 'wohnen']);
    expect(ids({ withRetired: true })).toEqual(['klima', 'alle', 'wohnen', 'alt']);
  });
  it('by type', () => {
    expect(ids({ type: 'tutorial' })).toEqual(['alle', 'wohnen']);
    expect(ids({ type: 'impulse' })).toEqual([]);
  });
  it('by action field: the offers naming it and those serving any field', () => {
    expect(ids({ fieldId: 'climate' })).toEqual(['klima', 'alle']);
    expect(ids({ fieldId: 'mobility' })).toEqual(['alle']);
  });
  it('only one account’s offers; nobody signed in sees none as theirs', () => {
    expect(ids({ onlyOf: 'anna' })).toEqual(['klima', 'wohnen']);
    expect(ids({ onlyOf: 'anna', withRetired: true, fieldId: 'climate' })).toEqual([
      'klima',
      'alt',
    ]);
    expect(ids({ onlyOf: null })).toEqual([]);
  });
});
