// The store contract, record history: a create's fields (insertFields) are stored exactly as the
// same values written one row at a time (insert), JSON text each, any value read back unchanged;
// a record's rows page after a seq, oldest first; a field's value before a change is the last
// non-conflict row that wrote it.
import { expect, it } from 'vitest';
import type { HistoryEntry, NewHistoryEntry } from '../../../src/server/store/types';
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
/** What insertFields writes: every field but `id` and those without a value. */
const fields = Object.entries(values).filter(([k, v]) => k !== 'id' && v !== undefined);

eachStore('record history', (s) => {
  const rowsOf = (entityId: string, afterSeq = 0, limit = 100) =>
    s.read((tx) => tx.history.ofRecord('observation', entityId, afterSeq, limit));

  it('insertFields stores one row per field but id, in field order, as insert stores each value', async () => {
    await s.write((tx) => tx.history.insertFields(meta, values));
    const rows = await rowsOf('obs-1');
    expect(rows.map((r) => [r.field, r.value])).toEqual(fields);
    // valueBytes: the stored JSON text's length (a null value stores none).
    expect(rows.map((r) => r.valueBytes)).toEqual(
      fields.map(([, v]) => (v === null ? 0 : JSON.stringify(v).length)),
    );
    for (const r of rows) expect(r).toMatchObject({ ...meta, seq: expect.any(Number) });
    const seqs = rows.map((r) => r.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);

    const one = { ...meta, entityId: 'obs-2' };
    await s.write((tx) =>
      tx.history.insert(fields.map(([field, value]) => ({ ...one, field, value }))),
    );
    const strip = (r: HistoryEntry) => [r.field, r.value, r.valueBytes];
    expect((await rowsOf('obs-2')).map(strip)).toEqual(rows.map(strip));
  });

  it("writes nothing for no rows; pages a record's rows after a seq, oldest first, at most `limit`", async () => {
    const page = { ...meta, entityId: 'obs-paged' };
    await s.write(async (tx) => {
      await tx.history.insert([]);
      await tx.history.insertFields(page, { id: 'obs-paged' });
    });
    expect(await rowsOf('obs-paged')).toEqual([]);
    await s.write(async (tx) => {
      await tx.history.insertFields(page, { f0: 0, f1: 1, f2: 2, f3: 3, f4: 4 });
      await tx.history.insertFields({ ...page, entityId: 'obs-elsewhere' }, { f0: 'other' });
    });
    const first = await rowsOf('obs-paged', 0, 2);
    expect(first.map((r) => r.field)).toEqual(['f0', 'f1']);
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
    const seqs = (await rowsOf('obs-before')).map((r) => r.seq);
    const before = (field: string, seq: number, id = 'obs-before') =>
      s.read((tx) => tx.history.valueBefore('observation', id, field, seq));
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
});
