// Who decides a conflict on an advisory record (src/shared/policy.ts canResolveConflict): a
// follow-up's tracking field stays decidable on a submitted or approved visit, its other fields
// wait for the review; a rating's conflict is decided only by who may give its perspective. The
// server answers the same (test/server/advisory-seams.test.ts).
import { describe, expect, it } from 'vitest';
import type { VisitStatus } from '../../src/shared/domain/schemas';
import { FOLLOW_UP_TRACKING, canResolveConflict } from '../../src/shared/policy';
import { PEOPLE, type Person } from '../support/people';

const at = (visitStatus: VisitStatus, more: { field?: string | null } = {}) => ({
  siteId: 'site-a',
  createdBy: null,
  visitStatus,
  ...more,
});

describe('a conflict on a follow-up of a locked visit', () => {
  it.each(
    FOLLOW_UP_TRACKING.flatMap((f) =>
      (['submitted', 'approved'] as const).map((s): [string, VisitStatus] => [f, s]),
    ),
  )(
    'tracking field %s on a %s visit: the member and the Quartiersmanagement decide',
    (field, status) => {
      for (const p of ['member', 'qm', 'coordinator'] as const)
        expect(canResolveConflict(PEOPLE[p], 'followUp', at(status, { field }))).toBe(true);
      expect(canResolveConflict(PEOPLE.qmOtherSite, 'followUp', at(status, { field }))).toBe(false);
      expect(canResolveConflict(PEOPLE.disabledMember, 'followUp', at(status, { field }))).toBe(
        false,
      );
    },
  );

  it.each(['description', 'kind', null])('field %s waits for the review', (field) => {
    expect(canResolveConflict(PEOPLE.member, 'followUp', at('submitted', { field }))).toBe(false);
    expect(canResolveConflict(PEOPLE.qm, 'followUp', at('approved', { field }))).toBe(false);
    expect(canResolveConflict(PEOPLE.coordinator, 'followUp', at('approved', { field }))).toBe(
      true,
    );
  });

  it('another entity with a field of the same name is not tracking', () => {
    expect(
      canResolveConflict(PEOPLE.member, 'observation', at('submitted', { field: 'status' })),
    ).toBe(false);
  });
});

describe('a conflict on a rating', () => {
  const cases: [Person, 'local' | 'outside', boolean][] = [
    ['member', 'outside', true],
    ['member', 'local', false],
    ['qm', 'local', true],
    ['qm', 'outside', false],
    ['qmOtherSite', 'local', false],
    ['coordinator', 'local', true],
    ['coordinator', 'outside', true],
  ];
  it.each(cases)('%s decides a %s rating: %s', (p, perspective, expected) => {
    const target = { ...at('in-progress'), perspective };
    expect(canResolveConflict(PEOPLE[p], 'fieldRating', target)).toBe(expected);
  });
});
