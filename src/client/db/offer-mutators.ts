// The alliance's offers on this device and the links from advisory needs to them
// (docs/domain.md §Offers): written like every record (one commit with its outbox entry). A
// need's link (offerId, matchStatus, matchNote) is a patch of a follow-up's tracking fields only,
// which the server takes also on a submitted or approved visit.
import type { FollowUp, MatchStatus, Offer } from '../../shared/domain/schemas';
import { RecordNotFoundError } from './errors';
import { newId, nowIso } from './ids';
import { deleteRecord, patchChanged, updateFollowUp } from './mutators';
import type { AppDb } from './schema';
import { commit, validateCreate } from './write';

export type OfferFields = Omit<Offer, 'id' | 'createdAt'>;

const EMPTY_CONTACT = { name: '', organisation: '', email: '', phone: '' };

/** A new offer with these fields (defaults: active, no fields = any, empty texts). */
export function newOfferFields(over: Partial<OfferFields> = {}): OfferFields {
  return {
    title: '',
    type: 'consultation',
    fieldIds: [],
    organisation: '',
    description: '',
    contact: { ...EMPTY_CONTACT },
    availability: '',
    active: true,
    ...over,
  };
}

/** The editable fields of an offer, as a plain copy (a form starts from it). */
export function offerFieldsOf(o: OfferFields): OfferFields {
  return newOfferFields({
    title: o.title,
    type: o.type,
    fieldIds: [...o.fieldIds],
    organisation: o.organisation,
    description: o.description,
    contact: { ...o.contact },
    availability: o.availability,
    active: o.active,
  });
}

/** Registers an offer; its creator is its owner. */
export async function createOffer(db: AppDb, fields: OfferFields): Promise<Offer> {
  const row = validateCreate('offer', { ...fields, id: newId(), createdAt: nowIso() }) as Offer;
  await commit(db, [{ entity: 'offer', op: 'create', id: row.id, fields: row, visitId: null }]);
  return row;
}

/** Changes an offer (its owner or a coordinator: the policy and the server say so). */
export async function updateOffer(
  db: AppDb,
  id: string,
  fields: Partial<OfferFields>,
): Promise<void> {
  await patchChanged(db, 'offer', id, fields);
}

export const deleteOffer = (db: AppDb, id: string) => deleteRecord(db, 'offer', id);

async function liveFollowUp(db: AppDb, id: string): Promise<FollowUp> {
  const f = await db.followUps.get(id);
  if (!f || f._deleted) throw new RecordNotFoundError('followUp', id);
  return f;
}

/** Links a need to an offer of the catalogue: the link starts as proposed, with no note. */
export async function linkOffer(db: AppDb, followUpId: string, offerId: string): Promise<void> {
  await liveFollowUp(db, followUpId);
  const offer = await db.offers.get(offerId);
  if (!offer || offer._deleted) throw new RecordNotFoundError('offer', offerId);
  await updateFollowUp(db, followUpId, { offerId, matchStatus: 'proposed', matchNote: '' });
}

/** Dissolves a need's link to its offer (status and note go with it). */
export async function unlinkOffer(db: AppDb, followUpId: string): Promise<void> {
  await liveFollowUp(db, followUpId);
  await updateFollowUp(db, followUpId, { offerId: null, matchStatus: null, matchNote: '' });
}

/** How far the link got, and what came of it (only while an offer is linked). */
export async function trackMatch(
  db: AppDb,
  followUpId: string,
  fields: { matchStatus?: MatchStatus; matchNote?: string },
): Promise<void> {
  const f = await liveFollowUp(db, followUpId);
  if (!f.offerId) throw new RecordNotFoundError('offer', '(none linked)');
  await updateFollowUp(db, followUpId, fields);
}
