import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rebase, type OverlayEntry } from '../../../src/shared/sync/rebase';

const fieldName = fc.constantFrom('text', 'rating', 'place', 'note');
const value = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.integer({ min: 0, max: 5 }),
  fc.constant(null),
);
const entry: fc.Arbitrary<OverlayEntry> = fc.oneof(
  fc.record({
    op: fc.constant('patch' as const),
    fields: fc.dictionary(fieldName, value, { maxKeys: 3 }),
  }),
  fc.record({
    op: fc.constantFrom('delete' as const, 'restore' as const),
    fields: fc.constant({}),
  }),
);
const base = fc.record({ row: fc.dictionary(fieldName, value), deleted: fc.boolean() });

describe('rebase: server row ⊕ queued mutations', () => {
  it('the last queued write of a field wins; fields nobody queued keep the server value', () => {
    fc.assert(
      fc.property(base, fc.array(entry, { maxLength: 6 }), (b, entries) => {
        const row = rebase('x', 7, b, entries)!;
        for (const f of ['text', 'rating', 'place', 'note']) {
          const last = [...entries].reverse().find((e) => f in e.fields);
          expect(row[f]).toEqual(last ? last.fields[f] : b.row[f]);
        }
        const flip = [...entries].reverse().find((e) => e.op === 'delete' || e.op === 'restore');
        expect(row._deleted).toBe(flip ? (flip.op === 'delete' ? 1 : 0) : b.deleted ? 1 : 0);
        expect(row._v).toBe(7);
      }),
    );
  });

  it('replaying the queue on its own result changes nothing (a row can serve as its own base)', () => {
    fc.assert(
      fc.property(base, fc.array(entry, { maxLength: 6 }), (b, entries) => {
        const once = rebase('x', 3, b, entries)!;
        const { _v, _deleted, _base, id: _id, ...fields } = once;
        const twice = rebase('x', 3, { row: fields, deleted: _deleted === 1 }, entries)!;
        expect({ ...twice, _base: undefined }).toEqual({ ...once, _base: undefined });
      }),
    );
  });

  it('without a server row or a queued write there is nothing to show', () => {
    expect(rebase('x', 0, null, [])).toBeNull();
    expect(rebase('x', 0, { row: null, deleted: true }, [])).toBeNull();
  });
});
