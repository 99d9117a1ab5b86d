// "Seit dem letzten Besuch geschlossen" on the site page counts from the latest visit that took
// place: the next visit, already planned (and maybe self-assessed), has not happened yet and so
// does not hide the needs closed since the last one.
import { expect, it } from 'vitest';
import { siteCourse } from '../../src/shared/analysis/site-course';

const visit = (id: string, date: string, status: 'planned' | 'submitted') => ({
  id,
  date,
  phase: 'implementation' as const,
  status,
  createdAt: `${date}T08:00:00.000Z`,
});

it('counts needs closed after the latest held visit, not after a planned one', () => {
  const course = siteCourse({
    visits: [visit('held', '2026-03-10', 'submitted'), visit('next', '2026-12-20', 'planned')],
    observations: [],
    // The Quartiersmanagement's self-assessment on the planned visit.
    fieldRatings: [
      { visitId: 'next', fieldId: 'mobility', perspective: 'local', rating: 3, note: '' },
    ],
    followUps: [
      { id: 'a', visitId: 'held', kind: 'need', status: 'done', closedAt: '2026-04-01' },
      { id: 'b', visitId: 'held', kind: 'need', status: 'open' },
      { id: 'c', visitId: 'held', kind: 'need', status: 'done', closedAt: '2026-03-01' },
    ],
  });
  expect(course.openNow).toBe(1);
  expect(course.closedSinceLatest).toBe(1);
});

it('a planned visit with findings recorded at it took place: it hides the closures before it', () => {
  const course = siteCourse({
    visits: [visit('held', '2026-03-10', 'submitted'), visit('unstarted', '2026-05-02', 'planned')],
    // Nobody pressed "Besuch beginnen", but an observation was recorded at the second visit.
    observations: [{ visitId: 'unstarted', fieldId: 'mobility' }],
    fieldRatings: [],
    followUps: [
      { id: 'a', visitId: 'held', kind: 'need', status: 'done', closedAt: '2026-04-01' },
      { id: 'b', visitId: 'held', kind: 'need', status: 'done', closedAt: '2026-06-01' },
    ],
  });
  expect(course.visits.map((v) => v.planned)).toEqual([false, false]);
  expect(course.closedSinceLatest).toBe(1);
});
