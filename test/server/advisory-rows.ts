// Valid rows of the advisory records (offer, sponsorship, fieldRating), fresh ids, for the server
// tests of their scope and seams; a test overrides what it checks.
import { v7 as uuidv7 } from 'uuid';
import {
  type FieldRating,
  type Offer,
  type Perspective,
  type Sponsorship,
  fieldRatingId,
} from '../../src/shared/domain/schemas';

const iso = () => new Date().toISOString();

export function offerFields(id = uuidv7()): Offer {
  return {
    id,
    title: 'Beratung Quartiersfonds',
    type: 'consultation',
    fieldIds: ['housing'],
    organisation: 'Stiftung',
    description: '',
    contact: { name: '', organisation: '', email: '', phone: '' },
    availability: '',
    active: true,
    createdAt: iso(),
  };
}

export function sponsorshipFields(siteId: string, id = uuidv7()): Sponsorship {
  return {
    id,
    siteId,
    project: '',
    sponsors: [{ name: 'Erika Muster', organisation: 'Verband' }],
    from: '2026-01-01',
    to: null,
    note: '',
    createdAt: iso(),
  };
}

export function ratingFields(
  visitId: string,
  perspective: Perspective,
  fieldId: FieldRating['fieldId'] = 'housing',
): FieldRating {
  return {
    id: fieldRatingId(visitId, perspective, fieldId),
    visitId,
    fieldId,
    perspective,
    rating: 3,
    note: '',
  };
}
