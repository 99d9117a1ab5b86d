import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MergeInput, type MergeState, merge } from '../../../src/shared/sync/merge';

const FIELDS = ['a', 'b', 'c'] as const;
const value = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.constantFrom('x', 'y'),
  fc.constant(null),
);
const fieldsArb = fc.dictionary(fc.constantFrom(...FIELDS), value, { minKeys: 1 });
const created = (seq: number): MergeState => ({
  data: { id: 'r', a: 0, b: 0, c: 0 },
  fieldVersions: { id: seq, a: seq, b: seq, c: seq },
  fieldWriters: { id: 'origin', a: 'origin', b: 'origin', c: 'origin' },
  version: seq,
  createdSeq: seq,
  deleted: false,
  deletedSeq: null,
});
/** merge with `id` as the field no mutation may change. */
const at = (s: MergeState, seq: number, input: MergeInput) => merge(s, input, seq, ['id']);
/** A patch of `fields` by `clientId` that had seen version `baseVersion`. */
const patch = (
  clientId: string,
  baseVersion: number,
  fields: Record<string, unknown>,
): MergeInput => ({ op: 'patch', fields, clientId, baseVersion });

const mutation = fc.record({
  op: fc.constantFrom('patch', 'delete', 'restore', 'create') as fc.Arbitrary<MergeInput['op']>,
  fields: fieldsArb,
  clientId: fc.constantFrom('c1', 'c2', 'c3'),
  seen: fc.boolean(),
});

/** Runs mutations in order; `seen` decides whether a mutation saw the state before it. */
function run(
  ms: { op: MergeInput['op']; fields: Record<string, unknown>; clientId: string; seen: boolean }[],
) {
  let state = created(1);
  let seq = 1;
  const states = [state];
  for (const m of ms) {
    const out = at(state, ++seq, {
      op: m.op,
      fields: m.fields,
      clientId: m.clientId,
      baseVersion: m.seen ? state.version : 1,
    });
    if (out.next) state = out.next;
    states.push(state);
  }
  return states;
}

describe('merge (pure conflict policy)', () => {
  // (Conflicts of a re-applied mutation are not re-recorded by the server: a replay is answered
  // from applied_mutations before merge runs — see sync-basics.test.ts.)
  it('is idempotent: the same mutation applied twice leaves the state of one application', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 6 }), mutation, (prefix, m) => {
        const s = run(prefix).at(-1)!;
        const input = { op: m.op, fields: m.fields, clientId: m.clientId, baseVersion: s.version };
        const once = at(s, 1000, input);
        const after = once.next ?? s;
        const twice = at(after, 1001, { ...input, baseVersion: after.version });
        const final = twice.next ?? after;
        expect(final.data).toEqual(after.data);
        expect(final.deleted).toBe(after.deleted);
      }),
    );
  });

  it('first committed wins: an unseen concurrent edit of the same field keeps the first value and records the second', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS), value, value, (f, v1, v2) => {
        fc.pre(v1 !== v2 && v1 !== 0 && v2 !== 0);
        const first = at(created(1), 2, patch('c1', 1, { [f]: v1 })).next!;
        const second = at(first, 3, patch('c2', 1, { [f]: v2 }));
        expect(second.next).toBeNull();
        expect(second.conflicts).toEqual([
          { kind: 'field', field: f, serverValue: v1, clientValue: v2 },
        ]);
      }),
    );
  });

  it('concurrent edits of different fields both apply without a conflict', () => {
    const first = at(created(1), 2, patch('c1', 1, { a: 1 })).next!;
    const second = at(first, 3, patch('c2', 1, { b: 2 }));
    expect(second.conflicts).toEqual([]);
    expect(second.next!.data).toMatchObject({ a: 1, b: 2 });
  });

  it('a client never conflicts with its own earlier unsynced edits', () => {
    const first = at(created(1), 2, patch('c1', 1, { a: 1 })).next!;
    const second = at(first, 3, patch('c1', 1, { a: 2 }));
    expect(second.conflicts).toEqual([]);
    expect(second.next!.data['a']).toBe(2);
  });

  it('never resurrects: after a delete, only restore makes the row live again', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 8 }), (ms) => {
        const states = run(ms);
        for (let i = 1; i < states.length; i++) {
          if (states[i - 1]!.deleted && !states[i]!.deleted) expect(ms[i - 1]!.op).toBe('restore');
        }
      }),
    );
  });

  it('never changes a field silently: every differing unseen field write is applied or recorded', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 8 }), (ms) => {
        let state = created(1),
          seq = 1;
        for (const m of ms) {
          if (m.op !== 'patch') continue;
          const out = at(state, ++seq, patch(m.clientId, m.seen ? state.version : 1, m.fields));
          const after = out.next ?? state;
          for (const [f, v] of Object.entries(m.fields)) {
            const recorded = out.conflicts.some(
              (c) =>
                c.field === f ||
                (c.kind === 'edit_on_deleted' &&
                  (c.clientValue as Record<string, unknown>)[f] === v),
            );
            expect(after.data[f] === v || recorded).toBe(true);
          }
          state = after;
        }
      }),
    );
  });

  it('delete over unseen edits tombstones and records the edits; delete over seen edits does not', () => {
    const edited = at(created(1), 2, patch('c1', 1, { a: 5 })).next!;
    const unseen = at(edited, 3, { op: 'delete', fields: {}, clientId: 'c2', baseVersion: 1 });
    expect(unseen.next!.deleted).toBe(true);
    expect(unseen.conflicts).toEqual([
      { kind: 'delete_with_unseen_edits', field: null, serverValue: { a: 5 }, clientValue: null },
    ]);
    const seen = at(edited, 3, { op: 'delete', fields: {}, clientId: 'c2', baseVersion: 2 });
    expect(seen.conflicts).toEqual([]);
  });

  it('create on an existing id converges when values are equal', () => {
    const base = created(1);
    const out = at(base, 2, {
      op: 'create',
      fields: { ...base.data },
      clientId: 'c2',
      baseVersion: null,
    });
    expect(out).toEqual({ next: null, conflicts: [], changedFields: [] });
  });
});
