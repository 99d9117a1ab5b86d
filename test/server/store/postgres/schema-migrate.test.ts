// The PostgreSQL schema (store/postgres/schema.ts, migrate.ts) on a real cluster: the same tables,
// columns, indexes and seeded rows as SQLite's after its last migration; the steps run once
// when two processes start on a fresh database at the same moment; stored_json reads a field of
// JSON text that PostgreSQL's json type refuses.
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, POSTGRES_SCHEMA_VERSION } from '../../../../src/server/store/postgres/migrate';
import { migrate as migrateSqlite } from '../../../../src/server/store/sqlite/migrations';
import { postgresAvailable } from '../../../support/postgres';
import { usePostgresDatabase } from './fixtures';

/** Tables only one of the stores has: SQLite's named counters, PostgreSQL's one-row counter and step list. */
// Each store's own bookkeeping: SQLite keeps its counters (the global seq and the ranges a start
// skipped) in one table; PostgreSQL has the counter row, the skipped ranges (seq-floor.ts), its
// migration steps and the shared rate-limit buckets (rate-limit-repo.ts).
const OWN_TABLES = new Set([
  'counters',
  'seq_counter',
  'lost_seqs',
  'schema_migrations',
  'rate_limit_buckets',
]);

function sqliteSchema() {
  const db = new Database(':memory:');
  migrateSqlite(db);
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
  )
    .map((t) => t.name)
    .filter((t) => !OWN_TABLES.has(t));
  const columns = Object.fromEntries(
    tables.map((t) => [
      t,
      (db.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name).sort(),
    ]),
  );
  const indexes = (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'",
      )
      .all() as { name: string }[]
  )
    .map((i) => i.name)
    .sort();
  const templates = db
    .prepare(
      `SELECT entity, id, site_id, visit_id, data, field_versions, field_writers, version,
        created_seq, seq, deleted, created_by, updated_by, created_at, updated_at
       FROM records ORDER BY seq`,
    )
    .all();
  db.close();
  return { columns, indexes, templates };
}

describe.skipIf(!postgresAvailable())('PostgreSQL schema', () => {
  const db = usePostgresDatabase();
  let pools: pg.Pool[] = [];
  let migrated: number[] = [];
  const client = () => pools[0]!;

  beforeAll(async () => {
    // Two server processes starting at once on the fresh database (each with its own pool).
    pools = [new pg.Pool({ connectionString: db.url }), new pg.Pool({ connectionString: db.url })];
    migrated = await Promise.all(pools.map((p) => migrate(p)));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
  });

  it('runs every step once when two processes migrate a fresh database at the same moment', async () => {
    expect(migrated.sort()).toEqual([0, POSTGRES_SCHEMA_VERSION]);
    const steps = await client().query('SELECT version FROM schema_migrations ORDER BY version');
    expect(steps.rows.map((r: { version: number }) => r.version)).toEqual(
      Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1),
    );
    // Run again: nothing to do, nothing seeded twice.
    expect(await migrate(client())).toBe(0);
    const counter = await client().query('SELECT value::int AS v FROM seq_counter');
    expect(counter.rows).toEqual([{ v: 4 }]);
  });

  it('has the tables, columns and indexes SQLite has after its last migration', async () => {
    const lite = sqliteSchema();
    const cols = await client().query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const pgColumns: Record<string, string[]> = {};
    for (const c of cols.rows) {
      if (OWN_TABLES.has(c.table_name)) continue;
      (pgColumns[c.table_name] ??= []).push(c.column_name);
    }
    for (const t of Object.values(pgColumns)) t.sort();
    expect(pgColumns).toEqual(lite.columns);

    const idx = await client().query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'public'
         AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'
         AND tablename NOT IN ('seq_counter', 'schema_migrations', 'lost_seqs', 'rate_limit_buckets')`,
    );
    expect(idx.rows.map((r) => r.indexname).sort()).toEqual(lite.indexes);
  });

  it('seeds the same template rows as SQLite', async () => {
    const lite = sqliteSchema();
    const rows = await client().query(
      `SELECT entity, id, site_id, visit_id, data, field_versions, field_writers, version::int,
        created_seq::int, seq::int, deleted::int, created_by, updated_by, created_at, updated_at
       FROM records ORDER BY seq`,
    );
    expect(rows.rows).toHaveLength(4);
    expect(rows.rows).toEqual(lite.templates);
  });

  it('stored_json reads a field past escapes the json type refuses, and only those change', async () => {
    const docs = [
      JSON.stringify({ templateId: 'a', note: 'nul\u0000' }),
      JSON.stringify({ note: '\ud800 lone', templateId: 'b' }),
      JSON.stringify({ templateId: 'c\u0000d' }),
      // A backslash followed by the text u0000 is no escape and stays as it is.
      JSON.stringify({ templateId: 'e\\u0000' }),
      JSON.stringify({ templateId: 'f\\\u0000' }),
      JSON.stringify({ templateId: 'g\u0001é😀' }),
    ];
    const r = await client().query<{ t: string }>(
      `SELECT stored_json(d) ->> 'templateId' AS t FROM unnest($1::text[]) WITH ORDINALITY AS x(d, n) ORDER BY n`,
      [docs],
    );
    expect(r.rows.map((x) => x.t)).toEqual([
      'a',
      'b',
      'c\ufffdd',
      'e\\u0000',
      'f\\\ufffd',
      'g\u0001é😀',
    ]);
    await expect(client().query("SELECT $1::json ->> 'templateId'", [docs[0]])).rejects.toThrow(
      /Unicode escape/,
    );
  });

  it('answers a checklist item by its template through the index', async () => {
    await client().query(
      `INSERT INTO records (entity, id, data, field_versions, field_writers, version, created_seq, seq)
       SELECT 'checklistItem', 'i' || n, json_build_object('templateId', 't' || (n % 50))::text, '{}', '""', n + 10, n + 10, n + 10
       FROM generate_series(1, 2000) n`,
    );
    await client().query('ANALYZE records');
    const plan = await client().query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT 1 FROM records WHERE entity = 'checklistItem' AND stored_json(data) ->> 'templateId' = $1 LIMIT 1`,
      ['t7'],
    );
    expect(plan.rows.map((p) => p['QUERY PLAN']).join('\n')).toMatch(/records_item_template/);
  });
});
