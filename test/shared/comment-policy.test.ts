// Who may comment on a visit, change a comment's words, mark it done or delete it
// (src/shared/policy.ts canComment, canEditCommentText, canSettleComment): every person × every
// visit state, their own comment and someone else's. The server enforces the same answers
// (test/server/review-comments.test.ts).
import { describe, expect, it } from 'vitest';
import type { User } from '../../src/shared/auth';
import type { VisitStatus } from '../../src/shared/domain/schemas';
import { canComment, canEditCommentText, canSettleComment } from '../../src/shared/policy';

const user = (role: User['role'], over: Partial<User> = {}): User => ({
  id: `u-${role}`,
  email: `${role}@example.org`,
  name: role,
  role,
  siteId: role === 'quartiersmanagement' ? 'site-a' : null,
  disabled: false,
  ...over,
});
const PEOPLE = {
  coordinator: user('coordinator'),
  member: user('member'),
  qm: user('quartiersmanagement'),
  qmOtherSite: user('quartiersmanagement', { siteId: 'site-b' }),
  qmWithoutSite: user('quartiersmanagement', { siteId: null }),
  disabledCoordinator: user('coordinator', { disabled: true }),
} as const;
type Person = keyof typeof PEOPLE;
const STATES: VisitStatus[] = [
  'planned',
  'in-progress',
  'submitted',
  'returned',
  'approved',
  'done',
];

function mayComment(p: Person, status: VisitStatus): boolean {
  if (p === 'disabledCoordinator' || p === 'qmWithoutSite' || p === 'qmOtherSite') return false;
  return p === 'coordinator' || status !== 'approved';
}

describe('review comment policy', () => {
  for (const p of Object.keys(PEOPLE) as Person[])
    for (const status of STATES)
      it(`${p} on a ${status} visit`, () => {
        const u = PEOPLE[p];
        const visit = { siteId: 'site-a', status };
        const mine = { createdBy: u.id };
        const theirs = { createdBy: 'someone-else' };
        const may = mayComment(p, status);
        expect(canComment(u, visit)).toBe(may);
        expect(canEditCommentText(u, visit, mine)).toBe(may);
        expect(canEditCommentText(u, visit, theirs)).toBe(false);
        expect(canEditCommentText(u, visit, { createdBy: null })).toBe(false);
        expect(canSettleComment(u, visit, mine)).toBe(may);
        expect(canSettleComment(u, visit, theirs)).toBe(may && p === 'coordinator');
      });
});
