// A site's course over time from plain rows: visits in date order grouped by phase runs, the
// action fields each covered (observation or field rating), planned visits with nothing recorded
// kept apart, each field's rating series per perspective, and advisory needs opened, closed and
// open at each visit's date (closed on an unknown day counted apart).
import { describe, expect, it } from 'vitest';
import { type CourseInput, siteCourse } from '../../src/shared/analysis/site-course';

const visit = (
  id: string,
  date: string,
  phase: 'area-selection' | 'isek' | 'implementation' | 'consolidation',
  status: 'planned' | 'in-progress' | 'submitted' | 'approved',
) => ({ id, date, phase, status, createdAt: `${date}T08:00:00.000Z` });
const obs = (visitId: string, fieldId: CourseInput['observations'][number]['fieldId']) => ({
  visitId,
  fieldId,
});
const rating = (
  visitId: string,
  perspective: 'outside' | 'local',
  fieldId: CourseInput['fieldRatings'][number]['fieldId'],
  value: number | null,
  note = '',
) => ({ visitId, perspective, fieldId, rating: value, note });
const need = (
  id: string,
  visitId: string,
  status: 'open' | 'in-progress' | 'done' | 'dropped',
  closedAt?: string | null,
) => ({ id, visitId, kind: 'need' as const, status, closedAt });

/** Five visits over three phases: the first four held, the last planned with nothing recorded. */
const input: CourseInput = {
  // Shuffled: the module sorts by date.
  visits: [
    visit('v4', '2026-02-01', 'implementation', 'in-progress'),
    visit('v1', '2024-03-10', 'area-selection', 'approved'),
    visit('v5', '2026-09-01', 'implementation', 'planned'),
    visit('v3', '2025-05-20', 'isek', 'submitted'),
    visit('v2', '2024-10-05', 'isek', 'approved'),
  ],
  observations: [
    obs('v1', 'infrastructure'),
    obs('v1', 'infrastructure'),
    obs('v1', 'housing'),
    obs('v2', 'participation'),
    obs('v3', null),
    obs('v4', 'mobility'),
    obs('v4', 'local-economy'),
    obs('gone', 'climate'),
  ],
  fieldRatings: [
    rating('v1', 'outside', 'infrastructure', 2),
    rating('v1', 'local', 'infrastructure', 3),
    rating('v2', 'outside', 'infrastructure', 3),
    rating('v2', 'outside', 'housing', 2),
    rating('v2', 'local', 'climate', null, 'Erst nach dem Workshop'),
    rating('v3', 'local', 'infrastructure', 4),
    rating('v4', 'outside', 'infrastructure', 4),
    rating('v5', 'outside', 'mobility', null, '  '),
    rating('gone', 'outside', 'infrastructure', 1),
  ],
  followUps: [
    need('n1', 'v1', 'open'),
    need('n2', 'v1', 'done', '2024-09-01'),
    { id: 's1', visitId: 'v1', kind: 'step', status: 'open' },
    need('n3', 'v2', 'dropped', '2025-06-01'),
    need('n4', 'v2', 'done'),
    need('n8', 'v3', 'done', '2025-05-20'),
    need('n5', 'v4', 'in-progress', null),
    need('n6', 'v4', 'done', '2026-03-01'),
    need('n7', 'v4', 'dropped', '2026-10-01'),
    need('elsewhere', 'gone', 'open'),
  ],
};

