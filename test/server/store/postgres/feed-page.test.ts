// The PostgreSQL change feed (store/postgres/feed-repo.ts) against a real cluster, with the same
// rows written to an in-memory SQLite store: every page (cursor, limit, byte budget, site scope,
// user) must be the same change for change, and each page must end where SQLite's ends. Rows:
// records of two sites and without a site (the seeded templates too), conflicts, rejections of
// two users, records of very different sizes, authors with and without a name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDb } from '../../../../src/server/store/types';
import type { Change } from '../../../../src/shared/protocol';
import { postgresAvailable } from '../../../support/postgres';
import {
  type BothStores,
  conflictOf,
  openBothStores,
  person,
  recordOf,
  rejectionOf,
} from './fixtures';

type Page = { changes: Change[]; hasMore: boolean };
type Query = {
  cursor: number;
  limit: number;
  maxBytes: number;
  userId: string;
  siteId: string | null;
};

const page = (db: ServerDb, q: Query): Promise<Page> => db.readTx((tx) => tx.feed.page(q));

/** Every page from cursor 0 to the end, each page's seqs. */
async function walk(db: ServerDb, q: Omit<Query, 'cursor'>): Promise<number[][]> {
  const pages: number[][] = [];
  let cursor = 0;
  for (;;) {
    const p = await page(db, { ...q, cursor });
    pages.push(p.changes.map((c) => c.seq));
    if (!p.hasMore) return pages;
    cursor = p.changes.at(-1)!.seq;
  }
}

/** The same rows on both stores: 120 changes of every kind and size. */
async function fill(db: ServerDb): Promise<void> {
  await db.writeTx(async (tx) => {
    await tx.users.insert(person('u1', 'Person Eins'));
    await tx.users.insert(person('u2', ''));
    for (let i = 0; i < 120; i++) {
      const seq = await tx.sync.nextSeq();
      const site = i % 3 === 0 ? 'site-a' : i % 3 === 1 ? 'site-b' : null;
      if (i % 10 === 4) {
        await tx.sync.insertConflict(
          conflictOf(`k${i}`, {
            siteId: site,
            serverValue: i % 20 === 4 ? { list: [1, 'zwei', null], ü: 'ß' } : `server ${i}`,
            serverAuthorId: i % 20 === 4 ? 'u2' : null,
            resolution: i % 30 === 4 ? 'mine' : null,
            status: i % 30 === 4 ? 'resolved' : 'open',
          }),
          seq,
        );
      } else if (i % 10 === 7) {
        await tx.sync.insertRejection(
          rejectionOf(`x${i}`, { userId: i % 20 === 7 ? 'u1' : 'u2', path: i % 4 ? null : 'date' }),
          seq,
        );
      } else {
        // Sizes from a few bytes to 30 KB, so byte budgets end pages at different rows.
        const size = [10, 200, 3_000, 30_000][i % 4]!;
        await tx.sync.writeRecord(
          recordOf('observation', `r${i}`, seq, {
            siteId: site,
            data: { id: `r${i}`, text: `${'ä'.repeat(size / 2)}\u0000😀`, n: i },
            deleted: i % 11 === 0,
            deletedSeq: i % 11 === 0 ? seq : null,
            createdBy: i % 2 ? 'u1' : 'u2',
            updatedBy: i % 5 ? 'u2' : 'unknown-account',
          }),
          true,
        );
      }
    }
  });
}

