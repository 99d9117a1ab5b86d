// Transactions of the PostgreSQL store (store/postgres/tx.ts, open.ts) on a real cluster, beyond
// the store contract (test/stores/contract/transactions.test.ts): two processes opening a fresh
// database migrate it once; a statement error caught without a savepoint never reports a commit;
// the write transactions of two processes commit in seq order and never interleave; close()
// writes the pending pull notes' columns; the invariant check, the refused backup and the
// location without the password.
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_SCHEMA_VERSION } from '../../../../src/server/store/postgres/migrate';
import { TransactionAborted } from '../../../../src/server/store/postgres/on-connection';
import { redactedLocation } from '../../../../src/server/store/postgres/open';
import type { ServerDb } from '../../../../src/server/store/types';
import { postgresAvailable } from '../../../support/postgres';
import { person, recordOf, rejectionOf, usePostgresDatabase } from './fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!postgresAvailable())('PostgreSQL transactions', () => {
  const db = usePostgresDatabase();
  let store: ServerDb;
  let second: ServerDb;
  const admin = () => new pg.Client({ connectionString: db.url });

  beforeAll(async () => {
    const started = performance.now();
    // Two server processes starting at once on a fresh database.
    [store, second] = await Promise.all([db.open(), db.open()]);
    const openMs = performance.now() - started;
    console.log(`openPostgresServerDb on a fresh database (two at once): ${Math.round(openMs)} ms`);
  }, 60_000);

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

  it('never reports a commit when a statement failed and its error was caught without a savepoint', async () => {
    await expect(
      store.writeTx(async (tx) => {
        await tx.users.insert(person('before-failure'));
        await tx.users.insert(person('before-failure')).catch(() => undefined);
      }),
    ).rejects.toBeInstanceOf(TransactionAborted);
    expect(await store.readTx((tx) => tx.users.byId('before-failure'))).toBeNull();
    // The connection went back to the pool usable.
    await store.writeTx((tx) => tx.users.insert(person('after-failure')));
    expect(await store.readTx((tx) => tx.users.byId('after-failure'))).not.toBeNull();
  });

  it('commits in seq order across two processes: a reader following the cursor misses no row', async () => {
    const writes = (db: ServerDb, tag: string) =>
      Array.from({ length: 30 }, (_, i) =>
        db.writeTx(async (tx) => {
          const seq = await tx.sync.nextSeq();
          // A slow transaction: without the counter's row lock a later seq would commit first.
          if (i % 4 === 0) await sleep(15);
          await tx.sync.insertRejection(rejectionOf(`${tag}-${i}`, { userId: 'reader' }), seq);
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
    const counter = (n: number, seq: number) =>
      recordOf('site', 'counter-site', seq, {
        siteId: 'counter-site',
        data: { n },
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

  it('close() writes the pull notes still pending', async () => {
    const db2 = await db.open({ poolSize: 2 });
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
