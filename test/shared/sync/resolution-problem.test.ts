// The whole-record check of a conflict decision (docs/architecture.md §Merge) and the overlay that
// shows a queued decision: a decision without its value never erases a field, locally or remotely.
import { describe, expect, it } from 'vitest';
import type { ConflictRecord } from '../../../src/shared/protocol';
import { resolutionOverlay } from '../../../src/shared/sync/resolution-overlay';
import { conflictOutcome, resolutionProblem } from '../../../src/shared/sync/resolve-conflict';
import { visitFields } from '../../support/rows';

const visit = visitFields('site-1');
const conflict = (over: Partial<ConflictRecord> = {}): ConflictRecord => ({
  id: 'c1',
  entity: 'visit',
  entityId: visit.id,
  kind: 'field',
  field: 'date',
  serverValue: '2026-05-01',
  clientValue: '2026-06-01',
  mutationId: 'm1',
  author: 'a@example.org',
  status: 'open',
  resolution: null,
  createdAt: '2026-05-01T10:00:00.000Z',
  ...over,
});
const problem = (c: ConflictRecord, res: 'mine' | 'theirs' | 'edited', value: unknown) =>
  resolutionProblem(c, res, value, visit, conflictOutcome(c, res, value, false));

describe('resolutionProblem', () => {
  it.each([
    ['edited without value', 'edited', undefined, 'invalid'],
    ['edited with null', 'edited', null, 'invalid'],
    ['edited with a number', 'edited', 7, 'invalid'],
    ['edited with a bad date', 'edited', '05.05.2026', 'invalid'],
  ] as const)('%s → %s', (_n, res, value, code) => {
    expect(problem(conflict(), res, value)?.code).toBe(code);
  });

  it('valid decisions pass: mine, theirs, edited with a date', () => {
    expect(problem(conflict(), 'mine', undefined)).toBeNull();
    expect(problem(conflict(), 'theirs', undefined)).toBeNull();
    expect(problem(conflict(), 'edited', '2026-07-07')).toBeNull();
  });

  it('an edit_on_deleted value may not change identity fields', () => {
    const c = conflict({ kind: 'edit_on_deleted', field: null, clientValue: { goals: 'x' } });
    expect(problem(c, 'edited', { siteId: 'site-2', goals: 'y' })?.code).toBe('immutable_field');
    expect(problem(c, 'edited', { siteId: 'site-1', goals: 'y' })).toBeNull();
    expect(problem(c, 'edited', 'y')?.code).toBe('invalid');
  });
});

describe('resolutionOverlay', () => {
  it('a queued "edited" without value shows nothing (it never erases the field)', () => {
    expect(resolutionOverlay(conflict(), { conflictId: 'c1', resolution: 'edited' })).toEqual([]);
    expect(
      resolutionOverlay(conflict(), {
        conflictId: 'c1',
        resolution: 'edited',
        value: '2026-07-07',
      }),
    ).toEqual([{ op: 'patch', fields: { date: '2026-07-07' } }]);
  });
});
