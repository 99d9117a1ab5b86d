// The store answers domain types: JSON columns parsed, 0/1 flags as booleans, camelCase names,
// null for "not there". Everything above the store relies on that and parses nothing itself.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MutationResult } from '../../../src/shared/protocol';
import {
  openServerDb,
  type ServerDb,
  type StoredRecord,
  type StoreTx,
} from '../../../src/server/store/store';

const site = (seq: number, deleted: boolean): StoredRecord => ({
  entity: 'site',
  id: 's1',
  siteId: 's1',
  visitId: null,
  data: { id: 's1', name: 'Nord', tags: ['a'] },
  fieldVersions: { name: seq },
  fieldWriters: { name: 'c1' },
  version: seq,
  createdSeq: 1,
  seq,
  deleted,
  deletedSeq: deleted ? seq : null,
  deletedByCascade: false,
  createdBy: 'u1',
  updatedBy: 'u1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: `2026-01-0${seq}T00:00:00.000Z`,
});

/** Each call in its own read snapshot: `await read((tx) => tx.sync.record(…))`. */
const reader =
  (db: ServerDb) =>
  <T>(fn: (tx: StoreTx) => Promise<T>) =>
    db.readTx(fn);

/** Each call in its own write transaction. */
const writer =
  (db: ServerDb) =>
  <T>(fn: (tx: StoreTx) => Promise<T>) =>
    db.writeTx(fn);

/** Seqs 1–4: the version-1 template rows migration 10 seeds; the feed below reads after them. */
const SEEDED = 4;

