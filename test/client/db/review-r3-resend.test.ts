// "Alle erneut senden" is offered only where the server would take the change now: a rating is
// given only from the perspective that is the person's (canRatePerspective), so a refused
// self-assessment of an account that has become a member's is not offered again, an outside view
// is; a coordinator may send both.
import { describe, expect, it } from 'vitest';
import type { User } from '../../../src/shared/auth';
import { fieldRatingId } from '../../../src/shared/domain/schemas';
import { type RejectionGroup, resendable } from '../../../src/client/db/review-queries';

const visitId = '01a237e6-e9f8-7243-bda4-e08e621c2101';
const siteId = '01a237e6-e9f8-7243-bda4-e08e621c2102';

function refusedRating(perspective: 'local' | 'outside'): RejectionGroup {
  const id = fieldRatingId(visitId, perspective, 'housing');
  const record = {
    id,
    visitId,
    fieldId: 'housing',
    perspective,
    rating: 3,
    note: '',
    _v: 0,
    _deleted: 0,
  };
  const head = {
    id: `r-${perspective}`,
    mutationId: `m-${perspective}`,
    clientId: 'c',
    entity: 'fieldRating',
    entityId: id,
    code: 'forbidden',
    message: '',
    path: 'perspective',
    payload: { op: 'create', fields: record, baseVersion: null, clientSeq: 1 },
    createdAt: '2026-06-02T10:00:00.000Z',
    resolved: 0 as const,
    visitId,
    siteId,
    parentSynced: true,
    visitStatus: 'in-progress' as const,
    ctx: { entity: 'fieldRating', record, visit: { date: '2026-06-02' }, site: null },
  };
  return { id: head.id, head, members: [] };
}

const user = (role: User['role']): User => ({
  id: 'u1',
  email: 'u1@example.org',
  name: 'U',
  role,
  siteId: role === 'quartiersmanagement' ? siteId : null,
  disabled: false,
});

describe('resending a refused rating', () => {
  it('is offered only for a perspective the person may give', () => {
    expect(resendable(refusedRating('local'), user('member'))).toEqual([]);
    expect(resendable(refusedRating('outside'), user('quartiersmanagement'))).toEqual([]);
    expect(resendable(refusedRating('outside'), user('member'))).toHaveLength(1);
    expect(resendable(refusedRating('local'), user('quartiersmanagement'))).toHaveLength(1);
    expect(resendable(refusedRating('local'), user('coordinator'))).toHaveLength(1);
  });
});

function refusedNeed(linkNow: string | null, offerSynced = false): RejectionGroup {
  const id = '01a237e6-e9f8-7243-bda4-e08e621c2103';
  const sent = {
    visitId,
    siteId,
    fieldId: null,
    kind: 'need',
    description: 'Beteiligung der Jugendlichen',
    offerType: 'tutorial',
    owner: '',
    dueDate: null,
    status: 'open',
    createdAt: '2026-06-02T10:00:00.000Z',
    offerId: '01a237e6-e9f8-7243-bda4-e08e621c2104',
    matchStatus: 'proposed',
    matchNote: '',
  };
  const record = {
    ...sent,
    id,
    offerId: linkNow,
    matchStatus: linkNow ? 'proposed' : null,
    _v: 0,
    _deleted: 0,
  };
  const head = {
    id: 'r-need',
    mutationId: 'm-need',
    clientId: 'c',
    entity: 'followUp',
    entityId: id,
    code: 'invalid',
    message: '',
    path: 'offerId',
    payload: { op: 'create', fields: sent, baseVersion: null, clientSeq: 2 },
    createdAt: '2026-06-02T10:00:00.000Z',
    resolved: 0 as const,
    visitId,
    siteId,
    parentSynced: true,
    visitStatus: 'in-progress' as const,
    ...(linkNow ? { offerSynced } : {}),
    ctx: { entity: 'followUp', record, visit: { date: '2026-06-02' }, site: null },
  };
  return { id: head.id, head, members: [] };
}

describe('resending a need refused for its offer link', () => {
  it('waits until the need links no offer or one the server has: an unknown one is refused again', () => {
    const offer = '01a237e6-e9f8-7243-bda4-e08e621c2104';
    expect(resendable(refusedNeed(offer), user('member'))).toEqual([]);
    expect(resendable(refusedNeed(null), user('member'))).toHaveLength(1);
    expect(resendable(refusedNeed(offer, true), user('member'))).toHaveLength(1);
  });
});
