// The PostgreSQL template store against a real cluster: which template versions checklist items
// name (one probe of the expression index) and which template lists each item id (the first
// version in id order, byte order as SQLite's).
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHECKLIST_TEMPLATES } from '../../../../src/shared/domain/checklist-templates';
import { migrate } from '../../../../src/server/store/postgres/migrate';
import { type Queryable, queryableOf } from '../../../../src/server/store/postgres/queryable';
import {
  TEMPLATE_IN_USE_SQL,
  makeTemplateRepo,
} from '../../../../src/server/store/postgres/template-repo';
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
  await q.run('DELETE FROM records WHERE seq > 1000');
});

let seq = 1000;
/** A record row with this data as JSON text (a string is stored as it is). */
async function record(entity: string, id: string, data: unknown) {
  const s = ++seq;
  await q.run(
    `INSERT INTO records (entity, id, data, field_versions, field_writers, version, created_seq, seq)
     VALUES ($1, $2, $3, '{}', '{}', $4, $4, $4)`,
    [entity, id, typeof data === 'string' ? data : JSON.stringify(data), s],
  );
}

describe('template versions in use', () => {
  it('a checklist item naming the version, live or deleted; no other kind of record', async () => {
    const templates = makeTemplateRepo(q);
    expect(await templates.inUse('prep')).toBe(false);
    await record('checklistItem', 'v1~prep-date', { id: 'v1~prep-date', templateId: 'prep' });
    await q.run("UPDATE records SET deleted = true WHERE id = 'v1~prep-date'");
    await record('observation', 'o1', { id: 'o1', templateId: 'site-v2' });
    // NUL in another field: JSON.stringify writes \u0000, which PostgreSQL's JSON types refuse.
    await record('checklistItem', 'v2~x', { id: 'v2~x', note: 'a\u0000b', templateId: 'walk-v3' });
    await record('checklistItem', 'v3~x', 'null'); // purged: names nothing
    expect(await templates.inUse('prep')).toBe(true);
    expect(await templates.inUse('walk-v3')).toBe(true);
    expect(await templates.inUse('site-v2')).toBe(false);
    expect(await templates.inUse('PREP')).toBe(false);
  });

  it('is answered by the partial expression index records_item_template', async () => {
    await q.run('SET enable_seqscan = off');
    try {
      const plan = await q.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ${TEMPLATE_IN_USE_SQL.replace('$1', "'prep'")}`,
      );
      expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(
        /Index (Only )?Scan using records_item_template/,
      );
    } finally {
      await q.run('RESET enable_seqscan');
    }
  });
});

describe('item keys', () => {
  it('every item of the seeded templates under its template key', async () => {
    const expected = new Map(CHECKLIST_TEMPLATES.flatMap((t) => t.items.map((i) => [i.id, t.key])));
    expect(expected.size).toBeGreaterThan(10);
    expect(await makeTemplateRepo(q).itemKeys()).toEqual(expected);
  });

  it('the first version in byte order of its id names an item; purged and malformed versions name none', async () => {
    // 'Z…' sorts before the seeded 'prep' as bytes (after it in a natural-language order).
    await record('checklistTemplate', 'Z-first', {
      key: 'upper',
      items: [{ id: 'prep-goals' }, { id: 'own-item' }, { id: 7 }, null],
    });
    await record('checklistTemplate', 'zz-late', { key: 'late', items: [{ id: 'prep-date' }] });
    await record('checklistTemplate', 'purged', 'null');
    await record('checklistTemplate', 'odd', { key: 'odd', items: 'not a list' });
    await record('checklistTemplate', 'nul', {
      key: 'nul',
      title: '\u0000',
      items: [{ id: 'n1' }],
    });
    const keys = await makeTemplateRepo(q).itemKeys();
    expect(keys.get('prep-goals')).toBe('upper');
    expect(keys.get('own-item')).toBe('upper');
    expect(keys.get('prep-date')).toBe('prep');
    expect(keys.get('n1')).toBe('nul');
    expect([...keys.values()]).not.toContain('late');
    expect([...keys.values()]).not.toContain('odd');
  });
});
