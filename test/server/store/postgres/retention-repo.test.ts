// The PostgreSQL retention store against a real cluster: which deleted visits are past the
// retention period (dated by the mutation that deleted them), the purge of a visit and its
// children (content gone, tombstones under new seqs, conflicts, rejections and history with
// them), forgetting unreferenced bytes, and which stored bytes are orphans.
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../src/server/store/postgres/migrate';
import { type Queryable, queryableOf } from '../../../../src/server/store/postgres/queryable';
import { makeRetentionRepo } from '../../../../src/server/store/postgres/retention-repo';
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
  for (const table of [
    'applied_mutations',
    'conflicts',
    'rejections',
    'record_history',
    'blobs',
    'blob_uploaders',
    'uploads',
    'clients',
  ])
    await q.run(`DELETE FROM ${table}`);
  await q.run("DELETE FROM records WHERE entity <> 'checklistTemplate'");
});

/** The real seq counter, as the sync store takes it. */
const nextSeq = async () =>
  Number(
    (await q.one<{ value: string }>('UPDATE seq_counter SET value = value + 1 RETURNING value'))!
      .value,
  );
const repo = () => makeRetentionRepo(q, nextSeq);

async function record(r: {
  entity: string;
  id: string;
  visitId?: string | null;
  deleted?: boolean;
  deletedSeq?: number | null;
  data?: string;
  sha256?: string | null;
  thumb?: string | null;
}): Promise<number> {
  const seq = await nextSeq();
  await q.run(
    `INSERT INTO records (entity, id, site_id, visit_id, data, field_versions, field_writers,
       version, created_seq, seq, deleted, deleted_seq, sha256, thumb_sha256)
     VALUES ($1, $2, 's1', $3, $4, '{"a":1}', '{"a":"c1"}', $5, $5, $5, $6, $7, $8, $9)`,
    [
      r.entity,
      r.id,
      r.visitId ?? null,
      r.data ?? JSON.stringify({ id: r.id, text: 'personal' }),
      seq,
      r.deleted ?? false,
      r.deletedSeq ?? null,
      r.sha256 ?? null,
      r.thumb ?? null,
    ],
  );
  return seq;
}

const applied = (seq: number, at: string, n = seq) =>
  q.run(
    `INSERT INTO applied_mutations (client_id, client_seq, mutation_id, status, result_json,
       server_seq, applied_at) VALUES ('c1', $1, $2, 'applied', '{}', $3, $4)`,
    [n, `m${n}`, seq, at],
  );

describe('expired visits', () => {
  it('deleted, not purged, and the mutation that deleted them applied before the cutoff', async () => {
    await record({ entity: 'visit', id: 'v-old', deleted: true, deletedSeq: 500 });
    await applied(500, '2026-01-10T00:00:00.000Z');
    // No mutation at exactly its delete seq: dated by the first one applied after it.
    await record({ entity: 'visit', id: 'v-gap', deleted: true, deletedSeq: 600 });
    await applied(605, '2026-01-20T00:00:00.000Z');
    // Nothing applied at or after its delete: undated, never expires.
    await record({ entity: 'visit', id: 'v-undated', deleted: true, deletedSeq: 10_000 });
    await record({ entity: 'visit', id: 'v-live' });
    await applied(
      await record({ entity: 'visit', id: 'v-purged', deleted: true, data: 'null' }),
      '2026-01-01T00:00:00.000Z',
      1,
    );
    await q.run("UPDATE records SET deleted_seq = seq WHERE id = 'v-purged'");
    await record({ entity: 'photo', id: 'p-deleted', deleted: true, deletedSeq: 500 });

    const retention = repo();
    expect(await retention.expiredVisits('2026-01-10T00:00:00.000Z')).toEqual([]); // strictly before
    expect(await retention.expiredVisits('2026-01-10T00:00:00.001Z')).toEqual(['v-old']);
    expect(await retention.expiredVisits('2026-02-01T00:00:00.000Z')).toEqual(['v-gap', 'v-old']);
  });
});

