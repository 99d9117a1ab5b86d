// The PostgreSQL activity log against a real cluster: record_history across sites, newest first
// (at, then seq), with who wrote each entry, its site and its visit's date; every filter; keyset
// pages that neither skip nor repeat (also among entries of one instant); long values cut; the
// byte budget of a page.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityFilter } from '../../../../src/server/store/activity-types';
import { makeActivityRepo } from '../../../../src/server/store/postgres/activity-repo';
import { makeHistoryRepo } from '../../../../src/server/store/postgres/history-repo';
import { migrate } from '../../../../src/server/store/postgres/migrate';
import { type Queryable, queryableOf } from '../../../../src/server/store/postgres/queryable';
import type { NewHistoryEntry } from '../../../../src/server/store/types';
import { testDatabase } from '../../../support/postgres';

let database: Awaited<ReturnType<typeof testDatabase>>;
let pool: pg.Pool;
let client: pg.PoolClient;
let q: Queryable;

const DAY = (d: number, h = 12) => new Date(Date.UTC(2026, 10, d, h)).toISOString();
const LONG = 'Ä'.repeat(1000);
const LONG_OBJECT = { list: Array.from({ length: 100 }, (_, i) => i) };
const NUL_LONG = `a\u0000${'b'.repeat(100)}`;
const VALUE_MAX = 20;

/** The rows written, with their seqs: the oracle every filter and page is checked against. */
let entries: (NewHistoryEntry & { seq: number })[] = [];

const entry = (
  at: string,
  entity: string,
  entityId: string,
  siteId: string | null,
  visitId: string | null,
  userId: string | null,
  op: NewHistoryEntry['op'],
  field: string | null,
  value: unknown,
): NewHistoryEntry => ({
  at,
  entity,
  entityId,
  siteId,
  visitId,
  userId,
  op,
  field,
  value,
  clientId: null,
  conflictId: op === 'conflict' ? 'k1' : null,
});

beforeAll(async () => {
  database = await testDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  await migrate(pool);
  client = await pool.connect();
  q = queryableOf(client);

  await q.run(`INSERT INTO users (id, email, name, role, created_at) VALUES
    ('u-coord', 'c@example.org', 'Cora', 'coordinator', '2026-01-01'),
    ('u-member', 'm@example.org', '', 'member', '2026-01-01')`);
  const rec = (entity: string, id: string, seq: number, data: unknown) =>
    q.run(
      `INSERT INTO records (entity, id, data, field_versions, field_writers, version, created_seq, seq)
       VALUES ($1, $2, $3, '{}', '{}', $4, $4, $4)`,
      [entity, id, JSON.stringify(data), seq],
    );
  // A NUL elsewhere in a site's text must not keep its names from being read.
  await rec('site', 's1', 101, { municipality: 'Offenbach', quarter: 'Nordend', notes: '\u0000' });
  await rec('site', 's2', 102, { municipality: 'Gießen', quarter: 'Nordstadt' });
  await rec('visit', 'v1', 103, { date: '2026-11-02' });
  await rec('visit', 'v2', 104, { date: '2026-11-03' });

  const rows = [
    entry(DAY(2), 'site', 's1', 's1', null, 'u-coord', 'create', 'municipality', 'Offenbach'),
    entry(DAY(2), 'visit', 'v1', 's1', 'v1', 'u-coord', 'create', 'goals', 'alt'),
    entry(DAY(3), 'site', 's2', 's2', null, 'u-coord', 'create', 'municipality', 'Gießen'),
    entry(DAY(3), 'visit', 'v2', 's2', 'v2', 'u-coord', 'create', 'date', '2026-11-03'),
    // Three entries of one instant: pages must neither skip nor repeat them.
    entry(DAY(4), 'visit', 'v1', 's1', 'v1', 'u-member', 'patch', 'goals', 'G'),
    entry(DAY(4), 'visit', 'v1', 's1', 'v1', 'u-member', 'patch', 'notes', '=1+1'),
    entry(DAY(4), 'visit', 'v2', 's2', 'v2', 'u-member', 'patch', 'notes', 'n'),
    entry(DAY(5), 'observation', 'o1', 's2', 'v2', 'u-member', 'create', 'text', 'kurz'),
    entry(DAY(6), 'observation', 'o2', 's1', 'v1', 'u-coord', 'create', 'text', LONG),
    entry(DAY(6), 'observation', 'o2', 's1', 'v1', 'u-coord', 'patch', 'text', 'short'),
    entry(DAY(6), 'observation', 'o2', 's1', 'v1', 'u-member', 'conflict', 'text', 'lost'),
    entry(DAY(7), 'observation', 'o2', 's1', 'v1', 'u-coord', 'patch', 'text', LONG_OBJECT),
    entry(DAY(7), 'observation', 'o3', 's1', 'v1', 'u-gone', 'create', 'text', NUL_LONG),
    entry(DAY(8), 'checklistTemplate', 'prep', null, null, null, 'create', 'key', 'prep'),
    entry(DAY(8), 'visit', 'v1', 's1', 'v1', 'u-coord', 'delete', null, null),
  ];
  await makeHistoryRepo(q).insert(rows);
  const seqs = await q.query<{ seq: string }>('SELECT seq FROM record_history ORDER BY seq');
  entries = rows.map((r, i) => ({ ...r, seq: Number(seqs[i]!.seq) }));
});
afterAll(async () => {
  client?.release();
  await pool?.end();
  await database?.release();
});

