// The ratings of the action fields at a visit (docs/domain.md §Ratings): one row per visit,
// perspective and field, its id fieldRatingId(visitId, perspective, fieldId). The first edit of a
// field creates the row, later ones patch it; the decision is made inside the write transaction,
// so a row that arrived meanwhile (the same id rated on another device and synced) is patched,
// never created twice. Written like every record (write.ts): the row and its outbox entry commit
// together.
import {
  type ActionFieldId,
  type FieldRating,
  type Perspective,
  fieldRatingId,
} from '../../shared/domain/schemas';
import { RecordNotFoundError } from './errors';
import { usableRow } from './row-check';
import type { AppDb } from './schema';
import { changedFields, validateCreate, validatePatch, write } from './write';

export type RatingFields = Partial<Pick<FieldRating, 'rating' | 'note'>>;

/**
 * Sets the rating and/or note of `fieldId` from `perspective` at a visit: creates the row on the
 * first edit, patches only the changed fields afterwards (nothing is queued when nothing changed).
 */
export async function rateField(
  db: AppDb,
  visitId: string,
  perspective: Perspective,
  fieldId: ActionFieldId,
  fields: RatingFields,
): Promise<void> {
  const visit = usableRow('visit', await db.visits.get(visitId));
  if (!visit) throw new RecordNotFoundError('visit', visitId);
  const id = fieldRatingId(visitId, perspective, fieldId);
  const patch = validatePatch('fieldRating', fields);
  const fresh = validateCreate('fieldRating', {
    rating: null,
    note: '',
    ...patch,
    id,
    visitId,
    fieldId,
    perspective,
  });
  await write(db, [db.fieldRatings], async (tx) => {
    const existing = await tx.db.fieldRatings.get(id);
    if (!existing) {
      await tx.apply({ entity: 'fieldRating', op: 'create', id, fields: fresh, visitId });
      return;
    }
    if (existing._deleted === 1)
      await tx.apply({ entity: 'fieldRating', op: 'restore', id, fields: {}, visitId });
    const changed = changedFields(existing, patch);
    if (Object.keys(changed).length > 0)
      await tx.apply({ entity: 'fieldRating', op: 'patch', id, fields: changed, visitId });
  });
}