describe('purging a visit', () => {
  it('empties the visit and its children under new seqs; conflicts, rejections and history go with them', async () => {
    const visitSeq = await record({ entity: 'visit', id: 'v1', deleted: true });
    await q.run('UPDATE records SET deleted_seq = $1 WHERE id = $2', [visitSeq, 'v1']);
    await record({
      entity: 'photo',
      id: 'p1',
      visitId: 'v1',
      deleted: true,
      deletedSeq: 7,
      sha256: 'img',
      thumb: 'th',
    });
    await record({ entity: 'observation', id: 'o1', visitId: 'v1' });
    await record({ entity: 'photo', id: 'p-other', visitId: 'v2', sha256: 'other' });
    await q.run(`INSERT INTO conflicts (id, entity, entity_id, kind, field, server_value,
        client_value, mutation_id, author, status, resolution, created_at, seq) VALUES
      ('k2', 'observation', 'o1', 'field', 'text', '"a"', '"b"', 'm', 'A', 'open', NULL, 'x', 900),
      ('k1', 'observation', 'o1', 'field', 'text', '"c"', '"d"', 'm', 'A', 'resolved', 'mine', 'x', 901),
      ('k-other', 'photo', 'p-other', 'field', 'caption', '"e"', '"f"', 'm', 'A', 'open', NULL, 'x', 902)`);
    await q.run(`INSERT INTO rejections (id, mutation_id, client_id, user_id, entity, entity_id, code,
        message, payload, created_at, seq) VALUES
      ('x1', 'm', 'c1', 'u1', 'visit', 'v1', 'forbidden', 'no', '{"goals":"g"}', 'x', 903)`);
    await q.run(`INSERT INTO record_history (entity, entity_id, op, field, value, at) VALUES
      ('visit', 'v1', 'create', 'goals', '"g"', 'x'), ('observation', 'o1', 'create', 'text', '"t"', 'x'),
      ('photo', 'p-other', 'create', 'caption', '"c"', 'x')`);
    const counterBefore = Number(
      (await q.one<{ value: string }>('SELECT value FROM seq_counter'))!.value,
    );

    const result = await repo().purgeVisit('v1');
    expect(result.rows).toBe(3);
    expect(result.hashes.sort()).toEqual(['img', 'th']);

    const rows = await q.query<Record<string, unknown>>(
      `SELECT id, data, field_versions, field_writers, sha256, thumb_sha256, deleted, deleted_seq,
         version, seq FROM records WHERE id IN ('v1', 'p1', 'o1', 'p-other')`,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    // The visit first, then its children by (entity, id); each conflict after its row.
    const s = (n: number) => String(counterBefore + n);
    expect(byId.get('v1')).toEqual({
      id: 'v1',
      data: 'null',
      field_versions: '{}',
      field_writers: '{}',
      sha256: null,
      thumb_sha256: null,
      deleted: true,
      deleted_seq: String(visitSeq), // kept: the delete's own seq dates it
      version: s(1),
      seq: s(1),
    });
    expect(await q.one("SELECT seq, payload FROM rejections WHERE id = 'x1'")).toEqual({
      seq: s(2),
      payload: 'null',
    });
    expect(byId.get('o1')).toMatchObject({
      data: 'null',
      deleted: true,
      deleted_seq: s(3),
      seq: s(3),
    });
    expect(
      await q.query(
        'SELECT id, seq, server_value, client_value, status, resolution FROM conflicts ORDER BY id',
      ),
    ).toEqual([
      {
        id: 'k-other',
        seq: '902',
        server_value: '"e"',
        client_value: '"f"',
        status: 'open',
        resolution: null,
      },
      {
        id: 'k1',
        seq: s(4),
        server_value: 'null',
        client_value: 'null',
        status: 'resolved',
        resolution: 'mine',
      },
      {
        id: 'k2',
        seq: s(5),
        server_value: 'null',
        client_value: 'null',
        status: 'resolved',
        resolution: 'theirs',
      },
    ]);
    expect(byId.get('p1')).toMatchObject({
      data: 'null',
      sha256: null,
      thumb_sha256: null,
      deleted_seq: '7',
      seq: s(6),
    });
    expect(byId.get('p-other')).toMatchObject({ sha256: 'other', deleted: false });
    expect(await q.query('SELECT entity_id FROM record_history')).toEqual([
      { entity_id: 'p-other' },
    ]);
    expect(await repo().expiredVisits('9999')).toEqual([]);
  });
});

describe('photo bytes no row references', () => {
  it('forgets bytes only when no row and no open upload references them', async () => {
    const retention = repo();
    for (const sha of ['by-row', 'by-thumb', 'uploading', 'free'])
      await q.run(
        "INSERT INTO blobs (sha256, size, mime, stored_at) VALUES ($1, 1, 'image/jpeg', 'x')",
        [sha],
      );
    await q.run(
      "INSERT INTO blob_uploaders (sha256, user_id) VALUES ('free', 'u1'), ('free', 'u2'), ('by-row', 'u1')",
    );
    await record({ entity: 'photo', id: 'p1', sha256: 'by-row' });
    await record({ entity: 'photo', id: 'p2', thumb: 'by-thumb', deleted: true });
    await q.run(`INSERT INTO uploads (id, user_id, sha256, length, created_at, expires_at)
      VALUES ('up', 'u1', 'uploading', 1, 0, 1)`);
    expect(await retention.forgetIfUnreferenced('by-row')).toBe(false);
    expect(await retention.forgetIfUnreferenced('by-thumb')).toBe(false);
    expect(await retention.forgetIfUnreferenced('uploading')).toBe(false);
    expect(await retention.forgetIfUnreferenced('free')).toBe(true);
    expect(await retention.forgetIfUnreferenced('free')).toBe(false); // gone already
    expect(await q.query('SELECT sha256 FROM blobs ORDER BY sha256')).toEqual([
      { sha256: 'by-row' },
      { sha256: 'by-thumb' },
      { sha256: 'uploading' },
    ]);
    expect(await q.query('SELECT sha256, user_id FROM blob_uploaders')).toEqual([
      { sha256: 'by-row', user_id: 'u1' },
    ]);
  });

  it('orphans: stored before the cutoff, unreferenced, and every sender device synced since with an empty outbox', async () => {
    const STORED = '2026-01-01T00:00:00.000Z';
    const blob = async (sha: string, storedAt = STORED, senders: string[] = []) => {
      await q.run(
        "INSERT INTO blobs (sha256, size, mime, stored_at) VALUES ($1, 1, 'image/jpeg', $2)",
        [sha, storedAt],
      );
      for (const u of senders)
        await q.run('INSERT INTO blob_uploaders (sha256, user_id) VALUES ($1, $2)', [sha, u]);
    };
    const device = (id: string, userId: string, lastSeen: string | null, outbox = 5, last = 5) =>
      q.run(
        `INSERT INTO clients (client_id, user_id, last_client_seq, outbox_high_water, last_seen_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [id, userId, last, outbox, lastSeen],
      );
    await device('synced', 'u-done', '2026-01-02T00:00:00.000Z');
    await device('pending', 'u-pending', '2026-01-02T00:00:00.000Z', 6, 5);
    await device('never', 'u-never', null);
    await device('before', 'u-before', STORED); // synced at the moment of storing: not after
    await device('synced-2', 'u-two', '2026-01-02T00:00:00.000Z');
    await device('pending-2', 'u-two', '2026-01-02T00:00:00.000Z', 9, 5);

    await blob('b-orphan', STORED, ['u-done']);
    await blob('a-no-sender'); // no verified sender at all
    await blob('late', '2026-01-03T00:00:00.000Z', ['u-done']);
    await blob('row', STORED, ['u-done']);
    await record({ entity: 'photo', id: 'p1', sha256: 'row', deleted: true });
    await blob('thumb', STORED, ['u-done']);
    await record({ entity: 'photo', id: 'p2', thumb: 'thumb' });
    await blob('uploading', STORED, ['u-done']);
    await q.run(`INSERT INTO uploads (id, user_id, sha256, length, created_at, expires_at)
      VALUES ('up', 'u-done', 'uploading', 1, 0, 1)`);
    await blob('pending', STORED, ['u-done', 'u-pending']);
    await blob('never', STORED, ['u-never']);
    await blob('before', STORED, ['u-before']);
    await blob('two-devices', STORED, ['u-two']);

    expect(await repo().orphanBlobs('2026-01-05T00:00:00.000Z')).toEqual([
      'a-no-sender',
      'b-orphan',
    ]);
    expect(await repo().orphanBlobs(STORED)).toEqual([]); // stored before the cutoff, strictly
  });
});
