// The PostgreSQL blobs store against a real cluster: stored bytes and their verified senders,
// who may read which bytes (docs/architecture.md §Photos), the photo bytes charged to an account,
// and open uploads with their expiry and their leases (one holder at a time, across processes).
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readScope } from '../../../../src/shared/policy';
import { makeBlobsRepo } from '../../../../src/server/store/postgres/blobs-repo';
import { migrate } from '../../../../src/server/store/postgres/migrate';
import { type Queryable, queryableOf } from '../../../../src/server/store/postgres/queryable';
import { testDatabase } from '../../../support/postgres';

/** Epoch milliseconds of 2026: far past 2^31, so a bigint read as a 32-bit int would show. */
const T = Date.UTC(2026, 0, 1);
const NOW = '2026-01-01T00:00:00.000Z';
const someone = {
  id: 'x',
  email: 'x@example.org',
  name: 'X',
  role: 'member' as const,
  siteId: null,
  disabled: false,
};

let database: Awaited<ReturnType<typeof testDatabase>>;
let pool: pg.Pool;
let client: pg.PoolClient;
let q: Queryable;

beforeAll(async () => {
  database = await testDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
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
  await q.run("DELETE FROM records WHERE entity <> 'checklistTemplate'");
  await q.run('DELETE FROM blobs');
  await q.run('DELETE FROM blob_uploaders');
  await q.run('DELETE FROM uploads');
});

let seq = 100;
/** A record row as the sync store writes it, with what the read rule looks at. */
async function record(r: {
  entity: string;
  id: string;
  siteId: string;
  sha256?: string | null;
  thumb?: string | null;
  createdBy: string;
  deleted?: boolean;
}) {
  const s = ++seq;
  await q.run(
    `INSERT INTO records (entity, id, site_id, visit_id, data, field_versions, field_writers,
       version, created_seq, seq, deleted, sha256, thumb_sha256, created_by, updated_by)
     VALUES ($1, $2, $3, NULL, $4, '{}', '{}', $5, $5, $5, $6, $7, $8, $9, $9)`,
    [
      r.entity,
      r.id,
      r.siteId,
      JSON.stringify({ id: r.id }),
      s,
      r.deleted ?? false,
      r.sha256 ?? null,
      r.thumb ?? null,
      r.createdBy,
    ],
  );
}

describe('stored bytes', () => {
  it('stores bytes once and every verified sender of them', async () => {
    const blobs = makeBlobsRepo(q);
    expect(await blobs.blob('aa')).toBeNull();
    await blobs.insertBlob('aa', 3_000_000_000, 'image/jpeg', 'u1', NOW);
    await blobs.insertBlob('aa', 1, 'image/png', 'u2', NOW); // the same bytes again: meta stays
    await blobs.insertBlob('aa', 3_000_000_000, 'image/jpeg', 'u1', NOW); // and again: no error
    expect(await blobs.blob('aa')).toEqual({ size: 3_000_000_000, mime: 'image/jpeg' });
    expect(await q.query('SELECT user_id FROM blob_uploaders ORDER BY user_id')).toEqual([
      { user_id: 'u1' },
      { user_id: 'u2' },
    ]);
  });
});

describe('who may read bytes', () => {
  it('its own verified upload, or a photo row in scope whose creator sent the bytes', async () => {
    const blobs = makeBlobsRepo(q);
    await blobs.insertBlob('img', 10, 'image/jpeg', 'sender', NOW);
    await blobs.insertBlob('thumb', 5, 'image/jpeg', 'sender', NOW);
    await blobs.insertBlob('stranger-bytes', 5, 'image/jpeg', 'stranger', NOW);
    await record({
      entity: 'photo',
      id: 'p1',
      siteId: 's1',
      sha256: 'img',
      thumb: 'thumb',
      createdBy: 'sender',
    });
    // A photo row naming bytes its creator never sent grants nothing.
    await record({
      entity: 'photo',
      id: 'p2',
      siteId: 's1',
      sha256: 'stranger-bytes',
      createdBy: 'sender',
    });

    expect(await blobs.mayRead('img', 'sender', 's9')).toBe(true); // own upload, any scope
    expect(await blobs.mayRead('img', 'reader', 's1')).toBe(true);
    expect(await blobs.mayRead('thumb', 'reader', 's1')).toBe(true);
    expect(await blobs.mayRead('img', 'reader', null)).toBe(true); // every site
    expect(await blobs.mayRead('img', 'reader', 's2')).toBe(false); // outside the scope
    expect(await blobs.mayRead('stranger-bytes', 'reader', 's1')).toBe(false);
    expect(await blobs.mayRead('stranger-bytes', 'reader', null)).toBe(false);
    expect(await blobs.mayRead('stranger-bytes', 'stranger', 's2')).toBe(true);
    expect(await blobs.mayRead('unknown', 'reader', null)).toBe(false);
    // The scope of an account without a site (shared/policy.ts): its own uploads only.
    const noSite = readScope({ ...someone, role: 'quartiersmanagement', siteId: null }).siteId;
    expect(await blobs.mayRead('img', 'sender', noSite)).toBe(true);
    expect(await blobs.mayRead('img', 'reader', noSite)).toBe(false);
  });

  it('only photo rows grant; a deleted photo still does, a purged one no more', async () => {
    const blobs = makeBlobsRepo(q);
    await blobs.insertBlob('x', 10, 'image/jpeg', 'sender', NOW);
    await record({
      entity: 'observation',
      id: 'o1',
      siteId: 's1',
      sha256: 'x',
      createdBy: 'sender',
    });
    expect(await blobs.mayRead('x', 'reader', 's1')).toBe(false);

    await record({
      entity: 'photo',
      id: 'p1',
      siteId: 's1',
      thumb: 'x',
      createdBy: 'sender',
      deleted: true,
    });
    expect(await blobs.mayRead('x', 'reader', 's1')).toBe(true);
    await q.run("UPDATE records SET data = 'null', thumb_sha256 = NULL WHERE id = 'p1'");
    expect(await blobs.mayRead('x', 'reader', 's1')).toBe(false);
  });
});

