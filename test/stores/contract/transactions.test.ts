// The store contract, transactions: a write transaction commits or rolls back as a whole (its
// seqs too), a savepoint rolls back alone, a read snapshot neither sees a write committed while
// it is open nor may write; seqs rise strictly, one consecutive run per transaction; the group
// commit (ServerDb.groupTx and makeGroupCommit over the store's writeTx) keeps each job atomic
// and settles it only after COMMIT; close() writes the pull notes still pending.
import { expect, it } from 'vitest';
import { makeGroupCommit } from '../../../src/server/store/group-commit';
import type { StoreTx } from '../../../src/server/store/types';
import { person } from '../../server/store/postgres/fixtures';
import { eachStore } from './each-store';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A promise and the function that settles it: a step another transaction waits for. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

eachStore('transactions', (s) => {
  const exists = (id: string) => s.read(async (tx) => (await tx.users.byId(id)) !== null);

  it('rolls back a write transaction as a whole when it throws, its seqs included', async () => {
    const before = await s.read((tx) => tx.sync.currentSeq());
    const failing = s.write(async (tx) => {
      await tx.users.insert(person('tx-rolled-back'));
      await tx.sync.nextSeq();
      await tx.sync.nextSeq();
      throw new Error('the request failed');
    });
    await expect(failing).rejects.toThrow('the request failed');
    expect(await exists('tx-rolled-back')).toBe(false);
    expect(await s.read((tx) => tx.sync.currentSeq())).toBe(before);
    // The next transaction takes the seq the rolled-back one had taken: no gap.
    expect(await s.write((tx) => tx.sync.nextSeq())).toBe(before + 1);
  });

  it('a write outside the change feed commits its rows but may take no seq (it does not hold the counter)', async () => {
    const before = await s.read((tx) => tx.sync.currentSeq());
    await s.db.writeTxOutsideFeed((tx) => tx.users.insert(person('outside-feed')));
    expect(await exists('outside-feed')).toBe(true);
    const seqTaken = s.db.writeTxOutsideFeed(async (tx) => {
      await tx.users.insert(person('outside-feed-seq'));
      await tx.sync.nextSeq();
    });
    await expect(seqTaken).rejects.toThrow(/outside the change feed/);
    const purge = s.db.writeTxOutsideFeed((tx) => tx.retention.purgeVisit('no-such-visit'));
    await expect(purge).rejects.toThrow(/outside the change feed/);
    expect(await exists('outside-feed-seq')).toBe(false);
    expect(await s.read((tx) => tx.sync.currentSeq())).toBe(before);
  });

  it('rolls back a savepoint alone, nested ones too; a failed statement inside one leaves the transaction usable', async () => {
    const outcomes = await s.write(async (tx) => {
      const attempt = (fn: () => Promise<unknown>) =>
        tx.savepoint(fn).then(
          () => 'kept',
          (e: unknown) => `undone: ${e instanceof Error ? e.message.slice(0, 12) : 'error'}`,
        );
      await tx.users.insert(person('sp-outer'));
      return [
        await attempt(async () => {
          await tx.users.insert(person('sp-thrown'));
          throw new Error('inner throws');
        }),
        // The same id again: the statement fails, only the savepoint is undone.
        await attempt(() => tx.users.insert(person('sp-outer'))),
        await attempt(async () => {
          await tx.users.insert(person('sp-middle'));
          return attempt(async () => {
            await tx.users.insert(person('sp-innermost'));
            throw new Error('innermost throws');
          });
        }),
      ];
    });
    expect(outcomes).toEqual(['undone: inner throws', expect.stringMatching(/^undone/), 'kept']);
    expect(
      await Promise.all(['sp-outer', 'sp-thrown', 'sp-middle', 'sp-innermost'].map(exists)),
    ).toEqual([true, false, true, false]);
  });

  it('inside a write transaction currentSeq is the newest seq taken; a savepoint rolled back gives its seqs back, nested ones too', async () => {
    const before = await s.read((tx) => tx.sync.currentSeq());
    const undone = (tx: StoreTx, fn: () => Promise<unknown>) =>
      tx.savepoint(fn).then(
        () => 'kept',
        () => 'undone',
      );
    const seen = await s.write(async (tx) => {
      const first = await tx.sync.nextSeq();
      const current = [await tx.sync.currentSeq(), await tx.feed.currentSeq()];
      const thrown = await undone(tx, async () => {
        await tx.sync.nextSeq();
        await tx.sync.nextSeq();
        throw new Error('takes two seqs, then throws');
      });
      const second = await tx.sync.nextSeq();
      let inner: number[] = [];
      const nested = await undone(tx, async () => {
        const outer = await tx.sync.nextSeq();
        await undone(tx, async () => {
          await tx.sync.nextSeq();
          throw new Error('innermost throws');
        });
        inner = [outer, await tx.sync.nextSeq()];
      });
      return { first, current, thrown, second, nested, inner, last: await tx.sync.currentSeq() };
    });
    expect(seen).toEqual({
      first: before + 1,
      current: [before + 1, before + 1],
      thrown: 'undone',
      second: before + 2,
      nested: 'kept',
      inner: [before + 3, before + 4],
      last: before + 4,
    });
    expect(await s.read((tx) => tx.sync.currentSeq())).toBe(before + 4);
    expect(await s.write((tx) => tx.sync.nextSeq())).toBe(before + 5);
  });

  it('a read snapshot does not see what commits while it is open', async () => {
    const opened = gate();
    const resume = gate();
    const reading = s.read(async (tx) => {
      const seq = await tx.sync.currentSeq();
      const before = await tx.users.byId('tx-during-read');
      opened.open();
      await resume.opened;
      return {
        seq,
        before,
        seqAfter: await tx.sync.currentSeq(),
        after: await tx.users.byId('tx-during-read'),
      };
    });
    await opened.opened;
    // The write does not wait for the open snapshot.
    await s.write(async (tx) => {
      await tx.users.insert(person('tx-during-read'));
      await tx.sync.nextSeq();
    });
    resume.open();
    const seen = await reading;
    expect(seen.before).toBeNull();
    expect(seen.after).toBeNull();
    expect(seen.seqAfter).toBe(seen.seq);
    expect(await exists('tx-during-read')).toBe(true);
    expect(await s.read((tx) => tx.feed.currentSeq())).toBe(seen.seq + 1);
  });

  it('refuses a write inside a read snapshot, and stores none of it', async () => {
    await expect(s.read((tx) => tx.users.insert(person('tx-written-in-read')))).rejects.toThrow();
    expect(await exists('tx-written-in-read')).toBe(false);
  });

  it('hands out seqs strictly rising, one consecutive run per transaction, however the transactions overlap', async () => {
    const start = await s.read((tx) => tx.sync.currentSeq());
    const runs = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        s.write(async (tx) => {
          const first = await tx.sync.nextSeq();
          if (i % 4 === 0) await pause(3);
          return [first, await tx.sync.nextSeq()];
        }),
      ),
    );
    for (const [a, b] of runs) expect(b).toBe(a! + 1);
    // Each transaction started after the one before it committed: seqs in the order queued.
    expect(runs.flat()).toEqual(Array.from({ length: 48 }, (_, i) => start + 1 + i));
    expect(await s.read((tx) => tx.sync.currentSeq())).toBe(start + 48);
  });

  it('group commit: jobs queued together share one transaction; a failing job rolls back only its writes', async () => {
    const base = await s.read((tx) => tx.feed.currentSeq());
    const transactions: number[] = [];
    const group = makeGroupCommit((body) => {
      transactions.push(transactions.length + 1);
      return s.db.writeTx(body);
    });
    const a = group((tx) => tx.sync.nextSeq());
    const b = group(async (tx) => {
      await tx.sync.nextSeq();
      throw new Error('job b fails');
    });
    const c = group((tx) => tx.sync.nextSeq());
    const bFailed = expect(b).rejects.toThrow('job b fails');
    expect(await a).toBe(base + 1);
    // Settled after the COMMIT: a read snapshot sees every surviving job's write.
    expect(await s.read((tx) => tx.feed.currentSeq())).toBe(base + 2);
    await bFailed;
    expect(await c).toBe(base + 2);
    expect(transactions).toEqual([1]);
    // The store's own group commit does the same.
    const d = s.db.groupTx(async (tx) => {
      await tx.users.insert(person('group-kept'));
      return tx.sync.nextSeq();
    });
    const e = s.db.groupTx(async (tx) => {
      await tx.users.insert(person('group-undone'));
      await tx.sync.nextSeq();
      throw new Error('job e fails');
    });
    const eFailed = expect(e).rejects.toThrow('job e fails');
    expect(await d).toBe(base + 3);
    await eFailed;
    expect(await s.read((tx) => tx.feed.currentSeq())).toBe(base + 3);
    expect([await exists('group-kept'), await exists('group-undone')]).toEqual([true, false]);
  });

  it('group commit: a job queued after the group started waits for the next transaction; a failed transaction fails all its jobs', async () => {
    const transactions: string[] = [];
    let failNext = false;
    const group = makeGroupCommit(<R>(body: (tx: StoreTx) => Promise<R>) =>
      s.db.writeTx(async (tx) => {
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
    await Promise.all([
      expect(x).rejects.toThrow('commit fails'),
      expect(y).rejects.toThrow('commit fails'),
    ]);
    failNext = false;
    expect(await s.read((tx) => tx.feed.currentSeq())).toBe(firstSeq + 1);
  });
});

eachStore(
  'closing the store',
  (s) => {
    it('close() writes the pull notes still pending; a store opened again on the data sees them', async () => {
      await s.write(async (tx) => {
        await tx.users.insert(person('puller'));
        await tx.sync.insertClient('puller-device', 'puller');
      });
      s.db.notePulled('puller-device', {
        outboxHighWater: 3,
        appVersion: '2.0.0',
        schemaVersion: 4,
        now: '2026-03-02T08:00:00.000Z',
      });
      await s.db.close();
      const again = await s.store.reopen();
      try {
        const [puller] = await again.readTx((tx) => tx.users.accounts());
        expect(puller).toMatchObject({ id: 'puller', lastSyncAt: '2026-03-02T08:00:00.000Z' });
      } finally {
        await again.close();
      }
    });
  },
  { fresh: 'case' },
);
