// Photo bytes in a folder (the default): <dir>/ab/cd/<sha256>, staged uploads as one file each in
// <dir>/tmp/<uploadId>. A photo appears with a hard link from a finished temp file, so a reader
// never sees a partial photo and an existing photo is never replaced. Several server processes on
// one machine (or one shared folder) see the same files, so any of them can resume an upload.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { link, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  type PhotoStorage,
  PhotoNotFoundError,
  type StagedUpload,
  StagedIncompleteError,
  checkByteCount,
  checkSha,
  checkStagedId,
  isSha,
  isStagedId,
  shardedName,
} from './photo-storage';

const isNotFound = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code === 'ENOENT';
const FAN_OUT = /^[0-9a-f]{2}$/;

export class FsPhotoStorage implements PhotoStorage {
  readonly description: string;
  private readonly tmp: string;

  constructor(readonly dir: string) {
    this.description = `filesystem ${dir}`;
    this.tmp = join(dir, 'tmp');
    mkdirSync(this.tmp, { recursive: true });
  }

  /** Where a photo's file is (or would be). */
  pathFor = (sha: string) => join(this.dir, shardedName(checkSha(sha)));
  private stagedPath = (id: string) => join(this.tmp, checkStagedId(id));

  async put(sha: string, bytes: Uint8Array): Promise<'stored' | 'existed'> {
    const target = this.pathFor(sha);
    if (await this.has(sha)) return 'existed';
    // The temp name is a staged-upload name nobody owns: a crash leaves it to the stray sweep.
    const temp = join(this.tmp, `put-${randomUUID()}`);
    const fh = await open(temp, 'wx');
    try {
      await fh.writeFile(bytes);
      await fh.datasync();
    } finally {
      await fh.close();
    }
    try {
      await mkdir(join(target, '..'), { recursive: true });
      await link(temp, target);
      return 'stored';
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return 'existed';
      // A file system without hard links: a rename, after the check above, as before links.
      if (code !== 'EPERM' && code !== 'ENOTSUP') throw e;
      await rename(temp, target);
      return 'stored';
    } finally {
      await rm(temp, { force: true });
    }
  }

  async has(sha: string): Promise<boolean> {
    return (await this.size(sha)) !== null;
  }

  async size(sha: string): Promise<number | null> {
    const s = await stat(this.pathFor(sha)).catch((e: unknown) => {
      if (isNotFound(e)) return null;
      throw e;
    });
    return s?.isFile() ? s.size : null;
  }

  async read(sha: string): Promise<Readable> {
    const path = this.pathFor(sha);
    const fh = await open(path, 'r').catch((e: unknown) => {
      throw isNotFound(e) ? new PhotoNotFoundError(`photo ${sha}`) : e;
    });
    return fh.createReadStream();
  }

  async delete(sha: string): Promise<void> {
    await rm(this.pathFor(sha), { force: true });
  }

  async *listPhotos(): AsyncIterable<string> {
    const names = (path: string) =>
      readdir(path).catch((e: unknown) => {
        if (isNotFound(e)) return [] as string[];
        throw e;
      });
    for (const a of await names(this.dir)) {
      if (!FAN_OUT.test(a)) continue;
      for (const b of await names(join(this.dir, a))) {
        if (!FAN_OUT.test(b)) continue;
        for (const sha of await names(join(this.dir, a, b)))
          if (isSha(sha) && sha.startsWith(a + b)) yield sha;
      }
    }
  }

  async createStaged(id: string): Promise<void> {
    await (await open(this.stagedPath(id), 'w')).close();
  }

  async appendStaged(id: string, offset: number, bytes: Uint8Array): Promise<void> {
    checkByteCount(offset, 'offset');
    const fh = await open(this.stagedPath(id), 'r+').catch((e: unknown) => {
      throw isNotFound(e) ? new PhotoNotFoundError(`upload ${id}`) : e;
    });
    try {
      const { size } = await fh.stat();
      // Writing past the end would leave a hole of zeros in the photo.
      if (size < offset) throw new StagedIncompleteError(id, size, offset);
      if (bytes.length > 0) await fh.write(bytes, 0, bytes.length, offset);
      await fh.truncate(offset + bytes.length);
    } finally {
      await fh.close();
    }
  }

  async stagedSize(id: string): Promise<number | null> {
    const s = await stat(this.stagedPath(id)).catch((e: unknown) => {
      if (isNotFound(e)) return null;
      throw e;
    });
    return s?.isFile() ? s.size : null;
  }

  async readStaged(id: string, length: number): Promise<Readable> {
    checkByteCount(length, 'length');
    const fh = await open(this.stagedPath(id), 'r').catch((e: unknown) => {
      throw isNotFound(e) ? new PhotoNotFoundError(`upload ${id}`) : e;
    });
    const { size } = await fh.stat();
    if (size < length || length === 0) {
      await fh.close();
      if (size < length) throw new StagedIncompleteError(id, size, length);
      return Readable.from([]);
    }
    return fh.createReadStream({ start: 0, end: length - 1 });
  }

  async deleteStaged(id: string): Promise<void> {
    await rm(this.stagedPath(id), { force: true });
  }

  async listStaged(): Promise<StagedUpload[]> {
    const out: StagedUpload[] = [];
    for (const name of await readdir(this.tmp).catch(() => [] as string[])) {
      if (!isStagedId(name)) continue;
      const s = await stat(join(this.tmp, name)).catch(() => null);
      if (s?.isFile()) out.push({ id: name, modifiedMs: s.mtimeMs });
    }
    return out;
  }
}
