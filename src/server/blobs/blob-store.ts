// Photo bytes on disk, content-addressed: <photosDir>/ab/cd/<sha256>. Uploads (tus subset,
// src/shared/blobs.ts) land in <photosDir>/tmp/<uploadId>, are hashed while written, verified
// on completion (hash, JPEG header, pixel count) and moved into place with an atomic rename,
// so a reader never sees a partial photo. Incomplete uploads expire UPLOAD_TTL_MS after they
// were created: every new upload deletes the expired ones, and sweepExpired() (at start-up and
// hourly from main.ts) also deletes temp files no upload owns any more (a crash between the two
// steps; a restart follows a crash, so start-up finds them). Each account may keep at
// most `quotaBytes` of photo bytes (PHOTO_QUOTA_BYTES): what its verified uploads stored plus what
// its open uploads announced; a new upload beyond that is refused with 507 photo_quota_exceeded.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { HASH_MISMATCH_STATUS } from '../../shared/blobs';
import type { ServerDb, Upload } from '../store/store';
import { ImageRejected, hasJpegMagic, jpegDimensions } from './jpeg';
import type { ApiErrorCode } from '../../shared/protocol';

export const UPLOAD_TTL_MS = 24 * 3600_000;
export const DEFAULT_PHOTO_QUOTA_BYTES = 2 * 1024 ** 3;

export class PhotoQuotaConfigError extends Error {
  override name = 'PhotoQuotaConfigError';
}

/** PHOTO_QUOTA_BYTES: photo bytes one account may store (default 2 GiB). */
export function photoQuotaBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['PHOTO_QUOTA_BYTES'];
  if (raw === undefined || raw === '') return DEFAULT_PHOTO_QUOTA_BYTES;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new PhotoQuotaConfigError(`PHOTO_QUOTA_BYTES must be a byte count ≥ 0, got "${raw}"`);
  return n;
}

