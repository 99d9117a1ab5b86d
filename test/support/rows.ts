// Valid rows of every synced entity, fresh ids, for tests that build records by hand (the server
// harness, raw devices, pure client tests). Values are plain defaults; a test overrides what it checks.
import { v7 as uuidv7 } from 'uuid';
import {
  type Offer,
  type Perspective,
  type Site,
  type Sponsorship,
  type Visit,
  fieldRatingId,
} from '../../src/shared/domain/schemas';

const iso = () => new Date().toISOString();

export function siteFields(id = uuidv7()): Site {
  return {
    id,
    municipality: 'Offenbach',
    quarter: 'Nordend',
    phase: 'isek',
    yearAdmitted: 2020,
    contact: { name: '', organisation: '', email: '', phone: '' },
    notes: '',
    createdAt: iso(),
  };
}
export function visitFields(siteId: string, id = uuidv7()): Visit {
  return {
    id,
    siteId,
    date: '2026-05-01',
    phase: 'isek',
    status: 'planned',
    goals: '',
    route: '',
    notes: '',
    createdAt: iso(),
  };
}
export function observationFields(visitId: string, id = uuidv7()) {
  return {
    id,
    visitId,
    fieldId: null,
    kind: 'strength',
    perspective: 'outside',
    rating: null,
    text: 'x',
    place: '',
    lat: null,
    lng: null,
    author: '',
    createdAt: iso(),
  };
}
export function checklistFields(visitId: string, templateItemId = 'prep-date') {
  return {
    id: `${visitId}~${templateItemId}`,
    visitId,
    templateId: 'prep',
    templateItemId,
    order: 0,
    state: 'open',
    note: '',
  };
}
export function followUpFields(visitId: string, siteId: string, id = uuidv7()) {
  return {
    id,
    visitId,
    siteId,
    fieldId: null,
    kind: 'need',
    description: 'Spielplatz',
    offerType: 'consultation',
    owner: '',
    dueDate: null,
    status: 'open',
    createdAt: iso(),
  };
}
export function photoFields(visitId: string, sha256 = 'a'.repeat(64), id = uuidv7()) {
  return {
    id,
    visitId,
    observationId: null,
    sha256,
    thumbSha256: 'b'.repeat(64),
    mime: 'image/jpeg',
    width: 100,
    height: 80,
    bytes: 1000,
    caption: '',
    order: 0,
    takenAt: null,
    lat: null,
    lng: null,
    createdAt: iso(),
  };
}

// ── the advisory records: an offer of the alliance, a site's sponsorship, a field rating ──────
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
/** A sponsorship as a site page's form gives it to the device (no id, site or creation time). */
export function sponsorshipInput(
  over: Partial<Omit<Sponsorship, 'id' | 'siteId' | 'createdAt'>> = {},
) {
  return {
    project: '',
    sponsors: [{ name: 'A. Pate', organisation: 'Stiftung' }],
    from: '2026-01-01',
    to: null,
    note: '',
    ...over,
  };
}
export function sponsorshipFields(siteId: string, id = uuidv7()): Sponsorship {
  return { id, siteId, ...sponsorshipInput(), createdAt: iso() };
}
/** `fieldId` is any string, so a test can send one outside the vocabulary. */
export function ratingFields(visitId: string, perspective: Perspective, fieldId = 'housing') {
  return {
    id: fieldRatingId(visitId, perspective, fieldId),
    visitId,
    fieldId,
    perspective,
    rating: 3,
    note: '',
  };
}