/** What a filter keeps of the written rows, newest first. */
function expected(filter: ActivityFilter): number[] {
  return entries
    .filter(
      (e) =>
        (filter.userId === undefined || e.userId === filter.userId) &&
        (filter.siteId === undefined || e.siteId === filter.siteId) &&
        (filter.entity === undefined || e.entity === filter.entity) &&
        (filter.fromIso === undefined || e.at >= filter.fromIso) &&
        (filter.toIso === undefined || e.at < filter.toIso),
    )
    .sort((a, b) => (a.at === b.at ? b.seq - a.seq : a.at < b.at ? 1 : -1))
    .map((e) => e.seq);
}

const page = (
  filter: ActivityFilter,
  before: { at: string; seq: number } | null = null,
  limit = 100,
  maxBytes = 1_000_000,
) => makeActivityRepo(q).page({ filter, before, limit, maxBytes, valueMax: VALUE_MAX });

describe('entries', () => {
  it('newest first with who, role, site and visit date, the value and the one before it', async () => {
    const { rows, hasMore } = await page({});
    expect(hasMore).toBe(false);
    expect(rows.map((r) => r.seq)).toEqual(expected({}));
    const goals = rows.find((r) => r.field === 'goals' && r.op === 'patch')!;
    expect(goals).toEqual({
      seq: entries[4]!.seq,
      at: DAY(4),
      op: 'patch',
      entity: 'visit',
      entityId: 'v1',
      visitId: 'v1',
      visitDate: '2026-11-02',
      field: 'goals',
      value: '"G"',
      valueCut: null,
      previous: '"alt"',
      previousCut: null,
      // An empty name shows the e-mail.
      by: { id: 'u-member', name: 'm@example.org', role: 'member' },
      site: { id: 's1', municipality: 'Offenbach', quarter: 'Nordend' },
      conflictId: null,
    });
    const siteRow = rows.find((r) => r.entity === 'site' && r.entityId === 's2')!;
    expect(siteRow).toMatchObject({
      visitId: null,
      visitDate: null,
      previous: null,
      by: { id: 'u-coord', name: 'Cora', role: 'coordinator' },
      site: { id: 's2', municipality: 'Gießen', quarter: 'Nordstadt' },
    });
    expect(rows.find((r) => r.entity === 'checklistTemplate')).toMatchObject({
      by: null,
      site: null,
    });
    expect(rows.find((r) => r.entityId === 'o3')?.by).toEqual({
      id: 'u-gone',
      name: '',
      role: null,
    });
    expect(rows.find((r) => r.op === 'conflict')?.conflictId).toBe('k1');
    expect(rows.find((r) => r.op === 'delete')).toMatchObject({ field: null, value: null });
  });

  it('a long value comes cut: a string to its first characters, other JSON as text', async () => {
    const { rows } = await page({ entity: 'observation' });
    const created = rows.find((r) => r.entityId === 'o2' && r.op === 'create')!;
    expect(created).toMatchObject({ value: null, valueCut: 'Ä'.repeat(VALUE_MAX) });
    // The previous value skips the conflict row (the value that lost).
    const object = rows.find((r) => r.entityId === 'o2' && r.at === DAY(7))!;
    expect(object).toMatchObject({
      value: null,
      valueCut: JSON.stringify(LONG_OBJECT).slice(0, VALUE_MAX),
      previous: '"short"',
      previousCut: null,
    });
    const patched = rows.find((r) => r.entityId === 'o2' && r.value === '"short"')!;
    expect(patched).toMatchObject({ previous: null, previousCut: 'Ä'.repeat(VALUE_MAX) });
    // A NUL inside a long string is shown as U+FFFD: PostgreSQL text cannot hold it.
    expect(rows.find((r) => r.entityId === 'o3')?.valueCut).toBe(
      `a\ufffd${'b'.repeat(VALUE_MAX - 2)}`,
    );
    expect(rows.find((r) => r.entityId === 'o1')).toMatchObject({
      value: '"kurz"',
      valueCut: null,
    });
  });
});

