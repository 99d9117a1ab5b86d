// The store contract, the change feed: Change objects with parsed rows, boolean flags and the
// records' authors (named by their account, its e-mail when the name is empty), in seq order
// after a cursor; a site's scope holds its records, the records without a site and its
// conflicts, and a user sees only its own rejections; pages end at the limit or before the byte
// budget (a row's UTF-8 bytes plus 400 a change), the first change always fitting; walking the
// pages yields every change once.
import { beforeAll, expect, it } from 'vitest';
import type { FeedStore } from '../../../src/server/store/types';
import type { Change } from '../../../src/shared/protocol';
import { conflictOf, person, recordOf, rejectionOf } from '../../server/store/postgres/fixtures';
import { eachStore } from './each-store';

type Query = Parameters<FeedStore['page']>[0];

/** What a change costs the page's byte budget (store/sqlite/feed-repo.ts). */
const cost = (row: unknown) => Buffer.byteLength(JSON.stringify(row)) + 400;

eachStore('change feed', (s) => {
  /** Seq of the feed before this block wrote (the seeded templates come before it). */
  let base = 0;
  const page = (q: Partial<Query>) =>
    s.read((tx) =>
      tx.feed.page({
        cursor: base,
        limit: 100,
        maxBytes: 1 << 20,
        userId: 'u1',
        siteId: null,
        ...q,
      }),
    );
  const ids = (changes: Change[]) => changes.map((c) => `${c.entity}:${c.entityId}`);

  beforeAll(async () => {
    base = await s.read((tx) => tx.feed.currentSeq());
    await s.write(async (tx) => {
      await tx.users.insert(person('u1', 'Person Eins'));
      await tx.users.insert(person('u2', ''));
      const next = () => tx.sync.nextSeq();
      // base+1 … base+8, in this order.
      await tx.sync.writeRecord(
        recordOf('site', 'north', await next(), {
          siteId: 'north',
          data: { id: 'north', name: 'Nord', tags: ['a'] },
          createdBy: 'u1',
          updatedBy: 'u2',
          updatedAt: '2026-12-02T00:00:00.000Z',
        }),
        true,
      );
      await tx.sync.insertConflict(
        conflictOf('k-north', {
          siteId: 'north',
          clientValue: { text: 'Süd' },
          serverAuthorId: 'u2',
        }),
        await next(),
      );
      await tx.sync.insertRejection(rejectionOf('x-u1', { userId: 'u1' }), await next());
      await tx.sync.insertRejection(rejectionOf('x-u2', { userId: 'u2' }), await next());
      await tx.sync.writeRecord(
        recordOf('site', 'south', await next(), {
          siteId: 'south',
          createdBy: 'unknown-account',
          updatedBy: null,
        }),
        true,
      );
      await tx.sync.writeRecord(
        recordOf('checklistTemplate', 'tpl-own', await next(), {
          createdBy: null,
          updatedBy: null,
        }),
        true,
      );
      await tx.sync.insertConflict(conflictOf('k-south', { siteId: 'south' }), await next());
      const seq = await next();
      await tx.sync.writeRecord(
        recordOf('observation', 'obs-deleted', seq, {
          siteId: 'north',
          data: { id: 'obs-deleted', text: 'ä😀'.repeat(300) },
          deleted: true,
          deletedSeq: seq,
        }),
        true,
      );
    });
  });

  it('answers Change objects in seq order: parsed rows, boolean flags, authors on records only', async () => {
    const { changes, hasMore } = await page({});
    expect(hasMore).toBe(false);
    expect(changes.map((c) => [c.seq - base, c.entity, c.entityId, c.deleted])).toEqual([
      [1, 'site', 'north', false],
      [2, 'conflict', 'k-north', false],
      [3, 'rejection', 'x-u1', false],
      [5, 'site', 'south', false],
      [6, 'checklistTemplate', 'tpl-own', false],
      [7, 'conflict', 'k-south', false],
      [8, 'observation', 'obs-deleted', true],
    ]);
    const [north, conflict, rejection, south] = changes;
    expect(north!.row).toEqual({ id: 'north', name: 'Nord', tags: ['a'] });
    expect(north!.version).toBe(base + 1);
    expect(north!.meta).toEqual({
      createdBy: 'u1',
      createdByName: 'Person Eins',
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedBy: 'u2',
      updatedByName: 'u2@example.org', // no name: its e-mail
      updatedAt: '2026-12-02T00:00:00.000Z',
    });
    expect(south!.meta).toMatchObject({ createdBy: 'unknown-account', createdByName: null });
    expect(south!.meta).toMatchObject({ updatedBy: null, updatedByName: null });
    // A conflict's row: its record fields but its site and device, with the server author's name.
    const {
      siteId: _site,
      clientId: _device,
      ...stored
    } = conflictOf('k-north', {
      siteId: 'north',
      clientValue: { text: 'Süd' },
      serverAuthorId: 'u2',
    });
    expect(conflict!.row).toEqual({ ...stored, serverAuthorName: 'u2@example.org' });
    expect(conflict!.meta).toBeUndefined();
    // A rejection's row: its record fields but its user.
    const { userId: _user, ...refused } = rejectionOf('x-u1', { userId: 'u1' });
    expect(rejection!.row).toEqual(refused);
    expect(rejection!.meta).toBeUndefined();
    expect(await s.read((tx) => tx.feed.currentSeq())).toBe(base + 8);
    expect(await s.read((tx) => tx.feed.lostCursor(base))).toBe(false);
  });

  it("keeps to the scope: a site's records, the siteless records and the site's conflicts; a user's own rejections", async () => {
    expect(ids((await page({ siteId: 'north', userId: 'u2' })).changes)).toEqual([
      'site:north',
      'conflict:k-north',
      'rejection:x-u2',
      'checklistTemplate:tpl-own',
      'observation:obs-deleted',
    ]);
    expect(ids((await page({ siteId: 'south', userId: 'nobody' })).changes)).toEqual([
      'site:south',
      'checklistTemplate:tpl-own',
      'conflict:k-south',
    ]);
    // The scope of an account without a site: only what has no site.
    expect(ids((await page({ siteId: '\u0000no-site', userId: 'nobody' })).changes)).toEqual([
      'checklistTemplate:tpl-own',
    ]);
  });

  it('pages by count and by bytes, the first change always fitting, and a walk yields every change once', async () => {
    const all = (await page({})).changes;
    expect(await page({ limit: 2 })).toMatchObject({
      hasMore: true,
      changes: [{ seq: base + 1 }, { seq: base + 2 }],
    });
    expect(await page({ maxBytes: 1 })).toMatchObject({
      hasMore: true,
      changes: [{ seq: base + 1 }],
    });
    expect(await page({ cursor: base + 7, maxBytes: 1 })).toMatchObject({
      hasMore: false,
      changes: [{ seq: base + 8 }],
    });
    // Exactly the first two changes' bytes hold two; a byte less holds one.
    const two = cost(all[0]!.row) + cost(all[1]!.row);
    expect((await page({ maxBytes: two })).changes).toHaveLength(2);
    expect((await page({ maxBytes: two - 1 })).changes).toHaveLength(1);
    for (const maxBytes of [1, 900, 2_000, 5_000]) {
      const walked: Change[] = [];
      let cursor = base;
      for (;;) {
        const p = await page({ cursor, maxBytes, limit: 3 });
        walked.push(...p.changes);
        if (!p.hasMore) break;
        cursor = p.changes.at(-1)!.seq;
      }
      expect(walked, `maxBytes ${maxBytes}`).toEqual(all);
    }
    expect(await page({ cursor: base + 8 })).toEqual({ changes: [], hasMore: false });
  });
});