export class UploadError extends Error {
  override name = 'UploadError';
  constructor(
    readonly status: 400 | 404 | 409 | 410 | 413 | 415 | 507 | typeof HASH_MISMATCH_STATUS,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export class BlobStore {
  private readonly tmp: string;
  /** Hash state per upload, valid while `offset` matches the file (lost on restart → rehash). */
  private readonly hashes = new Map<string, { hash: Hash; offset: number }>();
  /** Uploads with a PATCH in progress: a second concurrent PATCH would interleave bytes. */
  private readonly busy = new Set<string>();

  constructor(
    readonly dir: string,
    private readonly db: ServerDb,
    private readonly clock: () => Date,
    readonly quotaBytes: number = DEFAULT_PHOTO_QUOTA_BYTES,
  ) {
    this.tmp = join(dir, 'tmp');
    mkdirSync(this.tmp, { recursive: true });
  }

  pathFor = (sha: string) => join(this.dir, sha.slice(0, 2), sha.slice(2, 4), sha);
  private tmpPath = (id: string) => join(this.tmp, id);

  async has(sha: string): Promise<boolean> {
    if (!(await this.db.readTx((tx) => tx.blobs.blob(sha)))) return false;
    return stat(this.pathFor(sha)).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  readStream = (sha: string) => createReadStream(this.pathFor(sha));

  async createUpload(userId: string, sha256: string, length: number): Promise<Upload> {
    await this.discardExpired(); // the stray temp-file scan stays off this path (sweepExpired)
    const now = this.clock().getTime();
    const row = {
      id: uuidv7(),
      userId,
      sha256,
      length,
      offset: 0,
      createdAt: now,
      expiresAt: now + UPLOAD_TTL_MS,
    };
    // Check and reserve in one write transaction, so concurrent POSTs cannot both pass the check.
    await this.db.writeTx(async (tx) => {
      if ((await tx.blobs.usedBytes(userId)) + length > this.quotaBytes)
        throw new UploadError(
          507,
          'photo_quota_exceeded',
          `this account may store at most ${this.quotaBytes} bytes of photos`,
        );
      await tx.blobs.insertUpload(row);
    });
    try {
      await (await open(this.tmpPath(row.id), 'w')).close();
    } catch (e) {
      await this.db.writeTx((tx) => tx.blobs.deleteUpload(row.id));
      throw e;
    }
    this.hashes.set(row.id, { hash: createHash('sha256'), offset: 0 });
    return row;
  }

  /** Appends a PATCH body at `offset`; returns the new offset (finalizing the blob at the end). */
  async append(
    upload: Upload,
    offset: number,
    body: ReadableStream<Uint8Array> | null,
  ): Promise<number> {
    if (this.busy.has(upload.id))
      throw new UploadError(409, 'busy', 'another PATCH of this upload is in progress');
    this.busy.add(upload.id);
    try {
      return await this.appendLocked(upload, offset, body);
    } finally {
      this.busy.delete(upload.id);
    }
  }

  private async appendLocked(
    upload: Upload,
    offset: number,
    body: ReadableStream<Uint8Array> | null,
  ): Promise<number> {
    const path = this.tmpPath(upload.id);
    const size = await stat(path).then(
      (s) => s.size,
      () => -1,
    );
    if (size < 0) throw new UploadError(404, 'not_found', 'upload not found');
    if (offset !== upload.offset || offset !== size)
      throw new UploadError(409, 'offset_mismatch', `the upload is at offset ${size}`);
    const state = this.hashes.get(upload.id);
    const hash = state && state.offset === offset ? state.hash.copy() : null;
    const fh = await open(path, 'r+');
    let written = 0;
    try {
      if (body) {
        for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
          if (offset === 0 && written === 0 && chunk.length >= 3 && !hasJpegMagic(chunk)) {
            throw new ImageRejected(415, 'not_jpeg', 'not a JPEG file');
          }
          if (offset + written + chunk.length > upload.length)
            throw new UploadError(413, 'too_large', 'the body is longer than Upload-Length');
          await fh.write(chunk, 0, chunk.length, offset + written);
          hash?.update(chunk);
          written += chunk.length;
        }
      }
    } catch (e) {
      await fh.close();
      if (e instanceof ImageRejected) {
        await this.discard(upload.id);
        throw e;
      }
      if (e instanceof UploadError) {
        await truncate(path, offset);
        throw e;
      }
      // The connection broke mid-body: keep what arrived, so the client resumes from there (tus).
      await this.progress(upload.id, offset + written, hash);
      throw e;
    }
    await fh.close();
    const next = offset + written;
    await this.progress(upload.id, next, hash);
    if (next === upload.length) await this.finalize(upload);
    return next;
  }

  private async progress(id: string, offset: number, hash: Hash | null) {
    await this.db.writeTx((tx) => tx.blobs.setOffset(id, offset));
    if (hash) this.hashes.set(id, { hash, offset });
    else this.hashes.delete(id);
  }

  private async finalize(upload: Upload): Promise<void> {
    const path = this.tmpPath(upload.id);
    const state = this.hashes.get(upload.id);
    const digest =
      state && state.offset === upload.length
        ? state.hash.digest('hex')
        : createHash('sha256')
            .update(await readFile(path))
            .digest('hex');
    this.hashes.delete(upload.id);
    if (digest !== upload.sha256) {
      await this.discard(upload.id);
      throw new UploadError(
        HASH_MISMATCH_STATUS,
        'hash_mismatch',
        'the bytes do not match the declared SHA-256; upload discarded',
      );
    }
    const fh = await open(path, 'r');
    // The whole file (≤ MAX_BLOB_BYTES): the frame header sits after APP segments, and an Exif/XMP
    // segment is refused wherever it hides (jpeg.ts).
    const head = new Uint8Array(upload.length);
    await fh.read(head, 0, head.length, 0);
    await fh.close();
    try {
      jpegDimensions(head);
    } catch (e) {
      await this.discard(upload.id);
      throw e;
    }
    const target = this.pathFor(upload.sha256);
    await mkdir(join(target, '..'), { recursive: true });
    if (await this.has(upload.sha256)) await rm(path, { force: true });
    else await rename(path, target);
    const now = this.clock().toISOString();
    // The blob and the end of its upload in one transaction: its bytes stay charged exactly once.
    await this.db.writeTx(async (tx) => {
      await tx.blobs.insertBlob(upload.sha256, upload.length, 'image/jpeg', upload.userId, now);
      await tx.blobs.deleteUpload(upload.id);
    });
  }

  async discard(id: string): Promise<void> {
    this.hashes.delete(id);
    await this.db.writeTx((tx) => tx.blobs.deleteUpload(id));
    await rm(this.tmpPath(id), { force: true });
  }

  /** Deletes the uploads that expired; returns how many. */
  private async discardExpired(): Promise<number> {
    const now = this.clock().getTime();
    const ids = await this.db.readTx((tx) => tx.blobs.expiredUploads(now));
    for (const id of ids) await this.discard(id);
    return ids.length;
  }

  /** Deletes expired uploads and temp files older than UPLOAD_TTL_MS that no upload owns; returns how many uploads. */
  async sweepExpired(): Promise<number> {
    const expired = await this.discardExpired();
    const now = this.clock().getTime();
    const owned = await this.db.readTx((tx) => tx.blobs.uploadIds());
    for (const name of await readdir(this.tmp).catch(() => [] as string[])) {
      if (owned.has(name)) continue;
      const path = this.tmpPath(name);
      const s = await stat(path).catch(() => null);
      // The age check keeps a file whose upload row is being written right now.
      if (
        s?.isFile() &&
        s.mtimeMs < now - UPLOAD_TTL_MS &&
        !(await this.db.readTx((tx) => tx.blobs.upload(name)))
      )
        await rm(path, { force: true });
    }
    return expired;
  }
}