describe('site course', () => {
  const course = siteCourse(input);
  const byId = (id: string) => course.visits.find((v) => v.visit.id === id)!;

  it('orders the visits by date and groups consecutive visits of one phase', () => {
    expect(course.visits.map((v) => [v.visit.id, v.index])).toEqual([
      ['v1', 0],
      ['v2', 1],
      ['v3', 2],
      ['v4', 3],
      ['v5', 4],
    ]);
    expect(course.phases.map((p) => [p.phase, p.visits.map((v) => v.visit.id)])).toEqual([
      ['area-selection', ['v1']],
      ['isek', ['v2', 'v3']],
      ['implementation', ['v4', 'v5']],
    ]);
  });

  it('starts a new run when a phase comes back, and orders a same-day pair by creation', () => {
    const again = siteCourse({
      ...input,
      visits: [
        { ...visit('b', '2025-01-01', 'isek', 'approved'), createdAt: '2025-01-01T10:00:00.000Z' },
        { ...visit('a', '2025-01-01', 'implementation', 'approved') },
        visit('c', '2025-06-01', 'isek', 'approved'),
        visit('d', '2025-09-01', 'implementation', 'approved'),
      ],
    });
    expect(again.phases.map((p) => [p.phase, p.visits.map((v) => v.visit.id)])).toEqual([
      ['implementation', ['a']],
      ['isek', ['b', 'c']],
      ['implementation', ['d']],
    ]);
  });

  it('counts a field as covered by an observation or a rating with a value or a note, in theme order', () => {
    expect(byId('v1').covered).toEqual(['infrastructure', 'housing']);
    expect(byId('v2').covered).toEqual(['infrastructure', 'participation', 'housing', 'climate']);
    // A visit-level note covers no field; the self-assessment covers its field.
    expect(byId('v3').covered).toEqual(['infrastructure']);
    expect(byId('v4').covered).toEqual(['infrastructure', 'mobility', 'local-economy']);
    expect(byId('v5').covered).toEqual([]);
  });

  it('marks a planned visit with nothing recorded as planned, and only that one', () => {
    expect(course.visits.filter((v) => v.planned).map((v) => v.visit.id)).toEqual(['v5']);
    // Planned but with a self-assessment given ahead: recorded, so not merely planned.
    const rated = siteCourse({
      ...input,
      fieldRatings: [...input.fieldRatings, rating('v5', 'local', 'mobility', 2)],
    });
    expect(rated.visits[4]!.planned).toBe(false);
    expect(rated.visits[4]!.covered).toEqual(['mobility']);
    // Planned with a follow-up agreed ahead: not merely planned either, yet covers no field.
    const agreed = siteCourse({ ...input, followUps: [need('x', 'v5', 'open')] });
    expect(agreed.visits[4]!.planned).toBe(false);
    expect(agreed.visits[4]!.covered).toEqual([]);
  });

  it('keeps the outside and the local view as separate series per field, rated points only', () => {
    const field = (id: string) => course.ratings.find((r) => r.fieldId === id)!;
    const pts = (list: { index: number; rating: number; date: string }[]) =>
      list.map((p) => [p.index, p.date, p.rating]);
    expect(course.ratings.map((r) => r.fieldId)).toEqual([
      'infrastructure',
      'neighbourhood',
      'participation',
      'housing',
      'public-spaces',
      'image-safety',
      'climate',
      'mobility',
      'local-supply',
      'local-economy',
    ]);
    expect(pts(field('infrastructure').outside)).toEqual([
      [0, '2024-03-10', 2],
      [1, '2024-10-05', 3],
      [3, '2026-02-01', 4],
    ]);
    expect(pts(field('infrastructure').local)).toEqual([
      [0, '2024-03-10', 3],
      [2, '2025-05-20', 4],
    ]);
    expect(pts(field('housing').outside)).toEqual([[1, '2024-10-05', 2]]);
    expect(field('housing').local).toEqual([]);
    expect(field('climate')).toEqual({ fieldId: 'climate', outside: [], local: [] });
    expect(field('mobility').outside).toEqual([]);
  });

  it('counts needs opened at, closed up to and open at each visit; steps and other visits do not count', () => {
    expect(course.visits.map((v) => [v.visit.id, v.needs])).toEqual([
      ['v1', { opened: 2, closed: 0, open: 2, closedUnknownDay: 0 }],
      ['v2', { opened: 2, closed: 1, open: 2, closedUnknownDay: 1 }],
      ['v3', { opened: 1, closed: 1, open: 2, closedUnknownDay: 1 }],
      ['v4', { opened: 3, closed: 1, open: 4, closedUnknownDay: 1 }],
      ['v5', { opened: 0, closed: 1, open: 3, closedUnknownDay: 1 }],
    ]);
    // Since v4, the latest visit held (v5 is planned): n6 and n7.
    expect(course.closedSinceLatest).toBe(2);
    expect(course.openNow).toBe(2);
    expect(course.closedUnknownDay).toBe(1);
  });

  it('never counts a need closed before the visit that agreed it as closed at an earlier visit', () => {
    const early = siteCourse({ ...input, followUps: [need('e', 'v3', 'done', '2024-01-01')] });
    expect(early.visits.map((v) => v.needs.closed)).toEqual([0, 0, 1, 0, 0]);
    expect(early.visits.map((v) => v.needs.open)).toEqual([0, 0, 0, 0, 0]);
  });

  it('answers an empty course for a site without visits', () => {
    const none = siteCourse({ visits: [], observations: [], fieldRatings: [], followUps: [] });
    expect(none.visits).toEqual([]);
    expect(none.phases).toEqual([]);
    expect(none.ratings).toHaveLength(10);
    expect(none.ratings.every((r) => r.outside.length === 0 && r.local.length === 0)).toBe(true);
    expect([none.openNow, none.closedSinceLatest, none.closedUnknownDay]).toEqual([0, 0, 0]);
  });
});
