// Photo bytes in an S3-compatible bucket (minio client, path-style requests): photos at
// <prefix>photos/ab/cd/<sha256>, each PATCH of a resumable upload as its own object
// <prefix>uploads/<uploadId>/<offset> (a photo is at most 12 MiB, so no S3 multipart upload is
// needed). The parts are objects every server process sees, so any process can resume an
// upload another one started. A new upload starts with an empty part at offset 0, which marks
// it as staged until its first PATCH replaces it.
//
// The staged bytes are the parts chained from offset 0, each starting where the previous one
// ends: a part a broken request left at the upload's offset is replaced by the next PATCH at
// that offset (same key), and parts off the chain are never read.
import { Readable } from 'node:stream';
import { Client, S3Error } from 'minio';
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

export type S3Settings = {
  /** http(s)://host[:port] of the S3 API. */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** Key prefix inside the bucket ("" for none); stored with a trailing '/'. */
  prefix: string;
};

type Part = { offset: number; size: number; key: string; modifiedMs: number };

const codeOf = (e: unknown) => (e instanceof S3Error ? e.code : undefined);
const isMissing = (e: unknown) => codeOf(e) === 'NotFound' || codeOf(e) === 'NoSuchKey';

/** The parts chained from offset 0 until `length` bytes (all of the chain when undefined). */
function chain(parts: Part[], length?: number): { parts: Part[]; size: number } {
  const at = new Map(parts.map((p) => [p.offset, p]));
  const out: Part[] = [];
  let size = 0;
  for (;;) {
    if (length !== undefined && size >= length) break;
    const next = at.get(size);
    if (!next || next.size === 0) break;
    out.push(next);
    size += next.size;
  }
  return { parts: out, size };
}

export class S3PhotoStorage implements PhotoStorage {
  readonly description: string;
  private readonly client: Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(settings: S3Settings) {
    const url = new URL(settings.endpoint);
    this.client = new Client({
      endPoint: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      useSSL: url.protocol === 'https:',
      accessKey: settings.accessKeyId,
      secretKey: settings.secretAccessKey,
      region: settings.region,
      pathStyle: true,
    });
    this.bucket = settings.bucket;
    this.prefix = normalizePrefix(settings.prefix);
    this.description = `s3 ${url.origin}/${this.bucket}/${this.prefix}`;
  }

  /** Throws a clear error when the bucket is missing or the credentials are refused. */
  async checkBucket(): Promise<void> {
    const exists = await this.client.bucketExists(this.bucket).catch((e: unknown) => {
      throw new Error(`S3 bucket "${this.bucket}" cannot be reached: ${(e as Error).message}`, {
        cause: e,
      });
    });
    if (!exists) throw new Error(`S3 bucket "${this.bucket}" does not exist`);
  }

  private photoKey = (sha: string) => `${this.prefix}photos/${shardedName(checkSha(sha))}`;
  private stagedPrefix = (id: string) => `${this.prefix}uploads/${checkStagedId(id)}/`;

  async put(sha: string, bytes: Uint8Array): Promise<'stored' | 'existed'> {
    const key = this.photoKey(sha);
    if (await this.has(sha)) return 'existed';
    const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const meta = { 'Content-Type': 'image/jpeg' };
    try {
      // If-None-Match: another process storing the same hash at the same moment keeps its object.
      await this.client.putObject(this.bucket, key, body, body.length, {
        ...meta,
        'If-None-Match': '*',
      });
    } catch (e) {
      const code = codeOf(e);
      if (code === 'PreconditionFailed') return 'existed';
      // A store without conditional writes: the check above is all there is.
      if (code !== 'NotImplemented' && code !== 'MethodNotAllowed') throw e;
      await this.client.putObject(this.bucket, key, body, body.length, meta);
    }
    return 'stored';
  }

  async has(sha: string): Promise<boolean> {
    return (await this.size(sha)) !== null;
  }

