// Two things PostgreSQL does differently from SQLite, made to behave alike: a database put back
// to an older copy (a dump restored) never hands out a seq twice and resets a cursor from the
// lost time (seq-floor.ts), and a NUL in a string a client sent is stored as U+FFFD instead of
// failing the request (queryable.ts).
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServerDb } from '../../../../src/server/store/types';
import { postgresAvailable } from '../../../support/postgres';
import { person, rejectionOf, usePostgresDatabase } from './fixtures';

describe.skipIf(!postgresAvailable())('PostgreSQL restore and NUL', () => {
  const db = usePostgresDatabase();
  let store: ServerDb;
  const T0 = Date.parse('2026-12-03T08:00:00Z');

  beforeAll(async () => {
    store = await db.open({ poolSize: 2, now: () => T0 });
  });

  const seqs = (n: number) =>
    store.writeTx(async (tx) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push(await tx.sync.nextSeq());
      return out;
    });

  it('every start continues the counter from the clock; a restored copy never reuses a seq and resets cursors from the lost time', async () => {
    const before = await seqs(3);
    expect(before[0]).toBeGreaterThan(T0 * 1000); // continued from the clock at open
    // Take a copy ("the backup"), then hand out seqs a device pulls up to.
    const snapshot = new pg.Client({ connectionString: db.url });
    await snapshot.connect();
    const { rows } = await snapshot.query<{ value: string }>('SELECT value FROM seq_counter');
    const backupSeq = Number(rows[0]!.value);
    const lost = await seqs(5);
    const deviceCursor = lost[4]!;
    await store.close();
    // "Restore": the counter goes back to the backup's value, as pg_restore of the dump would.
    await snapshot.query('UPDATE seq_counter SET value = $1', [backupSeq]);
    await snapshot.end();
    store = await db.open({ poolSize: 2, now: () => T0 + 60_000 });
    const after = await seqs(1);
    expect(after[0]).toBeGreaterThan(deviceCursor); // no seq handed out twice
    expect(await store.readTx((tx) => tx.feed.lostCursor(deviceCursor))).toBe(true);
    expect(await store.readTx((tx) => tx.feed.lostCursor(backupSeq))).toBe(false);
    expect(await store.readTx((tx) => tx.feed.lostCursor(after[0]!))).toBe(false);
  });

  it('a NUL in a rejected mutation or an app version is stored as U+FFFD, not a failed request', async () => {
    await store.writeTx(async (tx) => {
      await tx.users.insert(person('u1'));
      await tx.sync.insertClient('c1', 'u1');
      await tx.sync.clientSeen('c1', {
        outboxHighWater: 1,
        appVersion: '1.0\u0000evil',
        schemaVersion: 6,
        scopeKey: 'all',
        now: '2026-12-03T08:00:00.000Z',
      });
      await tx.sync.insertRejection(
        rejectionOf('r1', {
          clientId: 'c1',
          entity: 'vi\u0000sit',
          entityId: 'a\u0000b',
          path: 'fields.\u0000',
          payload: { note: 'x\u0000y' },
        }),
        await tx.sync.nextSeq(),
      );
    });
    const page = await store.readTx((tx) =>
      tx.feed.page({ cursor: 0, limit: 100, maxBytes: 1e6, userId: 'u1', siteId: null }),
    );
    const rejection = page.changes.find((c) => c.entity === 'rejection' && c.entityId === 'r1');
    expect(rejection).toBeDefined();
    expect(JSON.stringify(rejection)).toContain('a\uFFFDb');
    // The payload is JSON text: its NUL is an escape, kept exactly.
    expect(JSON.stringify(rejection)).toContain('x\\u0000y');
  });
});
