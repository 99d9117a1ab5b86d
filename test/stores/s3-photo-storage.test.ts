// The photo storage suite and the uploads-across-processes suite on S3 (a real radosgw: the run's
// shared one from the stores project's globalSetup, or one of this file's own), plus what is
// particular to S3: the key layout below the prefix, prefixes that keep deployments apart, parts
// off the chain, and a missing bucket.
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'minio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPhotoStorage } from '../../src/server/blobs/photo-storage-config';
import { S3PhotoStorage, type S3Settings } from '../../src/server/blobs/s3-photo-storage';
import { radosgwAvailable, s3FromEnv, s3TestClient, testS3 } from '../support/radosgw';
import { bytesOf, photoStorageSuite, sha256 } from '../server/blobs/photo-storage-suite';
import { uploadsAcrossProcessesSuite } from '../server/blobs/photo-storage-uploads-suite';

const available = s3FromEnv() !== null || radosgwAvailable();
if (!available) console.warn('s3-photo-storage: no radosgw installed and none given; skipped');

let release = async () => undefined as void;
let raw: Client;
let base: Omit<S3Settings, 'prefix'>;
const bucket = `photos-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  if (!available) return;
  const s3 = await testS3();
  release = s3.release;
  raw = s3TestClient(s3);
  await raw.makeBucket(bucket, s3.region);
  base = {
    endpoint: s3.endpoint,
    bucket,
    accessKeyId: s3.accessKey,
    secretAccessKey: s3.secretKey,
    region: s3.region,
  };
});

afterAll(async () => {
  if (!available) return;
  await removeUnder('');
  await raw.removeBucket(bucket);
  await release();
});

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of raw.listObjectsV2(bucket, prefix, true) as AsyncIterable<{
    name?: string;
  }>)
    if (item.name) keys.push(item.name);
  return keys.sort();
}

async function removeUnder(prefix: string): Promise<void> {
  const keys = await keysUnder(prefix);
  if (keys.length > 0) await raw.removeObjects(bucket, keys);
}

const storage = (prefix: string) => new S3PhotoStorage({ ...base, prefix });

describe.skipIf(!available)('S3', () => {
  photoStorageSuite('S3', async () => {
    const prefix = `t-${randomUUID()}/`;
    return {
      storage: storage(prefix),
      another: () => storage(prefix),
      cleanup: () => removeUnder(prefix),
    };
  });

  uploadsAcrossProcessesSuite('S3', async () => {
    const prefix = `u-${randomUUID()}/`;
    return { open: () => storage(prefix), cleanup: () => removeUnder(prefix) };
  });

  describe('S3 photo storage keys', () => {
    it('keeps photos at <prefix>photos/ab/cd/<sha> and parts at <prefix>uploads/<id>/<offset>', async () => {
      const prefix = `deploy-${randomUUID().slice(0, 8)}/blue/`;
      const s = storage(prefix);
      const bytes = randomBytes(2000);
      const sha = sha256(bytes);
      await s.put(sha, bytes);
      const id = randomUUID();
      await s.createStaged(id);
      expect(await keysUnder(prefix)).toEqual(
        [
          `${prefix}photos/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`,
          `${prefix}uploads/${id}/0`,
        ].sort(),
      );
      await s.appendStaged(id, 0, bytes.subarray(0, 1500));
      await s.appendStaged(id, 1500, bytes.subarray(1500));
      expect(await keysUnder(`${prefix}uploads/`)).toEqual(
        [`${prefix}uploads/${id}/0`, `${prefix}uploads/${id}/1500`].sort(),
      );
      const stat = await raw.statObject(
        bucket,
        `${prefix}photos/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`,
      );
      expect(stat.size).toBe(2000);
      expect(stat.metaData['content-type']).toBe('image/jpeg');
      await removeUnder(prefix);
    });

    it('keeps two prefixes in one bucket apart (and works without one)', async () => {
      const a = storage(`iso-${randomUUID().slice(0, 8)}`);
      const root = storage('');
      const bytes = randomBytes(100);
      const sha = sha256(bytes);
      await a.put(sha, bytes);
      await a.createStaged('upload-a');
      expect(await root.has(sha)).toBe(false);
      expect(await root.stagedSize('upload-a')).toBeNull();
      await root.put(sha, randomBytes(5));
      expect(await root.size(sha)).toBe(5);
      expect(await a.size(sha)).toBe(100);
      const rootPhotos: string[] = [];
      for await (const h of root.listPhotos()) rootPhotos.push(h);
      expect(rootPhotos).toEqual([sha]);
      expect((await a.listStaged()).map((u) => u.id)).toEqual(['upload-a']);
      await root.delete(sha);
      await a.deleteStaged('upload-a');
      await a.delete(sha);
      expect(await keysUnder('')).toEqual([]);
    });

    it('reads only the parts chained from offset 0 and drops stray ones on the next append', async () => {
      const prefix = `chain-${randomUUID().slice(0, 8)}/`;
      const s = storage(prefix);
      const id = randomUUID();
      const a = randomBytes(100);
      await s.createStaged(id);
      await s.appendStaged(id, 0, a);
      // A part nothing chains to (a request that was cut off and never recorded, for instance).
      await raw.putObject(bucket, `${prefix}uploads/${id}/5000`, randomBytes(7));
      expect(await s.stagedSize(id)).toBe(100);
      expect((await bytesOf(await s.readStaged(id, 100))).equals(a)).toBe(true);
      const b = randomBytes(50);
      await s.appendStaged(id, 100, b);
      expect(await keysUnder(`${prefix}uploads/${id}/`)).toEqual(
        [`${prefix}uploads/${id}/0`, `${prefix}uploads/${id}/100`].sort(),
      );
      expect((await bytesOf(await s.readStaged(id, 150))).equals(Buffer.concat([a, b]))).toBe(true);
      await removeUnder(prefix);
    });

    it('says so clearly when the bucket is missing or the keys are wrong', async () => {
      const missing = { kind: 's3' as const, ...base, bucket: 'no-such-bucket-here', prefix: '' };
      await expect(openPhotoStorage(missing)).rejects.toThrow(
        'S3 bucket "no-such-bucket-here" does not exist',
      );
      const wrongKey = { kind: 's3' as const, ...base, secretAccessKey: 'wrong', prefix: '' };
      await expect(openPhotoStorage(wrongKey)).rejects.toThrow(/S3 bucket ".*" cannot be reached/);
      const ok = await openPhotoStorage({ kind: 's3', ...base, prefix: 'x/' });
      expect(ok.description).toBe(`s3 ${base.endpoint}/${bucket}/x/`);
    });
  });
});
