// Group commit (src/server/store/group-commit.ts): jobs queued in one event-loop turn share one
// write transaction, each atomic in its own savepoint, and each settles only after that
// transaction committed. Checked on the SQLite store and through the real sync route.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeGroupCommit } from '../../../src/server/store/group-commit';
import { openServerDb } from '../../../src/server/store/sqlite/open';
import type { StoreTx } from '../../../src/server/store/types';
import { makeDevice, makeHarness, siteFields } from '../../support/server';

describe('group commit', () => {
  it('jobs queued together commit together, and a failing job rolls back only its own writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-group-'));
    const db = openServerDb(join(dir, 'db.sqlite'));
    try {
      // Seqs continue after the template rows migration 10 seeds.
      const base = await db.readTx((tx) => tx.feed.currentSeq());
      const transactions: number[] = [];
      const group = makeGroupCommit((body) => {
        transactions.push(transactions.length + 1);
        return db.writeTx(body);
      });
      const a = group((tx) => tx.sync.nextSeq());
      const b = group(async (tx) => {
        await tx.sync.nextSeq();
        throw new Error('job b fails');
      });
      const c = group((tx) => tx.sync.nextSeq());
      expect(await a).toBe(base + 1);
      // Settled after the COMMIT: the read-only connection sees every surviving job's write.
      expect(await db.readTx((tx) => tx.feed.currentSeq())).toBe(base + 2);
      await expect(b).rejects.toThrow('job b fails');
      expect(await c).toBe(base + 2);
      expect(transactions).toEqual([1]);
      // The store's own group commit does the same.
      const d = db.groupTx((tx) => tx.sync.nextSeq());
      const e = db.groupTx(async (tx) => {
        await tx.sync.nextSeq();
        throw new Error('job e fails');
      });
      expect(await d).toBe(base + 3);
      await expect(e).rejects.toThrow('job e fails');
      expect(await db.readTx((tx) => tx.feed.currentSeq())).toBe(base + 3);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a job queued after the group started waits for the next transaction; a failed transaction fails all its jobs', async () => {
    const db = openServerDb(':memory:');
    try {
      const transactions: string[] = [];
      let failNext = false;
      const group = makeGroupCommit(<R>(body: (tx: StoreTx) => Promise<R>) =>
        db.writeTx(async (tx) => {
          transactions.push('begin');
          const value = await body(tx);
          if (failNext) throw new Error('commit fails');
          return value;
        }),
      );
      let late: Promise<number> | null = null;
      const first = group(async (tx) => {
        late = group((t) => t.sync.nextSeq());
        return tx.sync.nextSeq();
      });
      const firstSeq = await first;
      expect(await late!).toBe(firstSeq + 1);
      expect(transactions).toEqual(['begin', 'begin']);

      failNext = true;
      const x = group((tx) => tx.sync.nextSeq());
      const y = group((tx) => tx.sync.nextSeq());
      await expect(x).rejects.toThrow('commit fails');
      await expect(y).rejects.toThrow('commit fails');
      failNext = false;
      expect(await db.readTx((tx) => tx.feed.currentSeq())).toBe(firstSeq + 1);
    } finally {
      await db.close();
    }
  });

  it('concurrent sync requests from many devices all apply with distinct seqs and full results', async () => {
    const h = await makeHarness();
    try {
      const coord = await h.user('coordinator');
      const devices = Array.from({ length: 12 }, () => makeDevice(h, coord.token));
      const sites = devices.map(() => siteFields());
      const answers = await Promise.all(
        devices.map((d, i) => d.sync([d.mutation('site', sites[i]!.id, 'create', sites[i]!)])),
      );
      const seqs = answers.map((r) => r.results[0]!.serverSeq);
      expect(answers.every((r) => r.results[0]!.status === 'applied')).toBe(true);
      expect(new Set(seqs).size).toBe(12);
      const all = await makeDevice(h, coord.token).sync();
      expect(all.changes.map((c) => c.entityId).sort()).toEqual(sites.map((s) => s.id).sort());
    } finally {
      await h.close();
    }
  });
});
