// The photo storage suite on the file system, plus the layout the server has always used:
// photos at <dir>/ab/cd/<sha256>, staged uploads at <dir>/tmp/<uploadId>.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FsPhotoStorage } from '../../../src/server/blobs/fs-photo-storage';
import { bytesOf, photoStorageSuite, sha256 } from './photo-storage-suite';

photoStorageSuite('file system', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-photos-'));
  return {
    storage: new FsPhotoStorage(dir),
    another: () => new FsPhotoStorage(dir),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('file system photo storage layout', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps photos at ab/cd/<sha> and staged uploads at tmp/<id>, leaving no temp file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-photos-'));
    const s = new FsPhotoStorage(dir);
    const bytes = randomBytes(5000);
    const sha = sha256(bytes);
    await s.put(sha, bytes);
    const path = join(dir, sha.slice(0, 2), sha.slice(2, 4), sha);
    expect(s.pathFor(sha)).toBe(path);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(await s.listStaged()).toEqual([]);
    const id = randomUUID();
    await s.createStaged(id);
    await s.appendStaged(id, 0, bytes);
    expect(readFileSync(join(dir, 'tmp', id)).equals(bytes)).toBe(true);
  });

  it('reads a photo file written before (an existing data folder) and ignores foreign files', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-photos-'));
    const bytes = randomBytes(100);
    const sha = sha256(bytes);
    const s = new FsPhotoStorage(dir);
    const path = s.pathFor(sha);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, bytes);
    writeFileSync(join(path, '..', 'notes.txt'), 'x');
    writeFileSync(join(dir, 'tmp', 'has space'), 'x');
    expect((await bytesOf(await s.read(sha))).equals(bytes)).toBe(true);
    const listed: string[] = [];
    for await (const h of s.listPhotos()) listed.push(h);
    expect(listed).toEqual([sha]);
    expect(await s.listStaged()).toEqual([]);
    await s.delete(sha);
    expect(existsSync(path)).toBe(false);
  });
});