describe('photo bytes of an account', () => {
  it('its verified uploads, each hash once, plus what its open uploads announced', async () => {
    const blobs = makeBlobsRepo(q);
    expect(await blobs.usedBytes('u1')).toBe(0);
    await blobs.insertBlob('a', 2_000_000_000, 'image/jpeg', 'u1', NOW);
    await blobs.insertBlob('a', 2_000_000_000, 'image/jpeg', 'u1', NOW);
    await blobs.insertBlob('b', 300, 'image/jpeg', 'u1', NOW);
    await blobs.insertBlob('b', 300, 'image/jpeg', 'u2', NOW);
    await blobs.insertUpload({
      id: 'up1',
      userId: 'u1',
      sha256: 'c',
      length: 2_500_000_000,
      createdAt: T,
      expiresAt: T + 1,
    });
    await blobs.insertUpload({
      id: 'up2',
      userId: 'u2',
      sha256: 'd',
      length: 7,
      createdAt: T,
      expiresAt: T + 1,
    });
    expect(await blobs.usedBytes('u1')).toBe(2_000_000_000 + 300 + 2_500_000_000);
    expect(await blobs.usedBytes('u2')).toBe(307);
  });
});

describe('uploads', () => {
  it('opens, advances, lists by expiry and deletes uploads', async () => {
    const blobs = makeBlobsRepo(q);
    for (const [id, expiresAt] of [
      ['up-c', T + 10],
      ['up-a', T + 5],
      ['up-b', T + 20],
    ] as const)
      await blobs.insertUpload({
        id,
        userId: 'u1',
        sha256: 'ab',
        length: 10,
        createdAt: T,
        expiresAt,
      });
    expect(await blobs.upload('up-a')).toEqual({
      id: 'up-a',
      userId: 'u1',
      sha256: 'ab',
      length: 10,
      offset: 0,
      createdAt: T,
      expiresAt: T + 5,
    });
    await blobs.setOffset('up-a', 4);
    expect((await blobs.upload('up-a'))?.offset).toBe(4);
    expect(await blobs.upload('missing')).toBeNull();
    // Expired: before `now`, not at it; in id order.
    expect(await blobs.expiredUploads(T + 10)).toEqual(['up-a']);
    expect(await blobs.expiredUploads(T + 11)).toEqual(['up-a', 'up-c']);
    expect(await blobs.uploadIds()).toEqual(new Set(['up-a', 'up-b', 'up-c']));
    await blobs.deleteUpload('up-a');
    expect(await blobs.upload('up-a')).toBeNull();
    expect(await blobs.uploadIds()).toEqual(new Set(['up-b', 'up-c']));
  });
});

describe('upload leases', () => {
  const open = (id: string) =>
    makeBlobsRepo(q).insertUpload({
      id,
      userId: 'u1',
      sha256: 'ab',
      length: 10,
      createdAt: T,
      expiresAt: T + 60_000,
    });

  it('one holder at a time until its lease runs out; a holder renews and releases its own', async () => {
    const blobs = makeBlobsRepo(q);
    await open('up');
    expect(await blobs.leaseUpload('up', 'A', T + 1000, T)).toBe(true);
    expect(await blobs.leaseUpload('up', 'B', T + 2000, T + 500)).toBe(false);
    expect(await blobs.leaseUpload('up', 'A', T + 3000, T + 600)).toBe(true); // renewed
    expect(await blobs.leaseUpload('up', 'B', T + 4000, T + 2999)).toBe(false);
    expect(await blobs.leaseUpload('up', 'B', T + 4000, T + 3000)).toBe(true); // A's ran out
    await blobs.releaseUpload('up', 'A'); // not A's any more: B keeps it
    expect(await blobs.leaseUpload('up', 'A', T + 5000, T + 3001)).toBe(false);
    await blobs.releaseUpload('up', 'B');
    expect(await blobs.leaseUpload('up', 'A', T + 5000, T + 3001)).toBe(true);
    expect(await blobs.leaseUpload('missing', 'A', T + 5000, T)).toBe(false);
  });

  it('two processes leasing at once: the second waits for the first, then loses', async () => {
    await open('up-race');
    const [a, b] = [await pool.connect(), await pool.connect()];
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      expect(await makeBlobsRepo(queryableOf(a)).leaseUpload('up-race', 'A', T + 1000, T)).toBe(
        true,
      );
      let settled = false;
      const second = makeBlobsRepo(queryableOf(b))
        .leaseUpload('up-race', 'B', T + 1000, T)
        .finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false); // blocked on the first transaction's row lock
      await a.query('COMMIT');
      expect(await second).toBe(false);
      await b.query('COMMIT');
    } finally {
      a.release();
      b.release();
    }
  });
});
