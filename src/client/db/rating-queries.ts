// The ratings of the action fields at one visit (docs/domain.md §Ratings), read from this device:
// the visit page's live query. Damaged rows are skipped (row-check.ts).
import type { ActionFieldId, FieldRating, Perspective } from '../../shared/domain/schemas';
import { RATING_DIVERGENCE } from '../../shared/domain/vocab';
import { usableRows } from './row-check';
import type { AppDb, Local } from './schema';

/** One visit's ratings by perspective and field. */
export type VisitRatings<R extends FieldRating = Local<FieldRating>> = Record<
  Perspective,
  Partial<Record<ActionFieldId, R>>
>;

export function groupRatings<R extends FieldRating>(rows: readonly R[]): VisitRatings<R> {
  const out: VisitRatings<R> = { local: {}, outside: {} };
  for (const r of rows) out[r.perspective][r.fieldId] = r;
  return out;
}

/** The live ratings of a visit, grouped by perspective and field. */
export async function ratingsOfVisit(db: AppDb, visitId: string): Promise<VisitRatings> {
  const rows = await db.fieldRatings.where('visitId').equals(visitId).toArray();
  return groupRatings(usableRows('fieldRating', rows));
}

/**
 * How many steps the two views of a field lie apart when they diverge (both rated and at least
 * RATING_DIVERGENCE apart), else null.
 */
export function divergence(local: number | null | undefined, outside: number | null | undefined) {
  if (local == null || outside == null) return null;
  const steps = Math.abs(local - outside);
  return steps >= RATING_DIVERGENCE ? steps : null;
}