describe.skipIf(!postgresAvailable())('PostgreSQL change feed', () => {
  let stores: BothStores;
  beforeAll(async () => {
    stores = await openBothStores();
    await stores.each(fill);
  }, 60_000);
  afterAll(() => stores?.close());

  it('answers every page as SQLite does: records, conflicts and rejections in seq order, with authors', async () => {
    const q = { cursor: 0, limit: 5000, maxBytes: 10 << 20, userId: 'u1', siteId: null };
    const { pg, sqlite } = await stores.each((db) => page(db, q));
    expect(pg).toEqual(sqlite);
    const seqs = pg.changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const kinds = new Set(pg.changes.map((c) => c.entity));
    expect(kinds).toEqual(new Set(['checklistTemplate', 'observation', 'conflict', 'rejection']));
    // u2 has no name: the feed names it by its e-mail, as conflicts name people.
    const conflict = pg.changes.find((c) => c.entity === 'conflict' && c.row?.['serverAuthorId']);
    expect(conflict!.row!['serverAuthorName']).toBe('u2@example.org');
    expect(pg.changes.find((c) => c.entityId === 'r1')!.meta).toMatchObject({
      createdByName: 'Person Eins',
      updatedByName: 'u2@example.org',
    });
    expect(pg.hasMore).toBe(false);
  });

  it('keeps to the scope: the site and siteless records, the site conflicts, the user its own rejections', async () => {
    for (const [siteId, userId] of [
      ['site-a', 'u1'],
      ['site-b', 'u2'],
      ['\u0000no-site', 'u1'],
      ['site-unknown', 'nobody'],
    ] as const) {
      const q = { cursor: 0, limit: 5000, maxBytes: 10 << 20, userId, siteId };
      const { pg, sqlite } = await stores.each((db) => page(db, q));
      expect(pg).toEqual(sqlite);
      // Records and conflicts n of fill(): site-a when n % 3 = 0, site-b when 1, no site when 2.
      const allowed = siteId === 'site-a' ? [0, 2] : siteId === 'site-b' ? [1, 2] : [2];
      for (const c of pg.changes) {
        if (c.entity === 'rejection' || c.entity === 'checklistTemplate') continue;
        expect(allowed).toContain(Number(c.entityId.slice(1)) % 3);
      }
      const rejections = pg.changes.filter((c) => c.entity === 'rejection');
      expect(rejections.length).toBe(userId === 'nobody' ? 0 : 6);
    }
    const noSite = await page(stores.pg, {
      cursor: 0,
      limit: 5000,
      maxBytes: 10 << 20,
      userId: 'nobody',
      siteId: '\u0000no-site',
    });
    // Only what has no site: the templates and the siteless records (a conflict always has its site's scope).
    const ids = noSite.changes.map((c) =>
      c.entity === 'checklistTemplate' ? 2 : Number(c.entityId.slice(1)) % 3,
    );
    expect(new Set(noSite.changes.map((c) => c.entity))).toEqual(
      new Set(['checklistTemplate', 'observation']),
    );
    expect(new Set(ids)).toEqual(new Set([2]));
  });

  it('ends every page where SQLite ends it, for every byte budget and limit', async () => {
    for (const siteId of [null, 'site-a']) {
      for (const maxBytes of [1, 2_000, 35_000, 100_000, 250_000]) {
        for (const limit of [3, 5000]) {
          const q = { limit, maxBytes, userId: 'u1', siteId };
          const { pg, sqlite } = await stores.each((db) => walk(db, q));
          expect(pg, JSON.stringify(q)).toEqual(sqlite);
        }
      }
    }
  });

  it('cuts at the byte budget counted in UTF-8 bytes, the first change always fitting', async () => {
    const q = { cursor: 0, limit: 5000, maxBytes: 1, userId: 'u1', siteId: null };
    const one = await page(stores.pg, q);
    expect(one.changes).toHaveLength(1);
    expect(one.hasMore).toBe(true);
    // A budget one byte short of two changes holds one; exactly two changes' bytes holds two.
    const sizes = (await page(stores.pg, { ...q, maxBytes: 10 << 20 })).changes.map(
      (c) => Buffer.byteLength(JSON.stringify(c.row)) + 400,
    );
    const two = sizes[0]! + sizes[1]!;
    expect((await page(stores.pg, { ...q, maxBytes: two - 1 })).changes).toHaveLength(1);
    expect((await page(stores.pg, { ...q, maxBytes: two })).changes).toHaveLength(2);
  });

  it('pages past its first batch of rows the same way (many small rows, one snapshot)', async () => {
    await stores.each((db) =>
      db.writeTx(async (tx) => {
        for (let i = 0; i < 700; i++) {
          const seq = await tx.sync.nextSeq();
          await tx.sync.writeRecord(
            recordOf('observation', `small${i}`, seq, { siteId: 'site-c' }),
            true,
          );
        }
      }),
    );
    const all = { cursor: 0, limit: 5000, maxBytes: 2 << 20, userId: 'u1', siteId: 'site-c' };
    const before = (await page(stores.pg, all)).changes.filter(
      (c) => !c.entityId.startsWith('small'),
    ).length;
    for (const limit of [450, 699, 700, before + 699, 5000]) {
      const q = { ...all, limit };
      const { pg, sqlite } = await stores.each((db) => page(db, q));
      expect(pg).toEqual(sqlite);
      expect(pg.changes.filter((c) => c.entityId.startsWith('small'))).toHaveLength(
        Math.max(0, Math.min(limit - before, 700)),
      );
      expect(pg.hasMore).toBe(limit < before + 700);
    }
  });

  it("reads the newest seq from the page's own snapshot and keeps every cursor", async () => {
    const { pg, sqlite } = await stores.each((db) =>
      db.readTx(async (tx) => [await tx.feed.currentSeq(), await tx.feed.lostCursor(3)]),
    );
    expect(pg).toEqual(sqlite);
    expect(pg[0]).toBe(4 + 120 + 700);
  });
});
