// The store contract, the retention purge: which deleted visits are past the retention period
// (dated by the mutation that deleted them), the purge of a visit and its children (content and
// hashes gone, tombstones under new seqs, their conflicts and rejections emptied, their history
// deleted), forgetting bytes no row or upload references, and which stored bytes are orphans.
import { expect, it } from 'vitest';
import type { StoredRecord, StoreTx } from '../../../src/server/store/types';
import { conflictOf, recordOf, rejectionOf } from '../../server/store/postgres/fixtures';
import { eachStore } from './each-store';

const STORED = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-02T00:00:00.000Z';

/** Writes a record under the next seq; a deleted one is deleted at that seq. */
async function put(
  tx: StoreTx,
  entity: StoredRecord['entity'],
  id: string,
  o: Partial<StoredRecord> = {},
) {
  const seq = await tx.sync.nextSeq();
  await tx.sync.writeRecord(
    recordOf(entity, id, seq, { siteId: 's1', deletedSeq: o.deleted ? seq : null, ...o }),
    true,
  );
  return seq;
}

/** An applied mutation of device `clientId` whose result carries `serverSeq`, applied at `at`. */
async function applied(tx: StoreTx, clientSeq: number, serverSeq: number, at: string) {
  const id = `m-${clientSeq}`;
  await tx.sync.insertApplied(
    'retention-device',
    clientSeq,
    id,
    { id, clientSeq, status: 'applied', serverSeq },
    at,
  );
}

