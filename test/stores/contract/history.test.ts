// The store contract, record history: a create's row (field null, its value the create's fields
// as one object, sync/history-writer.ts) reads back unchanged, any JSON value in it; a record's rows page after a
// seq, oldest first; a field's value before a change is the last non-conflict row that wrote it,
// or the create's row's value of it (null when the create did not set it), whichever is newer;
// rows written one per field by the create before (insert) are read the same way.
import { expect, it } from 'vitest';
import type { NewHistoryEntry } from '../../../src/server/store/types';
import { eachStore } from './each-store';

/** Who wrote a visit's observation, and when: every row of these cases shares it. */
const meta = {
  ...{ entity: 'observation', entityId: 'obs-1', op: 'create' as const, conflictId: null },
  ...{ siteId: 'site-1', visitId: 'visit-1', userId: 'user-1', clientId: 'client-1' },
  at: '2026-05-01T10:00:00.000Z',
};

/** Values of every JSON kind, and text JSON must escape (quotes, controls, NUL, a lone surrogate). */
const values: Record<string, unknown> = {
  id: 'obs-1',
  quoted: 'Bänke fehlen, "Zitat" \\ Zeile\nzwei\t😀',
  withNul: 'vor\u0000nach',
  loneSurrogate: 'x\ud800y',
  count: 4,
  latitude: 52.520008,
  inexact: 0.1 + 0.2,
  huge: 1e21,
  negative: -0.5,
  yes: true,
  no: false,
  list: ['a', 'b', 3],
  object: { name: 'N', phone: '', z: 1, a: 2 },
  emptyText: '',
  nothing: null,
  absent: undefined,
};
/** What a create's row holds (the writer leaves out `id`; JSON has no undefined). */
const fields = Object.entries(values).filter(([k, v]) => k !== 'id' && v !== undefined);
/** A create's one row of its fields, as sync/history-writer.ts writes it. */
const createRow = (m: typeof meta, of: [string, unknown][]): NewHistoryEntry => ({
  ...m,
  field: null,
  value: Object.fromEntries(of),
});

eachStore('record history', (s) => {
  const rowsOf = (entityId: string, afterSeq = 0, limit = 100) =>
    s.read((tx) => tx.history.ofRecord('observation', entityId, afterSeq, limit));
  const seqsOf = async (entityId: string) => (await rowsOf(entityId)).map((r) => r.seq);
  const valueBefore = (entityId: string, field: string, seq: number) =>
    s.read((tx) => tx.history.valueBefore('observation', entityId, field, seq));

  it("stores a create's row, field null, holding its fields, any value exactly, in field order", async () => {
    await s.write((tx) => tx.history.insert([createRow(meta, fields)]));
    const rows = await rowsOf('obs-1');
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ ...meta, field: null, seq: expect.any(Number) });
    // The object in field order (a reader lists the fields as the create set them).
    expect(Object.entries(row!.value as object)).toEqual(fields);
    // valueBytes: the stored JSON text's length.
    expect(row!.valueBytes).toBe(JSON.stringify(Object.fromEntries(fields)).length);
  });

  it("writes nothing for no rows; pages a record's rows after a seq, oldest first, at most `limit`", async () => {
    const page = { ...meta, entityId: 'obs-paged' };
    await s.write((tx) => tx.history.insert([]));
    expect(await rowsOf('obs-paged')).toEqual([]);
    const patch = { ...page, op: 'patch' as const };
    await s.write(async (tx) => {
      await tx.history.insert([createRow(page, [['f0', 0]])]);
      await tx.history.insert([1, 2, 3, 4].map((n) => ({ ...patch, field: `f${n}`, value: n })));
      await tx.history.insert([createRow({ ...page, entityId: 'obs-elsewhere' }, [['f0', 'o']])]);
    });
    const first = await rowsOf('obs-paged', 0, 2);
    expect(first.map((r) => [r.field, r.value])).toEqual([
      [null, { f0: 0 }],
      ['f1', 1],
    ]);
    const rest = await rowsOf('obs-paged', first[1]!.seq, 10);
    expect(rest.map((r) => r.field)).toEqual(['f2', 'f3', 'f4']);
    expect(await s.read((tx) => tx.history.ofRecord('photo', 'obs-paged', 0, 10))).toEqual([]);
  });

  it('answers a field before a change: the last non-conflict row of it before that seq, null when none', async () => {
    // A record's timeline: [op, field, value], oldest first.
    const timeline: [NewHistoryEntry['op'], string | null, unknown][] = [
      ['create', 'text', 'first'],
      ['create', 'rating', 1],
      ['patch', 'text', { rich: 'second' }],
      ['conflict', 'text', 'the value that lost'],
      ['delete', null, null],
      ['patch', 'text', 'third'],
    ];
    await s.write((tx) =>
      tx.history.insert(
        timeline.map(([op, field, value]) => ({
          ...meta,
          entityId: 'obs-before',
          op,
          field,
          value,
        })),
      ),
    );
    const seqs = await seqsOf('obs-before');
    const before = (field: string, seq: number, id = 'obs-before') => valueBefore(id, field, seq);
    expect([
      await before('text', seqs[5]!),
      await before('text', seqs[2]!),
      await before('text', seqs[0]!),
      await before('rating', seqs[5]!),
      await before('missing', seqs[5]!),
      await before('text', seqs[5]! + 1),
      await before('text', seqs[5]! + 1, 'obs-other'),
    ]).toEqual([{ rich: 'second' }, 'first', null, 1, null, 'third', null]);
  });

  it("answers a field before a change from the create's row: its value of the field, exactly, null when it did not set it", async () => {
    const id = 'obs-created';
    await s.write(async (tx) => {
      await tx.history.insert([createRow({ ...meta, entityId: id }, fields)]);
      const later = { ...meta, entityId: id, field: 'quoted' };
      await tx.history.insert([
        { ...later, op: 'conflict', value: 'the value that lost' },
        { ...later, op: 'patch', value: 'changed' },
        { ...later, op: 'delete', field: null, value: null },
      ]);
    });
    const seqs = await seqsOf(id);
    const before = (field: string, seq: number) => valueBefore(id, field, seq);
    // Every JSON kind and escape (NUL, a lone surrogate) comes back as the create set it.
    for (const [field, value] of fields) expect(await before(field, seqs[1]!)).toEqual(value);
    expect([
      await before('quoted', seqs[2]!),
      await before('quoted', seqs[3]!),
      await before('quoted', seqs[0]!),
      await before('never', seqs[3]!),
      await before('id', seqs[3]!),
      await before('withNul', seqs[3]! + 1),
    ]).toEqual([values['quoted'], 'changed', null, null, null, values['withNul']]);
  });
});
