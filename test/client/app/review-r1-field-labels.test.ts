// A conflict on the advisory records names its field in words, as the form that edits it does
// (the conflicts page and the visit's conflict list read fieldLabel): never the schema's key.
import { describe, expect, it } from 'vitest';
import { fieldLabel } from '../../../src/client/app/components/value-view';

const FIELDS = {
  followUp: ['closedAt', 'offerId', 'matchStatus', 'matchNote'],
  fieldRating: ['rating', 'note'],
  offer: [
    'title',
    'type',
    'fieldIds',
    'organisation',
    'description',
    'contact',
    'availability',
    'active',
  ],
  sponsorship: ['project', 'sponsors', 'from', 'to', 'note'],
} as const;

describe('field labels of the advisory records', () => {
  it.each(['de', 'en'] as const)('are words in %s', (lang) => {
    for (const [entity, fields] of Object.entries(FIELDS))
      for (const f of fields) expect(fieldLabel(entity, f, lang), `${entity}.${f}`).not.toBe(f);
  });
  it('say what the form says', () => {
    expect(fieldLabel('followUp', 'matchStatus', 'de')).toBe('Stand der Verknüpfung');
    expect(fieldLabel('followUp', 'closedAt', 'de')).toBe('Abgeschlossen am');
    expect(fieldLabel('fieldRating', 'note', 'de')).toBe('Begründung');
    expect(fieldLabel('fieldRating', 'note', 'en')).toBe('Reason');
    expect(fieldLabel('offer', 'active', 'de')).toBe('Wird angeboten');
    expect(fieldLabel('sponsorship', 'sponsors', 'de')).toBe('Patinnen und Paten');
  });
});
