// A rating is named with its perspective where it is not on screen (conflicts, refused changes):
// the self-assessment and the outside view of one field at one visit are two records, and a
// person deciding a conflict on one must be able to tell which.
import { describe, expect, it } from 'vitest';
import { recordHref, recordName } from '../../../src/client/app/record-name';

const visit = { date: '2026-12-02' };
const site = { municipality: 'Kassel', quarter: 'Nordstadt' };
const rating = (perspective: 'local' | 'outside') => ({
  entity: 'fieldRating',
  record: { fieldId: 'housing', perspective, rating: 2, note: '' },
  visit,
  site,
});

describe('the name of a field rating', () => {
  it('says whose view it is, in German and English', () => {
    expect(recordName(rating('local'), 'de')).toBe(
      'Einschätzung (Innensicht) · Wohnen und Wohnumfeld · Besuch am 2. Dez. 2026, Kassel – Nordstadt',
    );
    expect(recordName(rating('outside'), 'de')).toBe(
      'Einschätzung (Außensicht) · Wohnen und Wohnumfeld · Besuch am 2. Dez. 2026, Kassel – Nordstadt',
    );
    expect(recordName(rating('outside'), 'en')).toMatch(/^Rating \(Outside view\) · Housing/);
  });
});

describe('where a record of the catalogue is edited', () => {
  it("an offer's conflict or refusal links to the offer's page", () => {
    expect(recordHref('offer', 'o1', null)).toBe('/offers/o1');
  });
});
