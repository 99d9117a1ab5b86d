// The store contract, photo bytes bookkeeping: stored bytes kept once with every verified
// sender; who may read them (its own upload, or a photo row in the reader's scope whose creator
// sent them; deleted photos still grant, purged ones not); the bytes charged to an account; open
// uploads with their offset, expiry and lease (one holder at a time until it runs out).
import { expect, it } from 'vitest';
import type { StoredRecord, Upload } from '../../../src/server/store/types';
import { readScope } from '../../../src/shared/policy';
import { recordOf } from '../../server/store/postgres/fixtures';
import { eachStore } from './each-store';

/** 2026 in epoch milliseconds: a time read back as a 32-bit integer would show. */
const T = Date.UTC(2026, 0, 1);
const NOW = '2026-01-01T00:00:00.000Z';

const upload = (id: string, o: Partial<Omit<Upload, 'id' | 'offset'>> = {}) => ({
  id,
  userId: 'uploader',
  sha256: `sha-${id}`,
  length: 10,
  createdAt: T,
  expiresAt: T + 60_000,
  ...o,
});

eachStore('blobs', (s) => {
  const mayRead = (sha: string, userId: string, siteId: string | null) =>
    s.read((tx) => tx.blobs.mayRead(sha, userId, siteId));
  /** A photo row on `siteId` naming image and thumbnail hashes, written as the sync store writes it. */
  const photo = (
    id: string,
    siteId: string,
    data: Record<string, unknown>,
    o: Partial<StoredRecord> = {},
  ) =>
    s.write(async (tx) =>
      tx.sync.writeRecord(
        recordOf('photo', id, await tx.sync.nextSeq(), { siteId, data: { id, ...data }, ...o }),
        true,
      ),
    );

  it('stores bytes once, with every verified sender; sizes past 2^32 come back whole', async () => {
    await s.write(async (tx) => {
      await tx.blobs.insertBlob('big', 5_000_000_000, 'image/jpeg', 'first', NOW);
      await tx.blobs.insertBlob('big', 1, 'image/png', 'second', NOW); // meta stays the first
      await tx.blobs.insertBlob('big', 5_000_000_000, 'image/jpeg', 'first', NOW); // no error
    });
    expect(await s.read((tx) => tx.blobs.blob('big'))).toEqual({
      size: 5_000_000_000,
      mime: 'image/jpeg',
    });
    expect(await s.read((tx) => tx.blobs.blob('unknown'))).toBeNull();
    expect([await mayRead('big', 'first', 'x'), await mayRead('big', 'second', 'x')]).toEqual([
      true,
      true,
    ]);
  });

  it('may read: its own upload anywhere, or a photo row in scope whose creator sent the bytes', async () => {
    await s.write(async (tx) => {
      await tx.blobs.insertBlob('img', 10, 'image/jpeg', 'sender', NOW);
      await tx.blobs.insertBlob('thumb', 5, 'image/jpeg', 'sender', NOW);
      await tx.blobs.insertBlob('not-theirs', 5, 'image/jpeg', 'stranger', NOW);
    });
    await photo(
      'p-img',
      'site-1',
      { sha256: 'img', thumbSha256: 'thumb' },
      { createdBy: 'sender' },
    );
    // A photo row naming bytes its creator never sent grants nothing.
    await photo('p-stranger', 'site-1', { sha256: 'not-theirs' }, { createdBy: 'sender' });
    // Only photo rows grant: an observation naming the bytes does not.
    await s.write(async (tx) =>
      tx.sync.writeRecord(
        recordOf('observation', 'o-img', await tx.sync.nextSeq(), {
          siteId: 'site-2',
          data: { id: 'o-img', sha256: 'img' },
          createdBy: 'sender',
        }),
        true,
      ),
    );
    const cases: [string, string, string | null, boolean][] = [
      ['img', 'sender', 'site-9', true],
      ['img', 'reader', 'site-1', true],
      ['thumb', 'reader', 'site-1', true],
      ['img', 'reader', null, true],
      ['img', 'reader', 'site-2', false],
      ['not-theirs', 'reader', 'site-1', false],
      ['not-theirs', 'reader', null, false],
      ['not-theirs', 'stranger', 'site-2', true],
      ['unknown', 'reader', null, false],
    ];
    const answers = [];
    for (const [sha, user, site] of cases) answers.push(await mayRead(sha, user, site));
    expect(answers).toEqual(cases.map((c) => c[3]));
    // An account without a site reads its own uploads only (shared/policy.ts).
    const noSite = readScope({
      id: 'q',
      email: 'q@example.org',
      name: 'Q',
      role: 'quartiersmanagement',
      siteId: null,
      disabled: false,
    }).siteId;
    expect([await mayRead('img', 'sender', noSite), await mayRead('img', 'q', noSite)]).toEqual([
      true,
      false,
    ]);
  });

  it('a deleted photo still grants its bytes, a purged one no more', async () => {
    await s.write(async (tx) => {
      await tx.blobs.insertBlob('kept', 10, 'image/jpeg', 'owner', NOW);
      const seq = await tx.sync.nextSeq();
      await tx.sync.writeRecord(
        recordOf('visit', 'v-kept', seq, { siteId: 'site-k', deleted: true, deletedSeq: seq }),
        true,
      );
    });
    await photo(
      'p-kept',
      'site-k',
      { thumbSha256: 'kept' },
      { createdBy: 'owner', visitId: 'v-kept', deleted: true },
    );
    expect(await mayRead('kept', 'reader', 'site-k')).toBe(true);
    const purged = await s.write((tx) => tx.retention.purgeVisit('v-kept'));
    expect(purged).toEqual({ rows: 2, hashes: ['kept'] });
    expect(await mayRead('kept', 'reader', 'site-k')).toBe(false);
    expect(await mayRead('kept', 'owner', 'site-k')).toBe(true); // its own upload still
  });

  it("charges an account its verified uploads (each hash once) and its open uploads' announced lengths", async () => {
    await s.write(async (tx) => {
      await tx.blobs.insertBlob('a', 2_000_000_000, 'image/jpeg', 'payer', NOW);
      await tx.blobs.insertBlob('a', 2_000_000_000, 'image/jpeg', 'payer', NOW);
      await tx.blobs.insertBlob('b', 300, 'image/jpeg', 'payer', NOW);
      await tx.blobs.insertBlob('b', 300, 'image/jpeg', 'co-payer', NOW);
      await tx.blobs.insertUpload(upload('pay-1', { userId: 'payer', length: 2_500_000_000 }));
      await tx.blobs.insertUpload(upload('pay-2', { userId: 'co-payer', length: 7 }));
    });
    expect(
      await s.read(async (tx) => [
        await tx.blobs.usedBytes('payer'),
        await tx.blobs.usedBytes('co-payer'),
        await tx.blobs.usedBytes('nobody'),
      ]),
    ).toEqual([4_500_000_300, 307, 0]);
  });
});

