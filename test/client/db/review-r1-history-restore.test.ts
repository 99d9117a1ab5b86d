// "Diesen Wert wiederherstellen" on a need (history-restore.ts) offers what the need's own
// controls and the server take: its tracking fields also on a submitted or approved visit (the
// server applies a tracking patch there), but never a closing day apart from its status, nor a
// link's state or note while no offer is linked (a need with matchStatus and no offer).
import { describe, expect, it } from 'vitest';
import { mayRestoreValue } from '../../../src/client/db/history-restore';
import type { User } from '../../../src/shared/auth';

const SITE = '01a237e7-0000-7000-8000-000000000001';
const user = (role: User['role'], siteId: string | null = null): User => ({
  id: `${role}-id`,
  email: `${role}@example.org`,
  name: role,
  role,
  siteId,
  disabled: false,
});
const member = user('member');
const qm = user('quartiersmanagement', SITE);
const need = (over: Record<string, unknown> = {}) => ({
  _deleted: 0 as const,
  id: 'fu',
  visitId: 'v',
  siteId: SITE,
  kind: 'need',
  description: 'Beratung',
  owner: 'Frau Peters',
  dueDate: '2026-07-01',
  status: 'in-progress',
  closedAt: null,
  offerId: null,
  matchStatus: null,
  matchNote: '',
  ...over,
});
const at = (status: 'in-progress' | 'submitted' | 'approved') => ({ siteId: SITE, status });

describe('restoring a value of a need', () => {
  it('offers its tracking fields on a submitted or approved visit, not its description', () => {
    for (const s of ['submitted', 'approved'] as const) {
      expect(mayRestoreValue(member, 'followUp', 'owner', 'Herr Kaya', need(), at(s))).toBe(true);
      expect(mayRestoreValue(qm, 'followUp', 'dueDate', '2026-08-01', need(), at(s))).toBe(true);
      expect(mayRestoreValue(member, 'followUp', 'status', 'open', need(), at(s))).toBe(true);
      expect(mayRestoreValue(member, 'followUp', 'description', 'alt', need(), at(s))).toBe(false);
    }
  });

  it('never puts back the closing day apart from the status', () => {
    expect(
      mayRestoreValue(member, 'followUp', 'closedAt', '2026-05-01', need(), at('in-progress')),
    ).toBe(false);
  });

  it("puts back a link's state or note only while an offer is linked", () => {
    const linked = need({ offerId: '01a237e7-0000-7000-8000-0000000000aa', matchStatus: 'agreed' });
    expect(
      mayRestoreValue(member, 'followUp', 'matchStatus', 'contacted', need(), at('in-progress')),
    ).toBe(false);
    expect(mayRestoreValue(member, 'followUp', 'matchNote', 'alt', need(), at('in-progress'))).toBe(
      false,
    );
    expect(
      mayRestoreValue(member, 'followUp', 'matchStatus', 'contacted', linked, at('approved')),
    ).toBe(true);
  });
});

describe('restoring the offer link itself', () => {
  it('is left to linking and unlinking, which set its state with it', () => {
    const linked = need({ offerId: '01a237e7-0000-7000-8000-0000000000aa', matchStatus: 'agreed' });
    expect(mayRestoreValue(member, 'followUp', 'offerId', null, linked, at('in-progress'))).toBe(
      false,
    );
  });
});
