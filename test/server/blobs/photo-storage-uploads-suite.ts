// Resumable uploads through the blob store on a given photo storage, with two "server
// processes": two BlobStores, each on its own connection to one database file and its own
// storage instance on the same files or bucket. Run on the file system (test/server/blobs/) and
// on S3 (test/stores/). The lease, the staged parts and the final verification are what they share.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BlobStore,
  STAGE_PART_BYTES,
  UPLOAD_TTL_MS,
  UploadError,
} from '../../../src/server/blobs/blob-store';
import type { PhotoStorage } from '../../../src/server/blobs/photo-storage';
import { deleteForgottenBytes } from '../../../src/server/retention';
import { openServerDb, type ServerDb } from '../../../src/server/store/store';
import { fakeJpeg } from '../../support/jpeg';
import { bytesOf, sha256 } from './photo-storage-suite';

export type StorageBacking = {
  /** A new storage instance on the shared files or bucket and prefix. */
  open(): PhotoStorage;
  cleanup(): Promise<void>;
};

const USER = 'user-1';
const LEASE_MS = 2_000;

/** A request body the test feeds chunk by chunk. */
function feed() {
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (ctrl = c) });
  return {
    stream,
    push: (b: Uint8Array) => ctrl.enqueue(b),
    /** Resolves once the server has read every chunk pushed so far (an error would drop the rest). */
    drained: async () => {
      while ((ctrl.desiredSize ?? 0) < 1) await sleep(10);
    },
    end: () => ctrl.close(),
    fail: (e: Error) => ctrl.error(e),
  };
}

/** A body of the given chunks. */
const body = (...chunks: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const chunk of chunks) c.enqueue(chunk);
      c.close();
    },
  });