eachStore(
  'uploads',
  (s) => {
    const lease = (id: string, holder: string, until: number, now: number) =>
      s.write((tx) => tx.blobs.leaseUpload(id, holder, until, now));

    it('opens, advances, lists by expiry and deletes uploads', async () => {
      await s.write(async (tx) => {
        await tx.blobs.insertUpload(upload('up-c', { expiresAt: T + 10 }));
        await tx.blobs.insertUpload(upload('up-a', { expiresAt: T + 5 }));
        await tx.blobs.insertUpload(upload('up-b', { expiresAt: T + 20 }));
        await tx.blobs.setOffset('up-a', 4);
      });
      expect(await s.read((tx) => tx.blobs.upload('up-a'))).toEqual({
        ...upload('up-a', { expiresAt: T + 5 }),
        offset: 4,
      });
      expect(await s.read((tx) => tx.blobs.upload('missing'))).toBeNull();
      // Expired: before `now`, not at it.
      expect(await s.read((tx) => tx.blobs.expiredUploads(T + 10))).toEqual(['up-a']);
      expect((await s.read((tx) => tx.blobs.expiredUploads(T + 11))).sort()).toEqual([
        'up-a',
        'up-c',
      ]);
      await s.write((tx) => tx.blobs.deleteUpload('up-a'));
      expect(await s.read((tx) => tx.blobs.upload('up-a'))).toBeNull();
      expect(await s.read((tx) => tx.blobs.uploadIds())).toEqual(new Set(['up-b', 'up-c']));
    });

    it("finds the account's newest open upload of the same bytes and length, never another's, an expired or a held one", async () => {
      const same = { sha256: 'sha-photo', length: 10 };
      await s.write(async (tx) => {
        await tx.blobs.insertUpload(upload('older', { ...same, createdAt: T }));
        await tx.blobs.insertUpload(upload('newer', { ...same, createdAt: T + 1 }));
        await tx.blobs.insertUpload(
          upload('expired', { ...same, createdAt: T + 2, expiresAt: T + 5 }),
        );
        await tx.blobs.insertUpload(
          upload('theirs', { ...same, userId: 'other', createdAt: T + 3 }),
        );
        await tx.blobs.insertUpload(upload('longer', { ...same, length: 11, createdAt: T + 4 }));
        await tx.blobs.insertUpload(upload('held', { ...same, createdAt: T + 5 }));
        await tx.blobs.setOffset('newer', 7);
      });
      await lease('held', 'a request', T + 50, T);
      const find = (userId: string, sha: string, length: number, now: number) =>
        s.read((tx) => tx.blobs.openUpload(userId, sha, length, now));
      expect(await find('uploader', 'sha-photo', 10, T + 5)).toEqual({
        ...upload('newer', { ...same, createdAt: T + 1 }),
        offset: 7,
      });
      expect((await find('uploader', 'sha-photo', 11, T))?.id).toBe('longer');
      expect((await find('other', 'sha-photo', 10, T))?.id).toBe('theirs');
      expect(await find('uploader', 'sha-other', 10, T)).toBeNull();
      expect((await find('uploader', 'sha-photo', 10, T + 50))?.id).toBe('held'); // lease ran out
      expect(await find('uploader', 'sha-photo', 10, T + 60_000)).toBeNull(); // all expired then
    });

    it('leases an upload to one holder at a time until the lease runs out; a holder renews and releases only its own', async () => {
      await s.write((tx) => tx.blobs.insertUpload(upload('leased')));
      const steps = [
        await lease('leased', 'A', T + 1000, T),
        await lease('leased', 'B', T + 2000, T + 500), // A holds it
        await lease('leased', 'A', T + 3000, T + 600), // A renews
        await lease('leased', 'B', T + 4000, T + 2999),
        await lease('leased', 'B', T + 4000, T + 3000), // A's ran out
      ];
      await s.write((tx) => tx.blobs.releaseUpload('leased', 'A')); // not A's: B keeps it
      steps.push(await lease('leased', 'A', T + 5000, T + 3001));
      await s.write((tx) => tx.blobs.releaseUpload('leased', 'B'));
      steps.push(await lease('leased', 'A', T + 5000, T + 3001));
      steps.push(await lease('never-opened', 'A', T + 5000, T));
      expect(steps).toEqual([true, false, true, false, true, false, true, false]);
    });
  },
  { fresh: 'case' },
);
