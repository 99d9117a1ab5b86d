// A site's course read from this device: its visits with their observations, field ratings and
// advisory needs; deleted rows (a visit, an observation, a rating, a need) and another site's
// rows never count.
import { afterEach, describe, expect, it } from 'vitest';
import {
  addFollowUp,
  addObservation,
  createSite,
  createVisit,
  deleteRecord,
  updateFollowUp,
} from '../../../src/client/db/mutators';
import type { AppDb } from '../../../src/client/db/schema';
import { siteCourseOf } from '../../../src/client/db/site-course-queries';
import { commit } from '../../../src/client/db/write';
import { fieldRatingId } from '../../../src/shared/domain/schemas';
import { makeTestDb } from '../../support/fake-db';

let db: AppDb;
afterEach(() => db?.close());

const NO_TEMPLATES = [] as const;
type Phase = 'area-selection' | 'isek' | 'implementation' | 'consolidation';
const visit = (siteId: string, date: string, phase: Phase, status = 'approved' as const) =>
  createVisit(db, { siteId, date, phase, status }, NO_TEMPLATES);

const observe = (visitId: string, fieldId: 'neighbourhood' | 'climate' | 'mobility') =>
  addObservation(db, { visitId, fieldId });

/** A field rating through the one write path, as the rating UI writes it. */
async function rate(visitId: string, perspective: 'outside' | 'local', fieldId: string, n: number) {
  const id = fieldRatingId(visitId, perspective, fieldId);
  const fields = { id, visitId, perspective, fieldId, rating: n, note: '' };
  await commit(db, [{ entity: 'fieldRating', op: 'create', id, fields, visitId }]);
  return id;
}

describe('site course from this device', () => {
  it('reads one site’s live rows only', async () => {
    db = makeTestDb();
    const s = await createSite(db, { municipality: 'Hanau', quarter: 'Lamboy' });
    const other = await createSite(db, { municipality: 'Fulda', quarter: 'Aschenberg' });
    const v1 = await visit(s.id, '2024-03-10', 'area-selection');
    const v2 = await visit(s.id, '2025-04-02', 'isek');
    const gone = await visit(s.id, '2024-08-01', 'isek');
    const elsewhere = await visit(other.id, '2024-05-01', 'implementation');

    await observe(v1.id, 'neighbourhood');
    await deleteRecord(db, 'observation', (await observe(v2.id, 'climate')).id);
    await observe(gone.id, 'mobility');
    await observe(elsewhere.id, 'mobility');

    await rate(v1.id, 'outside', 'housing', 2);
    await rate(v2.id, 'outside', 'housing', 4);
    await rate(v2.id, 'local', 'housing', 3);
    await deleteRecord(db, 'fieldRating', await rate(v2.id, 'outside', 'image-safety', 1));
    await rate(gone.id, 'outside', 'housing', 5);
    await rate(elsewhere.id, 'outside', 'housing', 1);

    await addFollowUp(db, { visitId: v1.id, description: 'Beteiligung' });
    const done = await addFollowUp(db, { visitId: v1.id, description: 'Fördermittel' });
    await updateFollowUp(db, done.id, { status: 'done', closedAt: '2024-12-01' });
    const removed = await addFollowUp(db, { visitId: v2.id, description: 'doppelt' });
    await deleteRecord(db, 'followUp', removed.id);
    await addFollowUp(db, { visitId: v2.id, description: 'Schritt', kind: 'step' });
    await addFollowUp(db, { visitId: elsewhere.id, description: 'anderswo' });
    await deleteRecord(db, 'visit', gone.id);

    const course = await siteCourseOf(db, s.id);
    expect(course.visits.map((v) => v.visit.id)).toEqual([v1.id, v2.id]);
    expect(course.phases.map((p) => p.phase)).toEqual(['area-selection', 'isek']);
    expect(course.visits.map((v) => v.covered)).toEqual([
      ['neighbourhood', 'housing'],
      ['housing'],
    ]);
    const housing = course.ratings.find((r) => r.fieldId === 'housing')!;
    expect(housing.outside.map((p) => [p.visitId, p.rating])).toEqual([
      [v1.id, 2],
      [v2.id, 4],
    ]);
    expect(housing.local.map((p) => [p.visitId, p.rating])).toEqual([[v2.id, 3]]);
    expect(course.ratings.find((r) => r.fieldId === 'image-safety')!.outside).toEqual([]);
    expect(course.visits.map((v) => v.needs)).toEqual([
      { opened: 2, closed: 0, open: 2, closedUnknownDay: 0 },
      { opened: 0, closed: 1, open: 1, closedUnknownDay: 0 },
    ]);
    expect(course.openNow).toBe(1);
  });

  it('answers an empty course for a site without visits, and for an unknown site', async () => {
    db = makeTestDb();
    const s = await createSite(db, { municipality: 'Hanau', quarter: 'Lamboy' });
    for (const id of [s.id, 'no-such-site']) {
      const course = await siteCourseOf(db, id);
      expect(course.visits).toEqual([]);
      expect(course.openNow).toBe(0);
    }
  });
});