const statusOf = (e: unknown) => (e instanceof UploadError ? e.status : e);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function uploadsAcrossProcessesSuite(name: string, make: () => Promise<StorageBacking>) {
  describe(`uploads on ${name} across two server processes`, () => {
    let dir = '';
    let backing: StorageBacking;
    let now = 0;
    const clock = () => new Date(now);
    let dbs: ServerDb[] = [];
    let a: BlobStore;
    let b: BlobStore;
    /** A "process": its own database connection and storage instance. */
    const proc = (storage = backing.open(), leaseMs = LEASE_MS) => {
      const db = openServerDb(join(dir, 'db.sqlite'));
      dbs.push(db);
      return { store: new BlobStore(storage, db, clock, 1024 ** 3, leaseMs), db, storage };
    };
    const row = (id: string) => dbs[0]!.readTx((tx) => tx.blobs.upload(id));
    /** The upload's lease end as stored (epoch ms), read past the store's domain type. */
    const leaseUntil = (id: string) => {
      const file = new Database(join(dir, 'db.sqlite'), { readonly: true });
      try {
        const found = file.prepare('SELECT lease_until FROM uploads WHERE id = ?').get(id) as
          { lease_until: number } | undefined;
        return found?.lease_until ?? 0;
      } finally {
        file.close();
      }
    };

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sb-uploads-'));
      backing = await make();
      now = Date.now();
      dbs = [];
      a = proc().store;
      b = proc().store;
    });
    afterEach(async () => {
      for (const db of dbs) await db.close();
      await backing.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('finishes on one process an upload another one started, verified from the staged bytes', async () => {
      const photo = fakeJpeg(800, 600, 20_000);
      const up = await a.createUpload(USER, sha256(photo), photo.length);
      expect(await a.append(up, 0, body(photo.subarray(0, 7000)))).toBe(7000);
      const resumed = (await row(up.id))!;
      expect(resumed.offset).toBe(7000);
      expect(await b.append(resumed, 7000, body(photo.subarray(7000)))).toBe(photo.length);
      expect(await row(up.id)).toBeNull();
      expect(await a.has(sha256(photo))).toBe(true);
      expect((await bytesOf(await a.read(sha256(photo)))).equals(photo)).toBe(true);
      expect(await b.storage.stagedSize(up.id)).toBeNull();
    });

    it('keeps the bytes when a purge deletes the same photo while the upload stores it', async () => {
      // A purge or orphan sweep forgot these very bytes (an older copy nobody referenced) and
      // deletes them after its commit, just as this upload stores them: under the hash's lock
      // the delete finds the new row and keeps the bytes (or came first, and the put follows).
      const photo = fakeJpeg(400, 300, 6000);
      const storage = backing.open();
      let purge: Promise<number> | null = null;
      const { store, db } = proc(
        Object.assign(Object.create(storage) as PhotoStorage, {
          put: async (sha: string, bytes: Uint8Array) => {
            const outcome = await storage.put(sha, bytes);
            purge ??= deleteForgottenBytes(db, backing.open(), [sha]);
            await sleep(100); // room for an unguarded delete to land before the commit
            return outcome;
          },
        }),
      );
      const up = await store.createUpload(USER, sha256(photo), photo.length);
      expect(await store.append(up, 0, body(photo))).toBe(photo.length);
      expect(await purge).toBe(0); // it found the row and kept the bytes
      expect(await a.has(sha256(photo))).toBe(true);
      expect((await bytesOf(await a.read(sha256(photo)))).equals(photo)).toBe(true);
    });

    it('lets one PATCH of an upload write at a time, on any process', async () => {
      const photo = fakeJpeg(300, 200, 5000);
      const up = await a.createUpload(USER, sha256(photo), photo.length);
      const slow = feed();
      const first = a.append(up, 0, slow.stream);
      slow.push(photo.subarray(0, 1000));
      while (leaseUntil(up.id) === 0) await sleep(10); // the first PATCH holds the lease now
      expect(await b.append(up, 0, body(photo)).catch(statusOf)).toBe(409);
      slow.end();
      expect(await first).toBe(1000);
      // Released: the other process takes the next PATCH at once.
      expect(await b.append((await row(up.id))!, 1000, body(photo.subarray(1000)))).toBe(
        photo.length,
      );
    });

    it('keeps a dead process’s lease until it runs out', async () => {
      const photo = fakeJpeg(300, 200, 500);
      const up = await a.createUpload(USER, sha256(photo), photo.length);
      await dbs[0]!.writeTx((tx) => tx.blobs.leaseUpload(up.id, 'crashed', now + LEASE_MS, now));
      expect(await b.append(up, 0, body(photo)).catch(statusOf)).toBe(409);
      now += LEASE_MS;
      expect(await b.append(up, 0, body(photo))).toBe(photo.length);
    });

    it('renews the lease while a slow body arrives', async () => {
      // The renewal timer is real (every third of the lease); the clock both processes read is
      // the test's. Time moves on only after a renewal against the current time was seen, so a
      // busy machine delays the test and never lets the lease lapse by itself.
      const leaseMs = 300;
      const quick = proc(backing.open(), leaseMs).store;
      const other = proc(backing.open(), leaseMs).store;
      const photo = fakeJpeg(300, 200, 5000);
      const up = await quick.createUpload(USER, sha256(photo), photo.length);
      const slow = feed();
      const first = quick.append(up, 0, slow.stream);
      const began = now;
      const renewedAt = async (at: number) => {
        for (let waited = 0; leaseUntil(up.id) < at + leaseMs; waited += 20) {
          if (waited > 10_000) throw new Error(`no renewal ${at - began} ms after the lease began`);
          await sleep(20);
        }
      };
      for (let i = 0; i < 8; i++) {
        slow.push(photo.subarray(i * 100, i * 100 + 100));
        await renewedAt(now);
        now += 200; // two thirds of the lease: without the renewal it would lapse by the next round
      }
      await renewedAt(now);
      // 1,600 ms of the processes' clock after the lease began, over five times its 300 ms: still held.
      expect(await other.append(up, 0, body(photo)).catch(statusOf)).toBe(409);
      slow.end();
      expect(await first).toBe(800);
    });

    it('keeps what arrived of a broken body, and the other process resumes there', async () => {
      const photo = fakeJpeg(400, 300, 8000);
      const up = await a.createUpload(USER, sha256(photo), photo.length);
      const broken = feed();
      const first = a.append(up, 0, broken.stream);
      broken.push(photo.subarray(0, 3000));
      await broken.drained();
      broken.fail(new Error('connection reset'));
      await expect(first).rejects.toThrow('connection reset');
      expect((await row(up.id))!.offset).toBe(3000);
      expect(await b.storage.stagedSize(up.id)).toBe(3000);
      expect(await b.append((await row(up.id))!, 3000, body(photo.subarray(3000)))).toBe(
        photo.length,
      );
      expect(await b.has(sha256(photo))).toBe(true);
    });

    it('drops all of a PATCH that turns out too long, even parts it staged', async () => {
      const photo = fakeJpeg(1000, 1000, STAGE_PART_BYTES + 100_000);
      const up = await a.createUpload(USER, sha256(photo), photo.length);
      const tooLong = body(photo.subarray(0, STAGE_PART_BYTES), randomBytes(200_000));
      expect(await a.append(up, 0, tooLong).catch(statusOf)).toBe(413);
      expect((await row(up.id))!.offset).toBe(0);
      expect(await a.storage.stagedSize(up.id)).toBe(0);
      expect(await b.append((await row(up.id))!, 0, body(photo))).toBe(photo.length);
      expect((await bytesOf(await b.read(sha256(photo)))).equals(photo)).toBe(true);
    });

    it('answers 404 and frees the upload when its staged bytes are gone', async () => {
      const photo = fakeJpeg(300, 200, 500);
      const up = await a.createUpload(USER, sha256(photo), photo.length);
      await a.append(up, 0, body(photo.subarray(0, 100)));
      await b.storage.deleteStaged(up.id);
      expect(
        await b.append((await row(up.id))!, 100, body(photo.subarray(100))).catch(statusOf),
      ).toBe(404);
      expect(await row(up.id)).toBeNull();
    });

    it('verifies what is staged, not what was received: changed staged bytes are refused', async () => {
      const photo = fakeJpeg(300, 200, 5000);
      const up = await a.createUpload(USER, sha256(photo), photo.length);
      await a.append(up, 0, body(photo.subarray(0, 2000)));
      // Bytes changed in the storage between two PATCHes.
      const changed = Buffer.from(photo.subarray(0, 2000));
      changed[1500] = changed[1500]! ^ 0xff;
      await b.storage.appendStaged(up.id, 0, changed);
      expect(
        await b.append((await row(up.id))!, 2000, body(photo.subarray(2000))).catch(statusOf),
      ).toBe(460);
      expect(await row(up.id)).toBeNull();
      expect(await a.storage.stagedSize(up.id)).toBeNull();
      expect(await a.has(sha256(photo))).toBe(false);
    });

    it('sweeps staged bytes no upload owns, and keeps those of open uploads', async () => {
      await a.storage.createStaged('left-by-a-crash');
      await a.storage.appendStaged('left-by-a-crash', 0, randomBytes(10));
      now += UPLOAD_TTL_MS + 60_000;
      const photo = fakeJpeg(300, 200, 500);
      const open = await b.createUpload(USER, sha256(photo), photo.length);
      expect(await b.sweepExpired()).toBe(0);
      const left = (await a.storage.listStaged()).map((u) => u.id);
      expect(left).toEqual([open.id]);
    });
  });
}
