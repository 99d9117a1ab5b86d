// A write outside the change feed on PostgreSQL (ServerDb.writeTxOutsideFeed: upload progress,
// leases, a token's expiry) neither waits for the seq counter's lock another process holds nor
// queues behind its own process's sync writes; a sync write still waits for the counter.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServerDb } from '../../../../src/server/store/types';
import { postgresAvailable } from '../../../support/postgres';
import { person, usePostgresDatabase } from './fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!postgresAvailable())('PostgreSQL writes outside the change feed', () => {
  const db = usePostgresDatabase();
  let a: ServerDb;
  let b: ServerDb;

  beforeAll(async () => {
    [a, b] = [await db.open({ poolSize: 10 }), await db.open({ poolSize: 10 })];
  });

  it('commits while another process holds the counter, where a sync write waits', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // Process a: a sync write holding the counter's row lock.
    const holder = a.writeTx(async (tx) => {
      await tx.sync.nextSeq();
      await held;
    });
    await sleep(100);
    const order: string[] = [];
    try {
      const outside = b
        .writeTxOutsideFeed((tx) => tx.users.insert(person('outside-1')))
        .then(() => order.push('outside'));
      const sync = b.writeTx((tx) => tx.sync.nextSeq()).then(() => order.push('sync'));
      // The same process's queue too: a second write outside the feed, queued after its sync
      // write. The two outside writes run side by side, so either may commit first.
      const outsideAgain = b
        .writeTxOutsideFeed((tx) => tx.users.insert(person('outside-2')))
        .then(() => order.push('outside again'));
      await outside;
      await outsideAgain;
      await sleep(200);
      expect([...order].sort()).toEqual(['outside', 'outside again']); // the sync write still waits
      release();
      await holder;
      await sync;
      expect(order).toHaveLength(3);
      expect(order[2]).toBe('sync');
    } finally {
      release(); // a failed expectation must not leave the counter locked for the pool's close
      await holder;
    }
  });

  it('the lock of photo bytes makes a second process wait until the first commits, other bytes not', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const holder = a.writeTxOutsideFeed(async (tx) => {
      await tx.blobs.lockBytes('a'.repeat(64));
      await held;
    });
    await sleep(100);
    const order: string[] = [];
    const same = b
      .writeTxOutsideFeed((tx) => tx.blobs.lockBytes('a'.repeat(64)))
      .then(() => order.push('same bytes'));
    const other = b
      .writeTxOutsideFeed((tx) => tx.blobs.lockBytes('b'.repeat(64)))
      .then(() => order.push('other bytes'));
    await other;
    await sleep(200);
    expect(order).toEqual(['other bytes']);
    release();
    await holder;
    await same;
    expect(order).toEqual(['other bytes', 'same bytes']);
  });
});
