// The PostgreSQL history store against a real cluster: rows of a create stored one per field as
// JSON text (any value, NUL and lone surrogates included) and read back unchanged, seqs in the
// order written, pages of a record's rows, and a field's value before a change.
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeHistoryRepo } from '../../../../src/server/store/postgres/history-repo';
import { migrate } from '../../../../src/server/store/postgres/migrate';
import { type Queryable, queryableOf } from '../../../../src/server/store/postgres/queryable';
import type { NewHistoryEntry } from '../../../../src/server/store/types';
import { testDatabase } from '../../../support/postgres';

let database: Awaited<ReturnType<typeof testDatabase>>;
let pool: pg.Pool;
let client: pg.PoolClient;
let q: Queryable;

beforeAll(async () => {
  database = await testDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  await migrate(pool);
  client = await pool.connect();
  q = queryableOf(client);
});
afterAll(async () => {
  client?.release();
  await pool?.end();
  await database?.release();
});
beforeEach(async () => {
  await q.run('DELETE FROM record_history');
});

const meta = {
  entity: 'observation',
  entityId: 'obs-1',
  siteId: 'site-1',
  visitId: 'visit-1',
  op: 'create' as const,
  userId: 'user-1',
  clientId: 'client-1',
  at: '2026-05-01T10:00:00.000Z',
  conflictId: null,
};

const values = {
  id: 'obs-1',
  text: 'Bänke fehlen, "Zitat" \\ Zeile\nzwei\t😀',
  nul: 'a\u0000b',
  lone: 'x\ud800y',
  rating: 4,
  lat: 52.520008,
  small: 0.1 + 0.2,
  big: 1e21,
  done: true,
  open: false,
  tags: ['a', 'b'],
  contact: { name: 'N', phone: '', z: 1, a: 2 },
  empty: '',
  gone: null,
  skipped: undefined,
};
const written = Object.entries(values).filter(([k, v]) => k !== 'id' && v !== undefined);

describe('history rows of a create', () => {
  it('insertFields stores one row per field but id, in field order, as insert stores each value', async () => {
    const history = makeHistoryRepo(q);
    await history.insertFields(meta, values);
    const rows = await history.ofRecord('observation', 'obs-1', 0, 100);
    expect(rows.map((r) => r.field)).toEqual(written.map(([k]) => k));
    expect(rows.map((r) => r.value)).toEqual(written.map(([, v]) => v));
    // JSON text exactly as JSON.stringify wrote it: key order, number spelling, escapes.
    const stored = await q.query<{ field: string; value: string | null }>(
      'SELECT field, value FROM record_history ORDER BY seq',
    );
    expect(stored.map((r) => r.value)).toEqual(
      written.map(([, v]) => (v === null ? null : JSON.stringify(v))),
    );
    expect(rows.find((r) => r.field === 'gone')!.valueBytes).toBe(0);
    expect(rows.find((r) => r.field === 'text')!.valueBytes).toBe(
      JSON.stringify(values.text).length,
    );
    expect(rows.every((r) => r.op === 'create' && r.userId === 'user-1' && r.at === meta.at)).toBe(
      true,
    );
    expect(rows[0]).toMatchObject({
      entity: 'observation',
      entityId: 'obs-1',
      siteId: 'site-1',
      visitId: 'visit-1',
      clientId: 'client-1',
      conflictId: null,
    });
    const seqs = rows.map((r) => r.seq);
    expect(seqs.every((s) => typeof s === 'number')).toBe(true);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);

    const one = { ...meta, entityId: 'obs-2' };
    await history.insert(written.map(([field, value]) => ({ ...one, field, value })));
    const strip = (r: (typeof rows)[number]) => [r.field, r.value, r.valueBytes];
    expect((await history.ofRecord('observation', 'obs-2', 0, 100)).map(strip)).toEqual(
      rows.map(strip),
    );
  });

  it('writes nothing for no rows; pages after a seq, oldest first, at most `limit`', async () => {
    const history = makeHistoryRepo(q);
    await history.insert([]);
    await history.insertFields(meta, { id: 'obs-1' });
    expect(await history.ofRecord('observation', 'obs-1', 0, 100)).toEqual([]);

    const fields = Array.from({ length: 5 }, (_, i) => [`f${i}`, i] as const);
    await history.insertFields(meta, Object.fromEntries(fields));
    await history.insertFields({ ...meta, entityId: 'obs-other' }, { f0: 'other' });
    const first = await history.ofRecord('observation', 'obs-1', 0, 2);
    expect(first.map((r) => r.field)).toEqual(['f0', 'f1']);
    const rest = await history.ofRecord('observation', 'obs-1', first[1]!.seq, 10);
    expect(rest.map((r) => r.field)).toEqual(['f2', 'f3', 'f4']);
    expect(await history.ofRecord('photo', 'obs-1', 0, 10)).toEqual([]);
  });
});

describe('a field before a change', () => {
  it('the last non-conflict row of that field before the seq, null when there is none', async () => {
    const history = makeHistoryRepo(q);
    const row = (op: NewHistoryEntry['op'], field: string | null, value: unknown) => ({
      ...meta,
      op,
      field,
      value,
    });
    await history.insert([
      row('create', 'text', 'first'),
      row('create', 'rating', 1),
      row('patch', 'text', { rich: 'second' }),
      row('conflict', 'text', 'the value that lost'),
      row('delete', null, null),
      row('patch', 'text', 'third'),
    ]);
    const rows = await history.ofRecord('observation', 'obs-1', 0, 100);
    const seqOf = (i: number) => rows[i]!.seq;
    expect(await history.valueBefore('observation', 'obs-1', 'text', seqOf(5))).toEqual({
      rich: 'second',
    });
    expect(await history.valueBefore('observation', 'obs-1', 'text', seqOf(2))).toBe('first');
    expect(await history.valueBefore('observation', 'obs-1', 'text', seqOf(0))).toBeNull();
    expect(await history.valueBefore('observation', 'obs-1', 'rating', seqOf(5))).toBe(1);
    expect(await history.valueBefore('observation', 'obs-1', 'missing', seqOf(5))).toBeNull();
    expect(await history.valueBefore('observation', 'obs-2', 'text', seqOf(5) + 1)).toBeNull();
    expect(await history.valueBefore('observation', 'obs-1', 'text', seqOf(5) + 1)).toBe('third');
  });
});
