// The review loop's policy as a table: every person × every state a visit is in × every state it
// could be moved to (src/shared/policy.ts visitStatusTargets), and which states lock a visit's
// content for whom (isVisitLocked). The server enforces these answers
// (test/server/review-rules.test.ts) and the visit page offers exactly these buttons.
import { describe, expect, it } from 'vitest';
import type { VisitStatus } from '../../src/shared/domain/schemas';
import { VISIT_STATUSES } from '../../src/shared/domain/vocab';
import {
  canResolveConflict,
  isVisitLocked,
  mayEditVisitContent,
  visitStatusTargets,
} from '../../src/shared/policy';
import { PEOPLE, type Person } from '../support/people';

const STATES = Object.keys(VISIT_STATUSES) as VisitStatus[];

/** The visitor's moves, written out from docs/architecture.md §Review. */
const VISITOR: Record<VisitStatus, VisitStatus[]> = {
  planned: ['in-progress'],
  'in-progress': ['submitted'],
  submitted: ['in-progress'],
  returned: ['in-progress', 'submitted'],
  approved: [],
  done: ['in-progress'],
};

function allowed(p: Person, from: VisitStatus, to: VisitStatus): boolean {
  if (from === to || to === 'done') return false;
  if (p === 'coordinator') return true;
  if (p === 'member' || p === 'qm') return VISITOR[from].includes(to);
  return false;
}

describe('review policy: who may move a visit at site-a from which state to which', () => {
  const cells: [Person, VisitStatus, VisitStatus][] = [];
  for (const p of Object.keys(PEOPLE) as Person[])
    for (const from of STATES) for (const to of STATES) cells.push([p, from, to]);

  it.each(cells)('%s: %s → %s', (p, from, to) => {
    const targets = visitStatusTargets(PEOPLE[p], from, 'site-a');
    expect(targets.includes(to)).toBe(allowed(p, from, to));
  });

  it('offers the states in the order of the vocabulary, never the legacy done', () => {
    expect(visitStatusTargets(PEOPLE.coordinator, 'submitted', 'site-a')).toEqual([
      'planned',
      'in-progress',
      'returned',
      'approved',
    ]);
    expect(visitStatusTargets(PEOPLE.member, 'returned', 'site-a')).toEqual([
      'in-progress',
      'submitted',
    ]);
  });
});

describe('review policy: which states lock a visit and its children', () => {
  const LOCKED: VisitStatus[] = ['submitted', 'done', 'approved'];
  const cells: [Person, VisitStatus][] = [];
  for (const p of Object.keys(PEOPLE) as Person[]) for (const s of STATES) cells.push([p, s]);

  it.each(cells)('%s, visit %s', (p, status) => {
    const expected = p.startsWith('disabled')
      ? true
      : p === 'coordinator'
        ? false
        : LOCKED.includes(status);
    expect(isVisitLocked(PEOPLE[p], status)).toBe(expected);
  });

  it('content is editable where the site allows it and the state does not lock it', () => {
    expect(mayEditVisitContent(PEOPLE.member, { siteId: 'site-a', status: 'returned' })).toBe(true);
    expect(mayEditVisitContent(PEOPLE.member, { siteId: 'site-a', status: 'submitted' })).toBe(
      false,
    );
    expect(mayEditVisitContent(PEOPLE.qm, { siteId: 'site-b', status: 'in-progress' })).toBe(false);
    expect(mayEditVisitContent(PEOPLE.coordinator, { siteId: 'site-b', status: 'approved' })).toBe(
      true,
    );
  });

  it('a conflict on a locked visit waits for a coordinator or a return', () => {
    const at = (visitStatus: VisitStatus) => ({ siteId: 'site-a', createdBy: null, visitStatus });
    expect(canResolveConflict(PEOPLE.member, 'observation', at('submitted'))).toBe(false);
    expect(canResolveConflict(PEOPLE.member, 'observation', at('returned'))).toBe(true);
    expect(canResolveConflict(PEOPLE.coordinator, 'observation', at('approved'))).toBe(true);
  });
});