describe('server store', () => {
  it('round-trips a record, and the change feed answers Change objects with parsed rows and boolean flags', async () => {
    const db = openServerDb(':memory:');
    const read = reader(db);
    try {
      await db.writeTx(async (tx) => {
        await tx.sync.writeRecord(site(await tx.sync.nextSeq(), false));
        await tx.sync.insertConflict(
          {
            id: 'k1',
            entity: 'site',
            entityId: 's1',
            siteId: 's1',
            kind: 'field',
            field: 'name',
            serverValue: 'Nord',
            clientValue: { text: 'Süd' },
            mutationId: 'm1',
            author: 'A',
            status: 'open',
            resolution: null,
            createdAt: '2026-01-01T00:00:00.000Z',
          },
          await tx.sync.nextSeq(),
        );
        await tx.sync.insertRejection(
          {
            id: 'x1',
            mutationId: 'm2',
            clientId: 'c1',
            userId: 'u1',
            entity: 'site',
            entityId: 's1',
            code: 'forbidden',
            message: 'no',
            path: null,
            payload: { a: 1 },
            createdAt: '2026-01-01T00:00:00.000Z',
          },
          await tx.sync.nextSeq(),
        );
        await tx.sync.writeRecord(site(await tx.sync.nextSeq(), true));
      });
      // The first write's time stays the creation time; each write sets the time of the last change.
      expect(await read((tx) => tx.sync.record('site', 's1'))).toEqual(site(8, true));
      expect(await read((tx) => tx.sync.record('site', 'missing'))).toBeNull();
      expect(await read((tx) => tx.sync.place('site', 's1'))).toEqual({
        siteId: 's1',
        deleted: true,
        purged: false,
      });
      expect(await read((tx) => tx.sync.place('site', 'missing'))).toBeNull();
      expect(await read((tx) => tx.sync.conflict('k1'))).toMatchObject({
        entityId: 's1',
        siteId: 's1',
        serverValue: 'Nord',
        clientValue: { text: 'Süd' },
      });
      expect(await read((tx) => tx.sync.conflict('missing'))).toBeNull();

      const page = (userId: string, siteId: string | null, limit = 10, maxBytes = 1 << 20) =>
        read((tx) => tx.feed.page({ cursor: SEEDED, limit, maxBytes, userId, siteId }));
      const { changes: feed, hasMore } = await page('u1', null);
      expect(hasMore).toBe(false);
      expect(feed.map((c) => [c.seq, c.entity, c.entityId, c.deleted])).toEqual([
        [6, 'conflict', 'k1', false],
        [7, 'rejection', 'x1', false],
        [8, 'site', 's1', true],
      ]);
      expect(feed[0]!.row).toMatchObject({
        id: 'k1',
        clientValue: { text: 'Süd' },
        resolution: null,
      });
      expect(feed[1]!.row).toMatchObject({ id: 'x1', payload: { a: 1 } });
      expect(feed[2]!.row).toEqual({ id: 's1', name: 'Nord', tags: ['a'] });
      // Records carry their authors (unknown accounts: no names), conflicts and rejections none.
      expect(feed[2]!.meta).toEqual({
        createdBy: 'u1',
        createdByName: null,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedBy: 'u1',
        updatedByName: null,
        updatedAt: '2026-01-08T00:00:00.000Z',
      });
      expect(feed[0]!.meta).toBeUndefined();
      expect((await page('someone-else', 'other-site')).changes).toEqual([]);
      // Paged by count and by bytes; the first change always fits.
      expect(await page('u1', null, 2)).toMatchObject({
        hasMore: true,
        changes: [{ seq: 6 }, { seq: 7 }],
      });
      expect(await page('u1', null, 10, 1)).toMatchObject({
        hasMore: true,
        changes: [{ seq: 6 }],
      });
      expect(await read((tx) => tx.feed.currentSeq())).toBe(8);
    } finally {
      await db.close();
    }
  });

  it('stores the writers of a record one device wrote whole as that device alone, and answers them per field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-store-'));
    const db = openServerDb(join(dir, 'db.sqlite'));
    const read = reader(db);
    // This test writes seqs 1–3 by hand: the seeded template rows (migration 10) hold them.
    new Database(db.location)
      .prepare("DELETE FROM records WHERE entity = 'checklistTemplate'")
      .run();
    try {
      const fieldVersions = { id: 1, name: 1, tags: 1 };
      const created = {
        ...site(1, false),
        fieldVersions,
        fieldWriters: { id: 'c1', name: 'c1', tags: 'c1' },
        version: 1,
      };
      await db.writeTx((tx) => tx.sync.writeRecord(created));
      const raw = () =>
        new Database(db.location, { readonly: true })
          .prepare("SELECT field_writers FROM records WHERE entity = 'site' AND id = 's1'")
          .pluck()
          .get() as string;
      // A create (every field by one device) keeps one id, not one per field: rows stay small.
      expect(JSON.parse(raw())).toBe('c1');
      expect(await read((tx) => tx.sync.record('site', 's1'))).toEqual(created);
      expect(await read((tx) => tx.sync.childStates('nothing'))).toEqual([]);
      // Another device's edit of one field: stored and answered per field again.
      const edited = {
        ...created,
        fieldVersions: { ...fieldVersions, name: 2 },
        fieldWriters: { id: 'c1', name: 'c2', tags: 'c1' },
        version: 2,
        seq: 2,
      };
      await db.writeTx((tx) => tx.sync.writeRecord(edited));
      expect(JSON.parse(raw())).toEqual({ id: 'c1', name: 'c2', tags: 'c1' });
      expect(await read((tx) => tx.sync.record('site', 's1'))).toEqual(edited);
      // A writer map that does not name every versioned field is kept as it is.
      const partial = { ...edited, fieldWriters: { name: 'c2' }, seq: 3, version: 3 };
      await db.writeTx((tx) => tx.sync.writeRecord(partial));
      expect(await read((tx) => tx.sync.record('site', 's1'))).toEqual(partial);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stores a mutation result and answers it parsed', async () => {
    const db = openServerDb(':memory:');
    const read = reader(db);
    try {
      const result: MutationResult = {
        id: 'm1',
        clientSeq: 1,
        status: 'conflict',
        serverSeq: 7,
        conflictIds: ['k1'],
      };
      await db.writeTx(async (tx) => {
        await tx.sync.insertClient('c1', 'u1');
        await tx.sync.insertApplied('c1', 1, 'm1', result, '2026-01-01T00:00:00.000Z');
      });
      expect(await read((tx) => tx.sync.applied('c1', 1))).toEqual({ mutationId: 'm1', result });
      expect(await read((tx) => tx.sync.applied('c1', 2))).toBeNull();
      expect(await read((tx) => tx.sync.mutationIdUsed('m1'))).toBe(true);
      expect(await read((tx) => tx.sync.client('c1'))).toEqual({
        userId: 'u1',
        lastClientSeq: 0,
        scopeKey: null,
      });
    } finally {
      await db.close();
    }
  });

  it('answers users, tokens, invites and uploads in domain shape', async () => {
    const db = openServerDb(':memory:');
    const read = reader(db);
    const write = writer(db);
    try {
      await write((tx) =>
        tx.users.insert({
          id: 'u1',
          email: 'a@example.org',
          name: 'A',
          role: 'member',
          siteId: null,
          passwordHash: null,
          createdAt: '2026-01-01T00:00:00.000Z',
        }),
      );
      expect(await read((tx) => tx.users.byId('u1'))).toEqual({
        id: 'u1',
        email: 'a@example.org',
        name: 'A',
        role: 'member',
        siteId: null,
        disabled: false,
        passwordHash: null,
      });
      expect(await read((tx) => tx.users.byEmail('nobody@example.org'))).toBeNull();

      await write((tx) => tx.users.insertToken('h1', 'u1', 1000, 5000));
      expect(await read((tx) => tx.users.token('h1'))).toEqual({
        userId: 'u1',
        createdAt: 1000,
        expiresAt: 5000,
        lastUsedAt: 1000,
        revoked: false,
      });
      await write((tx) => tx.users.revokeToken('h1'));
      expect((await read((tx) => tx.users.token('h1')))?.revoked).toBe(true);
      expect(await read((tx) => tx.users.token('missing'))).toBeNull();

      await write((tx) => tx.users.replaceInvite('i1', 'u1', 1000, 9000, 'sealed-code'));
      expect(await read((tx) => tx.users.invite('i1'))).toEqual({
        userId: 'u1',
        expiresAt: 9000,
        usedAt: null,
      });
      expect(await read((tx) => tx.users.openInvite('u1'))).toEqual({
        hash: 'i1',
        createdAt: 1000,
        expiresAt: 9000,
        sealed: 'sealed-code',
      });
      expect(await write((tx) => tx.users.useInvite('i1', 2000))).toBe(true);
      expect((await read((tx) => tx.users.invite('i1')))?.usedAt).toBe(2000);
      expect(await read((tx) => tx.users.openInvite('u1'))).toBeNull(); // used: its sealed code is gone with it

      await write((tx) =>
        tx.blobs.insertUpload({
          id: 'up1',
          userId: 'u1',
          sha256: 'ab',
          length: 10,
          createdAt: 1,
          expiresAt: 2,
        }),
      );
      expect(await read((tx) => tx.blobs.upload('up1'))).toEqual({
        id: 'up1',
        userId: 'u1',
        sha256: 'ab',
        length: 10,
        offset: 0,
        createdAt: 1,
        expiresAt: 2,
      });
      expect(await read((tx) => tx.blobs.upload('missing'))).toBeNull();
      expect(await read((tx) => tx.blobs.blob('ab'))).toBeNull();
    } finally {
      await db.close();
    }
  });
});