  async size(sha: string): Promise<number | null> {
    try {
      return (await this.client.statObject(this.bucket, this.photoKey(sha))).size;
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  async read(sha: string): Promise<Readable> {
    try {
      return await this.client.getObject(this.bucket, this.photoKey(sha));
    } catch (e) {
      if (isMissing(e)) throw new PhotoNotFoundError(`photo ${sha}`);
      throw e;
    }
  }

  async delete(sha: string): Promise<void> {
    await this.client.removeObject(this.bucket, this.photoKey(sha));
  }

  async *listPhotos(): AsyncIterable<string> {
    const stream = this.client.listObjectsV2(this.bucket, `${this.prefix}photos/`, true);
    for await (const item of stream as AsyncIterable<{ name?: string }>) {
      const sha = item.name?.split('/').pop() ?? '';
      if (isSha(sha)) yield sha;
    }
  }

  /** Every object below a prefix, with its size and time. */
  private async list(prefix: string): Promise<{ key: string; size: number; modifiedMs: number }[]> {
    const out: { key: string; size: number; modifiedMs: number }[] = [];
    const stream = this.client.listObjectsV2(this.bucket, prefix, true);
    for await (const item of stream as AsyncIterable<{
      name?: string;
      size: number;
      lastModified?: Date;
    }>) {
      if (item.name === undefined) continue;
      out.push({ key: item.name, size: item.size, modifiedMs: item.lastModified?.getTime() ?? 0 });
    }
    return out;
  }

  /** The parts of a staged upload; null when it has none (never created, or deleted). */
  private async parts(id: string): Promise<Part[] | null> {
    const prefix = this.stagedPrefix(id);
    const parts: Part[] = [];
    for (const o of await this.list(prefix)) {
      const name = o.key.slice(prefix.length);
      if (!/^(0|[1-9][0-9]*)$/.test(name)) continue;
      parts.push({ offset: Number(name), size: o.size, key: o.key, modifiedMs: o.modifiedMs });
    }
    return parts.length > 0 ? parts : null;
  }

  async createStaged(id: string): Promise<void> {
    await this.client.putObject(this.bucket, `${this.stagedPrefix(id)}0`, Buffer.alloc(0), 0);
  }

  async appendStaged(id: string, offset: number, bytes: Uint8Array): Promise<void> {
    checkByteCount(offset, 'offset');
    const parts = await this.parts(id);
    if (!parts) throw new PhotoNotFoundError(`upload ${id}`);
    const before = chain(parts, offset);
    if (before.size < offset) throw new StagedIncompleteError(id, before.size, offset);
    let at = offset;
    let body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const last = before.parts.at(-1);
    if (before.size > offset && last) {
      // The offset falls inside a part: that part is rewritten with its head and the new bytes.
      const head = await this.client.getPartialObject(
        this.bucket,
        last.key,
        0,
        offset - last.offset,
      );
      body = Buffer.concat([await collect(head), body]);
      at = last.offset;
    }
    await this.client.putObject(this.bucket, `${this.stagedPrefix(id)}${at}`, body, body.length);
    const beyond = parts.filter((p) => p.offset > at).map((p) => p.key);
    if (beyond.length > 0) await this.removeAll(beyond);
  }

  async stagedSize(id: string): Promise<number | null> {
    const parts = await this.parts(id);
    return parts ? chain(parts).size : null;
  }

  async readStaged(id: string, length: number): Promise<Readable> {
    checkByteCount(length, 'length');
    const parts = await this.parts(id);
    if (!parts) throw new PhotoNotFoundError(`upload ${id}`);
    const found = chain(parts, length);
    if (found.size < length) throw new StagedIncompleteError(id, found.size, length);
    return Readable.from(this.partBytes(id, found.parts, length));
  }

  /** The bytes of chained parts in order, cut at `length`; a part that changed is an error. */
  private async *partBytes(id: string, parts: Part[], length: number): AsyncIterable<Buffer> {
    let sent = 0;
    for (const part of parts) {
      let stream: Readable;
      try {
        stream = await this.client.getObject(this.bucket, part.key);
      } catch (e) {
        if (isMissing(e)) throw new StagedIncompleteError(id, sent, length);
        throw e;
      }
      let read = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        read += chunk.length;
        const wanted = Math.min(chunk.length, length - sent);
        if (wanted > 0) yield wanted === chunk.length ? chunk : chunk.subarray(0, wanted);
        sent += wanted;
      }
      if (read !== part.size) throw new StagedIncompleteError(id, sent, length);
    }
  }

  async deleteStaged(id: string): Promise<void> {
    const keys = (await this.list(this.stagedPrefix(id))).map((o) => o.key);
    if (keys.length > 0) await this.removeAll(keys);
  }

  async listStaged(): Promise<StagedUpload[]> {
    const root = `${this.prefix}uploads/`;
    const byId = new Map<string, number>();
    for (const o of await this.list(root)) {
      const id = o.key.slice(root.length).split('/')[0] ?? '';
      if (!isStagedId(id)) continue;
      byId.set(id, Math.max(byId.get(id) ?? 0, o.modifiedMs));
    }
    return [...byId].map(([id, modifiedMs]) => ({ id, modifiedMs }));
  }

  private async removeAll(keys: string[]): Promise<void> {
    const failed = await this.client.removeObjects(this.bucket, keys);
    const first = failed[0] as { Key?: string; Code?: string; Message?: string } | undefined;
    if (first) throw new Error(`S3 delete of ${first.Key} failed: ${first.Code} ${first.Message}`);
  }
}

/** A stream's bytes in one buffer (a part is at most 12 MiB). */
async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** "" stays ""; "a/b", "/a/b/" become "a/b/". */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}