describe('filters', () => {
  it.each<ActivityFilter>([
    { userId: 'u-member' },
    { siteId: 's1' },
    { entity: 'observation' },
    { fromIso: DAY(4), toIso: DAY(6) },
    { fromIso: DAY(4, 0) },
    { toIso: DAY(4) },
    { userId: 'u-coord', siteId: 's1', entity: 'observation', fromIso: DAY(6), toIso: DAY(8) },
    { userId: 'nobody' },
  ])('%o', async (filter) => {
    const { rows, hasMore } = await page(filter);
    expect(rows.map((r) => r.seq)).toEqual(expected(filter));
    expect(hasMore).toBe(false);
  });
});

describe('pages', () => {
  it.each<[ActivityFilter, number]>([
    [{}, 2],
    [{}, 3],
    [{ fromIso: DAY(3), toIso: DAY(7) }, 2],
    [{ siteId: 's1' }, 4],
  ])('keyset pages of %o, %i each, neither skip nor repeat', async (filter, limit) => {
    const seen: number[] = [];
    let before: { at: string; seq: number } | null = null;
    for (let n = 0; n < 20; n++) {
      const p = await page(filter, before, limit);
      expect(p.rows.length).toBeLessThanOrEqual(limit);
      seen.push(...p.rows.map((r) => r.seq));
      if (!p.hasMore) break;
      const last = p.rows.at(-1)!;
      before = { at: last.at, seq: last.seq };
    }
    expect(seen).toEqual(expected(filter));
  });

  it('a cursor past the end of the period starts at its end', async () => {
    const period = { fromIso: DAY(3), toIso: DAY(5) };
    const late = { at: '2026-12-31T00:00:00.000Z', seq: 999_999 };
    expect(await page(period, late, 4)).toEqual(await page(period, null, 4));
  });

  it('the byte budget ends a page early, yet the first entry always fits', async () => {
    const one = await page({}, null, 100, 1);
    expect(one.rows).toHaveLength(1);
    expect(one.hasMore).toBe(true);
    // 400 bytes per entry plus its values: two short entries fit in 900, not three.
    const { rows } = await page({ entity: 'site' }, null, 100, 900);
    expect(rows.map((r) => r.seq)).toEqual(expected({ entity: 'site' }));
    const two = await page({ toIso: DAY(4) }, null, 100, 900);
    expect(two).toMatchObject({ hasMore: true });
    expect(two.rows).toHaveLength(2);
  });
});
