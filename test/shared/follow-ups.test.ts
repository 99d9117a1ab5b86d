import { describe, expect, it } from 'vitest';
import { followUpStatusPatch, isOpenFollowUp, isOverdue } from '../../src/shared/domain/follow-ups';

describe('follow-up tracking', () => {
  it('counts open and in-progress as open, done and dropped as closed', () => {
    expect(
      ['open', 'in-progress', 'done', 'dropped'].map((s) => isOpenFollowUp({ status: s as never })),
    ).toEqual([true, true, false, false]);
  });

  it('marks an open follow-up overdue only after its due day', () => {
    expect(isOverdue({ status: 'open', dueDate: '2026-12-01' }, '2026-12-02')).toBe(true);
    expect(isOverdue({ status: 'open', dueDate: '2026-12-02' }, '2026-12-02')).toBe(false);
    expect(isOverdue({ status: 'in-progress', dueDate: '2026-11-01' }, '2026-12-02')).toBe(true);
    expect(isOverdue({ status: 'done', dueDate: '2026-11-01' }, '2026-12-02')).toBe(false);
    expect(isOverdue({ status: 'open', dueDate: null }, '2026-12-02')).toBe(false);
  });

  it('records the day a follow-up closes, keeps it between closed states, clears it on reopening', () => {
    const open = { status: 'open' as const, closedAt: null };
    expect(followUpStatusPatch(open, 'done', '2026-12-02')).toEqual({
      status: 'done',
      closedAt: '2026-12-02',
    });
    const done = { status: 'done' as const, closedAt: '2026-11-20' };
    expect(followUpStatusPatch(done, 'dropped', '2026-12-02')).toEqual({
      status: 'dropped',
      closedAt: '2026-11-20',
    });
    expect(followUpStatusPatch(done, 'in-progress', '2026-12-02')).toEqual({
      status: 'in-progress',
      closedAt: null,
    });
    // a follow-up closed by an app from before closedAt: the day it is seen closed again
    expect(
      followUpStatusPatch({ status: 'done', closedAt: undefined }, 'dropped', '2026-12-02'),
    ).toEqual({
      status: 'dropped',
      closedAt: '2026-12-02',
    });
  });
});
