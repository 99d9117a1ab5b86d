// The PostgreSQL change feed against a real cluster, beyond the store contract
// (test/stores/contract/feed.test.ts): PostgreSQL reads a page in keyset batches of one snapshot
// (a first batch of 200 rows, later ones sized by what the byte budget has room for), and every
// page must still end exactly where the count or the byte budget ends it, also inside a later
// batch, and a walk over the pages yield every change once.
import { beforeAll, describe, expect, it } from 'vitest';
import type { FeedStore, ServerDb } from '../../../../src/server/store/types';
import type { Change } from '../../../../src/shared/protocol';
import { postgresAvailable } from '../../../support/postgres';
import { recordOf, usePostgresDatabase } from './fixtures';

type Query = Parameters<FeedStore['page']>[0];

/** Records written: several times the first batch, of sizes from a few bytes to 2 KB. */
const COUNT = 700;
const dataOf = (i: number) => ({
  id: `small${i}`,
  n: i,
  text: `${'ä'.repeat((i % 7) * 150)}\u0000`,
});

/** What a change costs the page's byte budget (store/feed-rows.ts). */
const cost = (c: Change) => Buffer.byteLength(JSON.stringify(c.row)) + 400;

/** The page the rules give from position `from` of all changes: count and bytes, the first always fitting. */
function expectedPage(all: Change[], from: number, limit: number, maxBytes: number) {
  const changes: Change[] = [];
  let bytes = 0;
  for (const c of all.slice(from)) {
    if (changes.length === limit || (changes.length > 0 && bytes + cost(c) > maxBytes))
      return { changes, hasMore: true };
    bytes += cost(c);
    changes.push(c);
  }
  return { changes, hasMore: false };
}

describe.skipIf(!postgresAvailable())('PostgreSQL change feed in batches', () => {
  const database = usePostgresDatabase();
  let store: ServerDb;
  const page = (q: Omit<Query, 'userId' | 'siteId'>) =>
    store.readTx((tx) => tx.feed.page({ ...q, userId: 'u1', siteId: 'site-c' }));

  beforeAll(async () => {
    store = await database.open();
    await store.writeTx(async (tx) => {
      for (let i = 0; i < COUNT; i++) {
        const seq = await tx.sync.nextSeq();
        await tx.sync.writeRecord(
          recordOf('observation', `small${i}`, seq, { siteId: 'site-c', data: dataOf(i) }),
          true,
        );
      }
    });
  });

  it('answers every change in one page past the first batch: the seeded templates, then each record as written', async () => {
    const all = await page({ cursor: 0, limit: 5000, maxBytes: 10 << 20 });
    expect(all.hasMore).toBe(false);
    const templates = all.changes.filter((c) => c.entity === 'checklistTemplate');
    expect(templates).toHaveLength(4);
    const records = all.changes.slice(templates.length);
    expect(records.map((c) => c.row)).toEqual(Array.from({ length: COUNT }, (_, i) => dataOf(i)));
    const seqs = all.changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it.each([
    [450, 10 << 20],
    [699, 10 << 20],
    [704, 10 << 20],
    [705, 10 << 20],
    [5000, 400_000],
    [5000, 60_000],
    [300, 150_000],
  ])(
    'pages of at most %i changes and %i bytes end where the rules end them and walk every change once',
    async (limit, maxBytes) => {
      const all = (await page({ cursor: 0, limit: 5000, maxBytes: 10 << 20 })).changes;
      let from = 0;
      let cursor = 0;
      for (let n = 0; n <= all.length; n++) {
        const got = await page({ cursor, limit, maxBytes });
        expect(got, `page from change ${from}`).toEqual(expectedPage(all, from, limit, maxBytes));
        from += got.changes.length;
        if (!got.hasMore) break;
        cursor = got.changes.at(-1)!.seq;
      }
      expect(from).toBe(all.length);
    },
  );
});
