// Transactions of the PostgreSQL store (store/postgres/tx.ts, open.ts) on a real cluster: a write
// transaction rolls back as a whole, a savepoint alone, a statement error caught without a
// savepoint never reports a commit; seqs are handed out strictly in commit order within one
// process and across two; a read snapshot sees one state; the group commit keeps each job
// atomic; close() writes pending pull notes; two processes opening a fresh database migrate it once.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_SCHEMA_VERSION } from '../../../../src/server/store/postgres/migrate';
import { openPostgresServerDb, redactedLocation } from '../../../../src/server/store/postgres/open';
import { TransactionAborted } from '../../../../src/server/store/postgres/on-connection';
import type { NewUser, ServerDb, StoredRecord, StoreTx } from '../../../../src/server/store/types';
import { postgresAvailable, testDatabase } from '../../../support/postgres';

const user = (id: string): NewUser => ({
  id,
  email: `${id}@example.org`,
  name: id,
  role: 'coordinator',
  siteId: null,
  passwordHash: null,
  createdAt: '2026-12-01T00:00:00.000Z',
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!postgresAvailable())('PostgreSQL transactions', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let store: ServerDb;
  let second: ServerDb;
  let openMs = 0;
  const admin = () => new pg.Client({ connectionString: db.url });

  beforeAll(async () => {
    db = await testDatabase();
    const started = performance.now();
    // Two server processes starting at once on a fresh database.
    [store, second] = await Promise.all([
      openPostgresServerDb(db.url, { poolSize: 4 }),
      openPostgresServerDb(db.url, { poolSize: 4 }),
    ]);
    openMs = performance.now() - started;
    console.log(`openPostgresServerDb on a fresh database (two at once): ${Math.round(openMs)} ms`);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await second?.close();
    await db?.release();
  });

  it('two processes opening a fresh database migrate it once', async () => {
    const c = admin();
    await c.connect();
    try {
      const steps = await c.query('SELECT count(*)::int AS n FROM schema_migrations');
      expect(steps.rows[0]).toEqual({ n: POSTGRES_SCHEMA_VERSION });
      const templates = await c.query(
        "SELECT count(*)::int AS n FROM records WHERE entity = 'checklistTemplate'",
      );
      expect(templates.rows[0]).toEqual({ n: 4 });
    } finally {
      await c.end();
    }
    expect(store.kind).toBe('postgres');
  });

  it('rolls back a write transaction as a whole when its function throws, the seq too', async () => {
    const before = await store.readTx((tx) => tx.sync.currentSeq());
    await expect(
      store.writeTx(async (tx) => {
        await tx.users.insert(user('rolled-back'));
        await tx.sync.nextSeq();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await store.readTx(async (tx) => {
      expect(await tx.users.byId('rolled-back')).toBeNull();
      expect(await tx.sync.currentSeq()).toBe(before);
    });
  });

  it('rolls back a savepoint alone: the transaction keeps its other writes', async () => {
    await store.writeTx(async (tx) => {
      await tx.users.insert(user('kept'));
      await expect(
        tx.savepoint(async () => {
          await tx.users.insert(user('inner'));
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
      // A statement error inside a savepoint: the transaction stays usable.
      await expect(tx.savepoint(() => tx.users.insert(user('kept')))).rejects.toThrow(/duplicate/);
      await tx.savepoint(async () => {
        await tx.users.insert(user('nested-outer'));
        await expect(
          tx.savepoint(async () => {
            await tx.users.insert(user('nested-inner'));
            throw new Error('nested fails');
          }),
        ).rejects.toThrow('nested fails');
      });
    });
    await store.readTx(async (tx) => {
      expect(await tx.users.byId('kept')).not.toBeNull();
      expect(await tx.users.byId('inner')).toBeNull();
      expect(await tx.users.byId('nested-outer')).not.toBeNull();
      expect(await tx.users.byId('nested-inner')).toBeNull();
    });
  });

  it('never reports a commit when a statement failed and its error was caught without a savepoint', async () => {
    await expect(
      store.writeTx(async (tx) => {
        await tx.users.insert(user('before-failure'));
        await tx.users.insert(user('before-failure')).catch(() => undefined);
      }),
    ).rejects.toBeInstanceOf(TransactionAborted);
    expect(await store.readTx((tx) => tx.users.byId('before-failure'))).toBeNull();
    // The connection went back to the pool usable.
    await store.writeTx((tx) => tx.users.insert(user('after-failure')));
    expect(await store.readTx((tx) => tx.users.byId('after-failure'))).not.toBeNull();
  });

  it('hands out seqs strictly increasing, each transaction a consecutive run, across concurrent write transactions', async () => {
    const start = await store.readTx((tx) => tx.sync.currentSeq());
    const runs = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        store.writeTx(async (tx) => {
          const seqs = [await tx.sync.nextSeq()];
          if (i % 3 === 0) await sleep(2); // other requests run in the gap
          seqs.push(await tx.sync.nextSeq(), await tx.sync.nextSeq());
          return seqs;
        }),
      ),
    );
    for (const seqs of runs) expect(seqs).toEqual([seqs[0], seqs[0]! + 1, seqs[0]! + 2]);
    const all = runs.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 120 }, (_, i) => start + 1 + i));
    expect(await store.readTx((tx) => tx.sync.currentSeq())).toBe(start + 120);
  });

  it('commits in seq order across two processes: a reader following the cursor misses no row', async () => {
    const writes = (db: ServerDb, tag: string) =>
      Array.from({ length: 30 }, (_, i) =>
        db.writeTx(async (tx) => {
          const seq = await tx.sync.nextSeq();
          // A slow transaction: without the counter's row lock a later seq would commit first.
          if (i % 4 === 0) await sleep(15);
          await tx.sync.insertRejection(
            {
              id: `${tag}-${i}`,
              mutationId: `m-${tag}-${i}`,
              clientId: 'c',
              userId: 'reader',
              entity: 'visit',
              entityId: 'v',
              code: 'invalid',
              message: 'x',
              path: null,
              payload: null,
              createdAt: '2026-12-01T00:00:00.000Z',
            },
            seq,
          );
        }),
      );
    let cursor = await store.readTx((tx) => tx.sync.currentSeq());
    const seen = new Set<string>();
    let writing = true;
    const done = Promise.all([...writes(store, 'a'), ...writes(second, 'b')]).finally(() => {
      writing = false;
    });
    // A pull: everything up to the snapshot's counter, then the cursor moves to that counter.
    const pull = () =>
      store.readTx(async (tx) => {
        const page = await tx.feed.page({
          cursor,
          limit: 1000,
          maxBytes: 1 << 20,
          userId: 'reader',
          siteId: null,
        });
        for (const c of page.changes) seen.add(c.entityId);
        cursor = page.changes.at(-1)?.seq ?? cursor;
      });
    while (writing) await pull();
    await done;
    await pull();
    // A row that committed after a higher seq was pulled lies behind the cursor: never seen.
    expect(seen.size).toBe(60);
  });

  it('write transactions of two processes never interleave: read-modify-write loses no update', async () => {
    const counter = (n: number, seq: number): StoredRecord => ({
      entity: 'site',
      id: 'counter-site',
      siteId: 'counter-site',
      visitId: null,
      data: { n },
      fieldVersions: { n: seq },
      fieldWriters: { n: 'c' },
      version: seq,
      createdSeq: seq,
      seq,
      deleted: false,
      deletedSeq: null,
      deletedByCascade: false,
      createdBy: null,
      updatedBy: null,
    });
    await store.writeTx(async (tx) => tx.sync.writeRecord(counter(0, await tx.sync.nextSeq())));
    const increment = (db: ServerDb) =>
      db.writeTx(async (tx) => {
        const n = (await tx.sync.record('site', 'counter-site'))!.data['n'] as number;
        await sleep(1); // the other process's transaction runs meanwhile, unless it waits
        await tx.sync.writeRecord(counter(n + 1, await tx.sync.nextSeq()));
      });
    await Promise.all(
      Array.from({ length: 15 }, () => [increment(store), increment(second)]).flat(),
    );
    const final = await store.readTx((tx) => tx.sync.record('site', 'counter-site'));
    expect(final!.data['n']).toBe(30);
  });

  it('a read snapshot does not see a write committed while it is open', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    let opened!: () => void;
    const isOpen = new Promise<void>((r) => (opened = r));
    const reading = store.readTx(async (tx) => {
      const first = await tx.sync.currentSeq();
      const userBefore = await tx.users.byId('during-read');
      opened();
      await hold;
      return {
        first,
        again: await tx.sync.currentSeq(),
        userBefore,
        user: await tx.users.byId('during-read'),
      };
    });
    await isOpen;
    await store.writeTx(async (tx) => {
      await tx.sync.nextSeq();
      await tx.users.insert(user('during-read'));
    });
    release();
    const r = await reading;
    expect(r.again).toBe(r.first);
    expect(r.userBefore).toBeNull();
    expect(r.user).toBeNull();
    expect(await store.readTx((tx) => tx.sync.currentSeq())).toBe(r.first + 1);
  });

  it('group commit: jobs of one transaction stay atomic each; a failing job takes back only its writes', async () => {
    const job = (id: string, fail: boolean) => (tx: StoreTx) =>
      (async () => {
        await tx.users.insert(user(id));
        if (fail) throw new Error(`${id} fails`);
        return id;
      })();
    const results = await Promise.allSettled([
      store.groupTx(job('g1', false)),
      store.groupTx(job('g2', true)),
      store.groupTx(job('g3', false)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await store.readTx(async (tx) => {
      expect(await tx.users.byId('g1')).not.toBeNull();
      expect(await tx.users.byId('g2')).toBeNull();
      expect(await tx.users.byId('g3')).not.toBeNull();
    });
  });

  it('close() writes the pull notes still pending', async () => {
    const db2 = await openPostgresServerDb(db.url, { poolSize: 2 });
    await db2.writeTx(async (tx) => {
      await tx.sync.insertClient('pulling-device', 'u');
    });
    db2.notePulled('pulling-device', {
      outboxHighWater: 7,
      appVersion: '9.9.9',
      schemaVersion: 3,
      now: '2026-12-02T00:00:00.000Z',
    });
    await db2.close();
    const c = admin();
    await c.connect();
    try {
      const r = await c.query(
        "SELECT outbox_high_water::int AS hw, app_version, last_seen_at FROM clients WHERE client_id = 'pulling-device'",
      );
      expect(r.rows[0]).toEqual({
        hw: 7,
        app_version: '9.9.9',
        last_seen_at: '2026-12-02T00:00:00.000Z',
      });
    } finally {
      await c.end();
    }
  });

  it('checks the invariants in one snapshot and refuses a backup, pointing to pg_dump', async () => {
    const report = await store.maintenance.checkInvariants();
    expect(report).toEqual({
      seqHoles: [],
      photosWithoutBytes: [],
      liveChildrenOfDeletedVisits: [],
      seqAboveCounter: 0,
      unreferencedPhotoBytes: { n: 0, bytes: 0 },
      expiredUploads: 0,
    });
    await expect(store.maintenance.backup('/tmp/x')).rejects.toThrow(/pg_dump/);
  });

  it('names its location without the password', () => {
    expect(redactedLocation('postgres://app:s3cret@db.example:5432/sb')).toBe(
      'postgres://app@db.example:5432/sb',
    );
    expect(store.location).toBe(db.url);
  });
});