eachStore(
  'retention',
  (s) => {
    it('expires deleted, unpurged visits whose deleting mutation was applied strictly before the cutoff', async () => {
      await s.write(async (tx) => {
        await tx.sync.insertClient('retention-device', 'u1');
        const old = await put(tx, 'visit', 'v-old', { deleted: true });
        await applied(tx, 1, old, '2026-01-10T00:00:00.000Z');
        // No mutation at exactly its delete seq: dated by the first one applied after it.
        const gap = await put(tx, 'visit', 'v-gap', { deleted: true });
        await tx.sync.nextSeq();
        await applied(tx, 2, gap + 1, '2026-01-20T00:00:00.000Z');
        await put(tx, 'visit', 'v-live');
        await put(tx, 'photo', 'p-deleted', { deleted: true });
        // Nothing applied at or after its delete: undated, never expires.
        await put(tx, 'visit', 'v-undated', { deleted: true });
      });
      const expired = (cutoff: string) =>
        s.read(async (tx) => (await tx.retention.expiredVisits(cutoff)).sort());
      expect(await expired('2026-01-10T00:00:00.000Z')).toEqual([]);
      expect(await expired('2026-01-10T00:00:00.001Z')).toEqual(['v-old']);
      expect(await expired('2026-02-01T00:00:00.000Z')).toEqual(['v-gap', 'v-old']);
      await s.write((tx) => tx.retention.purgeVisit('v-old'));
      expect(await expired('2026-02-01T00:00:00.000Z')).toEqual(['v-gap']);
    });

    it('purges a visit and its children under new seqs: content and hashes gone, their conflicts and rejections emptied, their history deleted', async () => {
      const before = await s.write(async (tx) => {
        await put(tx, 'visit', 'v1', { deleted: true });
        await put(tx, 'photo', 'p1', {
          visitId: 'v1',
          data: { id: 'p1', sha256: 'img', thumbSha256: 'th' },
          deleted: true,
        });
        await put(tx, 'observation', 'o1', { visitId: 'v1' });
        await put(tx, 'photo', 'p-other', {
          visitId: 'v2',
          data: { id: 'p-other', sha256: 'other' },
        });
        await tx.sync.insertConflict(
          conflictOf('k-open', { entityId: 'o1', siteId: 's1' }),
          await tx.sync.nextSeq(),
        );
        await tx.sync.insertConflict(
          conflictOf('k-mine', {
            entityId: 'o1',
            siteId: 's1',
            status: 'resolved',
            resolution: 'mine',
          }),
          await tx.sync.nextSeq(),
        );
        await tx.sync.insertConflict(
          conflictOf('k-other', { entity: 'photo', entityId: 'p-other', siteId: 's1' }),
          await tx.sync.nextSeq(),
        );
        await tx.sync.insertRejection(
          rejectionOf('x-v1', { entityId: 'v1', userId: 'u1' }),
          await tx.sync.nextSeq(),
        );
        const history = {
          siteId: 's1',
          visitId: 'v1',
          op: 'create' as const,
          userId: 'u1',
          clientId: null,
          at: STORED,
          conflictId: null,
        };
        // Each record's create: one row holding its fields (sync/history-writer.ts).
        const created = (entity: string, entityId: string, value: object) => ({
          ...{ ...history, entity, entityId, field: null, value },
        });
        await tx.history.insert([
          created('visit', 'v1', { goals: 'g' }),
          created('observation', 'o1', { text: 't' }),
          created('photo', 'p-other', { caption: 'c' }),
        ]);
        return tx.sync.currentSeq();
      });
      const result = await s.write((tx) => tx.retention.purgeVisit('v1'));
      expect(result.rows).toBe(3);
      expect(result.hashes.sort()).toEqual(['img', 'th']);
      const after = await s.read(async (tx) => ({
        seq: await tx.sync.currentSeq(),
        v1: await tx.sync.record('visit', 'v1'),
        p1: await tx.sync.record('photo', 'p1'),
        o1: await tx.sync.record('observation', 'o1'),
        other: await tx.sync.record('photo', 'p-other'),
        places: [await tx.sync.place('visit', 'v1'), await tx.sync.place('observation', 'o1')],
        conflicts: [
          await tx.sync.conflict('k-open'),
          await tx.sync.conflict('k-mine'),
          await tx.sync.conflict('k-other'),
        ],
        history: [
          await tx.history.ofRecord('visit', 'v1', 0, 10),
          await tx.history.ofRecord('observation', 'o1', 0, 10),
          await tx.history.ofRecord('photo', 'p-other', 0, 10),
        ].map((rows) => rows.length),
        feed: await tx.feed.page({
          cursor: before,
          limit: 100,
          maxBytes: 1 << 20,
          userId: 'u1',
          siteId: null,
        }),
      }));
      // Three rows, two conflicts and one rejection, each under a seq of its own.
      expect(after.seq).toBe(before + 6);
      expect(after.feed.changes.map((c) => `${c.entity}:${c.entityId}`).sort()).toEqual([
        'conflict:k-mine',
        'conflict:k-open',
        'observation:o1',
        'photo:p1',
        'rejection:x-v1',
        'visit:v1',
      ]);
      for (const c of after.feed.changes) expect(c.seq).toBeGreaterThan(before);
      expect(after.feed.changes.find((c) => c.entity === 'rejection')!.row).toMatchObject({
        payload: null,
      });
      for (const r of [after.v1, after.p1, after.o1]) {
        expect(r).toMatchObject({ data: null, fieldVersions: {}, fieldWriters: {}, deleted: true });
        expect(r!.version).toBe(r!.seq);
      }
      expect(after.p1!.deletedSeq).toBeLessThanOrEqual(before); // the delete's own seq dates it
      expect(after.o1!.deletedSeq).toBe(after.o1!.seq); // deleted by the purge itself
      expect(after.other).toMatchObject({
        data: { id: 'p-other', sha256: 'other' },
        deleted: false,
      });
      expect(after.places).toEqual([
        { siteId: 's1', deleted: true, purged: true },
        { siteId: 's1', deleted: true, purged: true },
      ]);
      expect(
        after.conflicts.map((c) => [c!.serverValue, c!.clientValue, c!.status, c!.resolution]),
      ).toEqual([
        [null, null, 'resolved', 'theirs'],
        [null, null, 'resolved', 'mine'],
        ['server text', 'client text', 'open', null],
      ]);
      expect(after.history).toEqual([0, 0, 1]);
      // The purged photo's bytes: no row references them any more.
      await s.write(async (tx) => {
        await tx.blobs.insertBlob('img', 1, 'image/jpeg', 'u1', STORED);
        await tx.blobs.insertBlob('other', 1, 'image/jpeg', 'u1', STORED);
      });
      expect(
        await s.write(async (tx) => [
          await tx.retention.forgetIfUnreferenced('img'),
          await tx.retention.forgetIfUnreferenced('other'),
        ]),
      ).toEqual([true, false]);
    });

    it('forgets bytes only when no row (image or thumbnail, deleted or not) and no open upload references them', async () => {
      await s.write(async (tx) => {
        for (const sha of ['by-row', 'by-thumb', 'uploading', 'free'])
          await tx.blobs.insertBlob(sha, 1, 'image/jpeg', 'u1', STORED);
        await tx.blobs.insertBlob('free', 1, 'image/jpeg', 'u2', STORED);
        await put(tx, 'photo', 'p1', { data: { id: 'p1', sha256: 'by-row' } });
        await put(tx, 'photo', 'p2', {
          data: { id: 'p2', thumbSha256: 'by-thumb' },
          deleted: true,
        });
        await tx.blobs.insertUpload({
          id: 'up',
          userId: 'u1',
          sha256: 'uploading',
          length: 1,
          createdAt: 0,
          expiresAt: 1,
        });
      });
      const forget = (sha: string) => s.write((tx) => tx.retention.forgetIfUnreferenced(sha));
      expect([
        await forget('by-row'),
        await forget('by-thumb'),
        await forget('uploading'),
        await forget('free'),
        await forget('free'),
      ]).toEqual([
        false,
        false,
        false,
        true,
        false, // gone already
      ]);
      expect(
        await s.read(async (tx) => [
          await tx.blobs.blob('free'),
          await tx.blobs.usedBytes('u2'),
          await tx.blobs.mayRead('free', 'u1', null),
        ]),
      ).toEqual([null, 0, false]);
      expect(await s.read((tx) => tx.blobs.blob('by-row'))).not.toBeNull();
      expect(await s.read((tx) => tx.blobs.mayRead('by-row', 'u1', null))).toBe(true); // its sender kept
    });

    it('finds orphans: stored before the cutoff, unreferenced, and every device of every sender synced since with an empty outbox', async () => {
      await s.write(async (tx) => {
        const device = async (
          id: string,
          userId: string,
          lastSeen: string | null,
          outbox = 5,
          last = 5,
        ) => {
          await tx.sync.insertClient(id, userId);
          await tx.sync.advanceClient(id, last);
          if (lastSeen)
            await tx.sync.clientSeen(id, {
              outboxHighWater: outbox,
              appVersion: '1',
              schemaVersion: 1,
              scopeKey: 'all',
              now: lastSeen,
            });
        };
        await device('synced', 'u-done', LATER);
        await device('pending', 'u-pending', LATER, 6, 5);
        await device('never', 'u-never', null);
        await device('at-store-time', 'u-before', STORED); // synced at the moment of storing: not after
        await device('synced-2', 'u-two', LATER);
        await device('pending-2', 'u-two', LATER, 9, 5);
        const blob = async (sha: string, senders: string[], storedAt = STORED) => {
          for (const u of senders) await tx.blobs.insertBlob(sha, 1, 'image/jpeg', u, storedAt);
        };
        await blob('b-orphan', ['u-done']);
        await blob('late', ['u-done'], '2026-01-03T00:00:00.000Z');
        await blob('row', ['u-done']);
        await put(tx, 'photo', 'p-row', { data: { id: 'p-row', sha256: 'row' }, deleted: true });
        await blob('thumb', ['u-done']);
        await put(tx, 'photo', 'p-thumb', { data: { id: 'p-thumb', thumbSha256: 'thumb' } });
        await blob('uploading', ['u-done']);
        await tx.blobs.insertUpload({
          id: 'up-o',
          userId: 'u-done',
          sha256: 'uploading',
          length: 1,
          createdAt: 0,
          expiresAt: 1,
        });
        await blob('pending', ['u-done', 'u-pending']);
        await blob('never', ['u-never']);
        await blob('before', ['u-before']);
        await blob('two-devices', ['u-two']);
      });
      // Bytes without any recorded sender (stored before senders were kept) wait for nobody.
      await s.store.sql(
        `INSERT INTO blobs (sha256, size, mime, stored_at) VALUES ('a-no-sender', 1, 'image/jpeg', '${STORED}')`,
      );
      const orphans = (cutoff: string) =>
        s.read(async (tx) => (await tx.retention.orphanBlobs(cutoff)).sort());
      expect(await orphans('2026-01-05T00:00:00.000Z')).toEqual(['a-no-sender', 'b-orphan']);
      expect(await orphans(STORED)).toEqual([]); // stored before the cutoff, strictly
    });
  },
  { fresh: 'case' },
);
