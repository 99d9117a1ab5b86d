// The PostgreSQL sync repo (store/postgres/sync-repo.ts) against a real cluster, each case run on
// an in-memory SQLite store too: the same calls must give the same answers. Records round trip
// (flags, field writers, times, text PostgreSQL's json type refuses), the record bytes charged
// to their writers, children in the same order, devices' bookkeeping (a scope key with NUL), the
// open-conflict fold, applied mutations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDb } from '../../../../src/server/store/types';
import { postgresAvailable } from '../../../support/postgres';
import { AT, type BothStores, conflictOf, openBothStores, person, recordOf } from './fixtures';

const write = <T>(db: ServerDb, fn: Parameters<ServerDb['writeTx']>[0]) =>
  db.writeTx(fn) as Promise<T>;

describe.skipIf(!postgresAvailable())('PostgreSQL sync repo', () => {
  let stores: BothStores;
  beforeAll(async () => {
    stores = await openBothStores();
  }, 60_000);
  afterAll(() => stores?.close());

  it('writes and reads records as SQLite does, flags, writers, times and awkward text included', async () => {
    const { pg, sqlite } = await stores.each((db) =>
      db.writeTx(async (tx) => {
        const s1 = await tx.sync.nextSeq();
        const visit = recordOf('visit', 'v1', s1, {
          siteId: 'site-a',
          data: {
            id: 'v1',
            siteId: 'site-a',
            status: 'planned',
            notes: 'nul \u0000, lone \ud800, emoji 😀, ä, back\\slash \\u0000',
          },
          fieldWriters: {
            id: 'device-1',
            siteId: 'device-1',
            status: 'device-2',
            notes: 'device-1',
          },
        });
        await tx.sync.writeRecord(visit, true);
        const s2 = await tx.sync.nextSeq();
        // One writer for every field: stored as one id, read back as the full map.
        await tx.sync.writeRecord(
          recordOf('photo', 'p1', s2, {
            siteId: 'site-a',
            visitId: 'v1',
            data: { id: 'p1', sha256: 'a'.repeat(64), thumbSha256: 'b'.repeat(64) },
            deleted: true,
            deletedSeq: s2,
            deletedByCascade: true,
            createdAt: null,
            updatedAt: '2026-12-02T00:00:00.000Z',
          }),
          true,
        );
        return {
          visit: await tx.sync.record('visit', 'v1'),
          photo: await tx.sync.record('photo', 'p1'),
          missing: await tx.sync.record('visit', 'nope'),
          place: await tx.sync.place('photo', 'p1'),
          visitState: await tx.sync.visitState('v1'),
          noVisit: await tx.sync.visitState('nope'),
          seq: [s1, s2],
        };
      }),
    );
    expect(pg).toEqual(sqlite);
    expect(pg.visit!.data['notes']).toBe(
      'nul \u0000, lone \ud800, emoji 😀, ä, back\\slash \\u0000',
    );
    expect(pg.visit!.fieldWriters['status']).toBe('device-2');
    expect(pg.photo).toMatchObject({
      deleted: true,
      deletedByCascade: true,
      createdAt: '2026-12-02T00:00:00.000Z',
    });
    expect(pg.photo!.fieldWriters).toEqual({
      id: 'device-1',
      sha256: 'device-1',
      thumbSha256: 'device-1',
    });
    expect(pg.visitState).toEqual({ status: 'planned', deleted: false });
    expect(pg.place).toEqual({ siteId: 'site-a', deleted: true, purged: false });
  });

  it('charges each writer the change in stored bytes (UTF-8), never a reader', async () => {
    const { pg, sqlite } = await stores.each((db) =>
      write<number[][]>(db, async (tx) => {
        const usages = async () => [
          await tx.sync.usage('w1'),
          await tx.sync.usage('w2'),
          await tx.sync.usage('nobody'),
        ];
        const out: number[][] = [];
        const s = await tx.sync.nextSeq();
        const first = recordOf('site', 'usage-site', s, {
          data: { id: 'usage-site', name: 'Grüße 😀'.repeat(10) },
          updatedBy: 'w1',
        });
        await tx.sync.writeRecord(first, true);
        out.push(await usages());
        // A shorter value written by w2: w2's total goes down by the difference.
        const s2 = await tx.sync.nextSeq();
        await tx.sync.writeRecord({
          ...first,
          data: { id: 'usage-site' },
          seq: s2,
          updatedBy: 'w2',
        });
        out.push(await usages());
        // No writer named: nobody is charged.
        const s3 = await tx.sync.nextSeq();
        await tx.sync.writeRecord({ ...first, seq: s3, updatedBy: null });
        out.push(await usages());
        await tx.sync.addUsage('w1', -5);
        await tx.sync.addUsage('nobody', 0);
        out.push(await usages());
        return out;
      }),
    );
    expect(pg).toEqual(sqlite);
    const bytes = Buffer.byteLength(
      JSON.stringify({ id: 'usage-site', name: 'Grüße 😀'.repeat(10) }),
    );
    expect(pg[0]).toEqual([bytes, 0, 0]);
    expect(pg[1]).toEqual([bytes, Buffer.byteLength('{"id":"usage-site"}') - bytes, 0]);
    expect(pg[3]![0]).toBe(bytes - 5);
  });

  it("answers a visit's children and their states in the same order, and deletes by cascade", async () => {
    const { pg, sqlite } = await stores.each((db) =>
      db.writeTx(async (tx) => {
        for (const [entity, id] of [
          ['photo', 'c-9'],
          ['observation', 'c-2'],
          ['photo', 'c-1'],
          ['checklistItem', 'c-5'],
          ['observation', 'C-3'],
        ] as const) {
          const seq = await tx.sync.nextSeq();
          await tx.sync.writeRecord(recordOf(entity, id, seq, { visitId: 'v-children' }), true);
        }
        const seq = await tx.sync.nextSeq();
        await tx.sync.writeRecord(
          recordOf('visit', 'v-children', seq, { visitId: 'v-children' }),
          true,
        );
        const cascade = await tx.sync.nextSeq();
        await tx.sync.setDeleted('photo', 'c-1', {
          deleted: true,
          byCascade: true,
          seq: cascade,
          updatedBy: 'u2',
          updatedAt: AT,
        });
        return {
          children: (await tx.sync.childrenOfVisit('v-children')).map((r) => [r.entity, r.id]),
          states: await tx.sync.childStates('v-children'),
          deleted: await tx.sync.record('photo', 'c-1'),
        };
      }),
    );
    expect(pg).toEqual(sqlite);
    expect(pg.children).toEqual([
      ['checklistItem', 'c-5'],
      ['observation', 'C-3'],
      ['observation', 'c-2'],
      ['photo', 'c-1'],
      ['photo', 'c-9'],
    ]);
    expect(pg.deleted).toMatchObject({ deleted: true, deletedByCascade: true, updatedBy: 'u2' });
    expect(pg.deleted!.deletedSeq).toBe(pg.deleted!.seq);
  });

  it("keeps a device's bookkeeping: high-water at its max, no older pull over a newer sync, a scope key with NUL", async () => {
    const { pg, sqlite } = await stores.each((db) =>
      db.writeTx(async (tx) => {
        await tx.sync.insertClient('dev-a', 'u1');
        const seen = (hw: number, now: string, scopeKey = 'site-a') => ({
          outboxHighWater: hw,
          appVersion: '1.0.0',
          schemaVersion: 3,
          scopeKey,
          now,
        });
        await tx.sync.clientSeen('dev-a', seen(5, '2026-12-01T10:00:00.000Z', '\u0000no-site'));
        const noSite = await tx.sync.client('dev-a');
        await tx.sync.clientSeen('dev-a', seen(3, '2026-12-01T11:00:00.000Z', 'a\\0b'));
        const backslash = await tx.sync.client('dev-a');
        // An older pull note never overwrites the newer sync; a newer one does.
        await tx.sync.clientPulled('dev-a', {
          outboxHighWater: 9,
          appVersion: '0.9.0',
          schemaVersion: 2,
          now: '2026-12-01T10:30:00.000Z',
        });
        await tx.sync.clientPulled('dev-a', {
          outboxHighWater: 1,
          appVersion: '1.1.0',
          schemaVersion: 3,
          now: '2026-12-01T12:00:00.000Z',
        });
        await tx.sync.advanceClient('dev-a', 42);
        return {
          noSite,
          backslash,
          after: await tx.sync.client('dev-a'),
          none: await tx.sync.client('x'),
        };
      }),
    );
    expect(pg).toEqual(sqlite);
    expect(pg.noSite).toEqual({ userId: 'u1', lastClientSeq: 0, scopeKey: '\u0000no-site' });
    expect(pg.backslash!.scopeKey).toBe('a\\0b');
    expect(pg.after).toEqual({ userId: 'u1', lastClientSeq: 42, scopeKey: 'a\\0b' });
  });

  it('stores applied mutations and answers them per device, per id and per account', async () => {
    const { pg, sqlite } = await stores.each((db) =>
      db.writeTx(async (tx) => {
        await tx.users.insert(person('applier'));
        await tx.sync.insertClient('dev-applied', 'applier');
        await tx.sync.insertApplied(
          'dev-applied',
          1,
          'mut-1',
          { id: 'mut-1', clientSeq: 1, status: 'applied', serverSeq: 77 },
          AT,
        );
        return [
          await tx.sync.applied('dev-applied', 1),
          await tx.sync.applied('dev-applied', 2),
          await tx.sync.mutationIdUsed('mut-1'),
          await tx.sync.mutationIdUsed('mut-2'),
          await tx.sync.appliedForUser('mut-1', 'applier'),
          await tx.sync.appliedForUser('mut-1', 'someone-else'),
        ];
      }),
    );
    expect(pg).toEqual(sqlite);
    expect(pg[0]).toEqual({
      mutationId: 'mut-1',
      result: { id: 'mut-1', clientSeq: 1, status: 'applied', serverSeq: 77 },
    });
  });

  it('finds the open field conflict a later save joins, folds it and resolves it', async () => {
    const { pg, sqlite } = await stores.each((db) =>
      db.writeTx(async (tx) => {
        const key = {
          entity: 'observation' as const,
          entityId: 'obs-fold',
          field: 'text',
          clientId: 'device-1',
          authorId: 'u1',
          serverValue: { nested: ['server', 1] } as unknown,
          serverAuthorId: null as string | null,
        };
        const older = await tx.sync.nextSeq();
        await tx.sync.insertConflict(
          conflictOf('k-old', {
            entityId: 'obs-fold',
            serverValue: key.serverValue,
            serverAuthorId: null,
          }),
          older,
        );
        const newer = await tx.sync.nextSeq();
        await tx.sync.insertConflict(
          conflictOf('k-new', {
            entityId: 'obs-fold',
            serverValue: key.serverValue,
            serverAuthorId: null,
          }),
          newer,
        );
        const found = await tx.sync.openFieldConflict(key);
        const otherServerValue = await tx.sync.openFieldConflict({ ...key, serverValue: 'x' });
        const otherServerAuthor = await tx.sync.openFieldConflict({ ...key, serverAuthorId: 'u2' });
        const otherDevice = await tx.sync.openFieldConflict({ ...key, clientId: 'device-2' });
        await tx.sync.foldConflict(
          'k-new',
          { clientValue: { later: true }, mutationId: 'm-later', author: 'Person Eins' },
          await tx.sync.nextSeq(),
        );
        const folded = await tx.sync.conflict('k-new');
        await tx.sync.resolveConflict('k-new', 'theirs', await tx.sync.nextSeq());
        return {
          found,
          otherServerValue,
          otherServerAuthor,
          otherDevice,
          folded,
          resolved: await tx.sync.conflict('k-new'),
          stillOpen: await tx.sync.openFieldConflict(key),
          missing: await tx.sync.conflict('nope'),
        };
      }),
    );
    expect(pg).toEqual(sqlite);
    expect(pg.found).toEqual({ id: 'k-new', clientValue: 'client text' });
    expect(pg.otherServerValue).toBeNull();
    expect(pg.otherServerAuthor).toBeNull();
    expect(pg.folded).toMatchObject({ clientValue: { later: true }, mutationId: 'm-later' });
    expect(pg.resolved).toMatchObject({ status: 'resolved', resolution: 'theirs' });
    expect(pg.stillOpen).toEqual({ id: 'k-old', clientValue: 'client text' });
  });

  it('refuses a second client row for the same device, as SQLite does', async () => {
    for (const db of [stores.pg, stores.sqlite]) {
      await db.writeTx((tx) => tx.sync.insertClient('dev-twice', 'u1'));
      await expect(db.writeTx((tx) => tx.sync.insertClient('dev-twice', 'u1'))).rejects.toThrow();
    }
  });
});
