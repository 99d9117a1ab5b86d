// The behaviour every PhotoStorage must show, as one suite run against each implementation
// (the file system in test/server/blobs/, S3 on radosgw in test/stores/). The factory gives a
// fresh, empty storage and a way to open a second instance on the same backing store: another
// server process, as far as the storage can tell.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type PhotoStorage,
  PhotoNotFoundError,
  StagedIncompleteError,
} from '../../../src/server/blobs/photo-storage';

export type StorageFixture = {
  storage: PhotoStorage;
  /** Another instance on the same files or bucket and prefix. */
  another(): PhotoStorage;
  cleanup(): Promise<void>;
};

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function photoStorageSuite(name: string, make: () => Promise<StorageFixture>) {
  describe(`${name} photo storage`, () => {
    let f: StorageFixture;
    let s: PhotoStorage;
    beforeEach(async () => {
      f = await make();
      s = f.storage;
    });
    afterEach(async () => {
      await f.cleanup();
    });

    it('stores, reports, reads back and deletes a photo', async () => {
      const bytes = randomBytes(300_000);
      const sha = sha256(bytes);
      expect(await s.has(sha)).toBe(false);
      expect(await s.put(sha, bytes)).toBe('stored');
      expect(await s.has(sha)).toBe(true);
      expect(await s.size(sha)).toBe(bytes.length);
      expect((await bytesOf(await s.read(sha))).equals(bytes)).toBe(true);
      expect(await f.another().has(sha)).toBe(true);
      await s.delete(sha);
      expect(await s.has(sha)).toBe(false);
      expect(await s.size(sha)).toBeNull();
      await expect(s.read(sha)).rejects.toBeInstanceOf(PhotoNotFoundError);
    });

    it('puts idempotently and never replaces stored bytes', async () => {
      const bytes = randomBytes(1000);
      const sha = sha256(bytes);
      expect(await s.put(sha, bytes)).toBe('stored');
      expect(await s.put(sha, bytes)).toBe('existed');
      expect(await f.another().put(sha, randomBytes(1000))).toBe('existed');
      expect((await bytesOf(await s.read(sha))).equals(bytes)).toBe(true);
    });

    it('keeps one object when two instances put the same hash at once', async () => {
      const a = randomBytes(200_000);
      const b = randomBytes(200_000);
      const sha = sha256(a);
      const results = await Promise.all([s.put(sha, a), f.another().put(sha, b)]);
      expect(results.filter((r) => r === 'stored')).toHaveLength(1);
      const kept = await bytesOf(await s.read(sha));
      expect(kept.equals(results[0] === 'stored' ? a : b)).toBe(true);
    });

    it('stores a zero-length and a subarray photo as given', async () => {
      const empty = new Uint8Array(0);
      expect(await s.put(sha256(empty), empty)).toBe('stored');
      expect(await s.size(sha256(empty))).toBe(0);
      const whole = randomBytes(100);
      const part = whole.subarray(10, 60);
      await s.put(sha256(part), part);
      expect((await bytesOf(await s.read(sha256(part)))).equals(part)).toBe(true);
    });

    it('answers not found for what it does not hold, and deletes nothing quietly', async () => {
      const sha = sha256(randomBytes(8));
      const id = randomUUID();
      expect(await s.has(sha)).toBe(false);
      expect(await s.size(sha)).toBeNull();
      const missing = await s.read(sha).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(PhotoNotFoundError);
      expect((missing as PhotoNotFoundError).code).toBe('not_found');
      await s.delete(sha);
      expect(await s.stagedSize(id)).toBeNull();
      await expect(s.readStaged(id, 1)).rejects.toBeInstanceOf(PhotoNotFoundError);
      await expect(s.appendStaged(id, 0, randomBytes(4))).rejects.toBeInstanceOf(
        PhotoNotFoundError,
      );
      expect(await s.stagedSize(id)).toBeNull();
      await s.deleteStaged(id);
    });

    it('refuses names that could leave its folder or prefix', async () => {
      await expect(s.put('../../etc/passwd', randomBytes(4))).rejects.toThrow(TypeError);
      await expect(s.has('ABCDEF'.padEnd(64, '0'))).rejects.toThrow(TypeError);
      await expect(s.read(`${'a'.repeat(62)}/x`)).rejects.toThrow(TypeError);
      await expect(s.createStaged('../x')).rejects.toThrow(TypeError);
      await expect(s.stagedSize('a/b')).rejects.toThrow(TypeError);
      await expect(s.deleteStaged('')).rejects.toThrow(TypeError);
    });

    it('stages parts in order and reads them back whole or in part', async () => {
      const id = randomUUID();
      await s.createStaged(id);
      expect(await s.stagedSize(id)).toBe(0);
      expect(await bytesOf(await s.readStaged(id, 0))).toHaveLength(0);
      const parts = [randomBytes(256 * 1024), randomBytes(1024 * 1024), randomBytes(777)];
      let offset = 0;
      for (const part of parts) {
        await s.appendStaged(id, offset, part);
        offset += part.length;
        expect(await s.stagedSize(id)).toBe(offset);
      }
      const whole = Buffer.concat(parts);
      expect((await bytesOf(await s.readStaged(id, whole.length))).equals(whole)).toBe(true);
      const head = await bytesOf(await s.readStaged(id, 300_000));
      expect(head.equals(whole.subarray(0, 300_000))).toBe(true);
      await expect(s.readStaged(id, whole.length + 1)).rejects.toBeInstanceOf(
        StagedIncompleteError,
      );
    });

    it('lets a second instance resume an upload another one started', async () => {
      const id = randomUUID();
      const first = randomBytes(100_000);
      const second = randomBytes(50_000);
      await s.createStaged(id);
      await s.appendStaged(id, 0, first);
      const other = f.another();
      expect(await other.stagedSize(id)).toBe(first.length);
      await other.appendStaged(id, first.length, second);
      const whole = Buffer.concat([first, second]);
      expect(await s.stagedSize(id)).toBe(whole.length);
      expect((await bytesOf(await s.readStaged(id, whole.length))).equals(whole)).toBe(true);
      expect(sha256(await bytesOf(await other.readStaged(id, whole.length)))).toBe(sha256(whole));
    });

    it('replaces what an interrupted attempt left at or beyond the offset', async () => {
      const id = randomUUID();
      const a = randomBytes(1000);
      const b = randomBytes(1000);
      const c = randomBytes(300);
      await s.createStaged(id);
      await s.appendStaged(id, 0, a);
      await s.appendStaged(id, 1000, b);
      // The database still says 1000 (the second part's request broke before it was recorded).
      await s.appendStaged(id, 1000, c);
      expect(await s.stagedSize(id)).toBe(1300);
      expect((await bytesOf(await s.readStaged(id, 1300))).equals(Buffer.concat([a, c]))).toBe(
        true,
      );
      // An offset inside a part keeps the part's head.
      const d = randomBytes(10);
      await s.appendStaged(id, 400, d);
      expect(await s.stagedSize(id)).toBe(410);
      const expected = Buffer.concat([a.subarray(0, 400), d]);
      expect((await bytesOf(await s.readStaged(id, 410))).equals(expected)).toBe(true);
    });

    it('refuses an append that would leave a gap, changing nothing', async () => {
      const id = randomUUID();
      const a = randomBytes(100);
      await s.createStaged(id);
      await s.appendStaged(id, 0, a);
      await expect(s.appendStaged(id, 101, randomBytes(10))).rejects.toBeInstanceOf(
        StagedIncompleteError,
      );
      expect(await s.stagedSize(id)).toBe(100);
      expect((await bytesOf(await s.readStaged(id, 100))).equals(a)).toBe(true);
    });

    it('deletes staged uploads and lists the staged ones for sweeps', async () => {
      const before = Date.now();
      const kept = randomUUID();
      const dropped = randomUUID();
      const fresh = randomUUID();
      await s.createStaged(kept);
      await s.appendStaged(kept, 0, randomBytes(10));
      await s.createStaged(dropped);
      await s.appendStaged(dropped, 0, randomBytes(10));
      await s.appendStaged(dropped, 10, randomBytes(10));
      await s.createStaged(fresh);
      await s.deleteStaged(dropped);
      expect(await s.stagedSize(dropped)).toBeNull();
      const listed = await f.another().listStaged();
      expect(listed.map((u) => u.id).sort()).toEqual([kept, fresh].sort());
      for (const u of listed) {
        // Object stores keep whole seconds.
        expect(u.modifiedMs).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 2000);
        expect(u.modifiedMs).toBeLessThanOrEqual(Date.now() + 2000);
      }
      await s.deleteStaged(kept);
      await s.deleteStaged(fresh);
      expect(await s.listStaged()).toEqual([]);
    });

    it('lists every stored photo and nothing staged', async () => {
      const shas: string[] = [];
      for (let i = 0; i < 5; i++) {
        const bytes = randomBytes(50 + i);
        shas.push(sha256(bytes));
        await s.put(sha256(bytes), bytes);
      }
      const id = randomUUID();
      await s.createStaged(id);
      await s.appendStaged(id, 0, randomBytes(64));
      expect((await all(f.another().listPhotos())).sort()).toEqual(shas.sort());
      await s.delete(shas[0]!);
      expect((await all(s.listPhotos())).sort()).toEqual(shas.slice(1).sort());
    });
  });
}
