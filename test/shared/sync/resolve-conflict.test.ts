import { describe, expect, it } from 'vitest';
import { conflictOutcome } from '../../../src/shared/sync/resolve-conflict';
import { resolutionOverlay } from '../../../src/shared/sync/resolution-overlay';
import type { ConflictRecord } from '../../../src/shared/protocol';

const base = {
  id: 'c1',
  entityId: 'o1',
  mutationId: 'm1',
  author: 'b',
  status: 'open',
  resolution: null,
  createdAt: '2026-05-04T00:00:00.000Z',
} as const;
const field: ConflictRecord = {
  ...base,
  entity: 'observation',
  kind: 'field',
  field: 'text',
  serverValue: 'first',
  clientValue: 'second',
};
// A create that arrived after a delete: its fields carry immutable ones (id, visitId, createdAt).
const created = {
  id: 'o1',
  visitId: 'v1',
  createdAt: '2026-05-04T00:00:00.000Z',
  text: 'second',
  rating: 2,
};
const onDeleted: ConflictRecord = {
  ...base,
  entity: 'observation',
  kind: 'edit_on_deleted',
  field: null,
  serverValue: null,
  clientValue: created,
};
const unseen: ConflictRecord = {
  ...base,
  entity: 'observation',
  kind: 'delete_with_unseen_edits',
  field: null,
  serverValue: null,
  clientValue: null,
};

describe('conflictOutcome: the one rule for how a recorded conflict ends', () => {
  it('field: mine writes the second value, edited the given one, theirs writes nothing and keeps the first', () => {
    expect(conflictOutcome(field, 'mine', undefined, false)).toEqual({
      restore: false,
      fields: { text: 'second' },
      kept: {},
    });
    expect(conflictOutcome(field, 'edited', 'merged', false)).toEqual({
      restore: false,
      fields: { text: 'merged' },
      kept: {},
    });
    expect(conflictOutcome(field, 'theirs', 'ignored', false)).toEqual({
      restore: false,
      fields: {},
      kept: { text: 'first' },
    });
  });

  it('edit_on_deleted: mine restores with the mutable client fields, edited with the given object, theirs stays deleted', () => {
    expect(conflictOutcome(onDeleted, 'mine', undefined, true)).toEqual({
      restore: true,
      fields: { text: 'second', rating: 2 },
      kept: {},
    });
    expect(conflictOutcome(onDeleted, 'edited', { text: 'x', visitId: 'other' }, true)).toEqual({
      restore: true,
      fields: { text: 'x' },
      kept: {},
    });
    expect(conflictOutcome(onDeleted, 'edited', ['not', 'an', 'object'], true)).toEqual({
      restore: true,
      fields: {},
      kept: {},
    });
    expect(conflictOutcome(onDeleted, 'theirs', undefined, true)).toEqual({
      restore: false,
      fields: {},
      kept: {},
    });
  });

  it('delete_with_unseen_edits: theirs restores, mine and edited stay deleted, no fields either way', () => {
    expect(conflictOutcome(unseen, 'theirs', undefined, true)).toEqual({
      restore: true,
      fields: {},
      kept: {},
    });
    expect(conflictOutcome(unseen, 'mine', undefined, true)).toEqual({
      restore: false,
      fields: {},
      kept: {},
    });
    expect(conflictOutcome(unseen, 'edited', { text: 'x' }, true)).toEqual({
      restore: false,
      fields: {},
      kept: {},
    });
  });

  it('a live record is never restored', () => {
    expect(conflictOutcome(onDeleted, 'mine', undefined, false).restore).toBe(false);
    expect(conflictOutcome(unseen, 'theirs', undefined, false).restore).toBe(false);
  });
});

describe('resolutionOverlay replays the same rule on the pulled row', () => {
  it('field: a patch for mine/edited, nothing for theirs (the pulled row holds the first value)', () => {
    expect(resolutionOverlay(field, { resolution: 'mine' })).toEqual([
      { op: 'patch', fields: { text: 'second' } },
    ]);
    expect(resolutionOverlay(field, { resolution: 'edited', value: 'merged' })).toEqual([
      { op: 'patch', fields: { text: 'merged' } },
    ]);
    expect(resolutionOverlay(field, { resolution: 'theirs' })).toEqual([]);
  });

  it('restoring kinds: restore then the chosen fields; staying deleted: nothing', () => {
    expect(resolutionOverlay(onDeleted, { resolution: 'mine' })).toEqual([
      { op: 'restore', fields: {} },
      { op: 'patch', fields: { text: 'second', rating: 2 } },
    ]);
    expect(resolutionOverlay(unseen, { resolution: 'theirs' })).toEqual([
      { op: 'restore', fields: {} },
      { op: 'patch', fields: {} },
    ]);
    expect(resolutionOverlay(onDeleted, { resolution: 'theirs' })).toEqual([]);
    expect(resolutionOverlay(unseen, { resolution: 'edited', value: { text: 'x' } })).toEqual([]);
  });
});
