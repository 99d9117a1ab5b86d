// Who may comment on a visit, change a comment's words, mark it done or delete it
// (src/shared/policy.ts canComment, canEditCommentText, canSettleComment): every person × every
// visit state, their own comment and someone else's. The server enforces the same answers
// (test/server/review-comments.test.ts).
import { describe, expect, it } from 'vitest';
import type { VisitStatus } from '../../src/shared/domain/schemas';
import { canComment, canEditCommentText, canSettleComment } from '../../src/shared/policy';
import { PEOPLE, type Person } from '../support/people';

const STATES: VisitStatus[] = [
  'planned',
  'in-progress',
  'submitted',
  'returned',
  'approved',
  'done',
];

function mayComment(p: Person, status: VisitStatus): boolean {
  if (p.startsWith('disabled') || p === 'qmWithoutSite' || p === 'qmOtherSite') return false;
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
