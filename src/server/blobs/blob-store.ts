// Photo bytes, content-addressed by SHA-256, kept in a PhotoStorage: a folder (ab/cd/<sha256>,
// the default) or an S3-compatible bucket (blobs/photo-storage.ts). Uploads (tus subset,
// src/shared/blobs.ts) are staged in the storage part by part, so any server process can take
// the next PATCH of an upload; a lease in the database (BlobsStore.leaseUpload) lets one PATCH
// at a time write. On the last byte the server reads the staged bytes back and verifies them
// itself (SHA-256, JPEG header, pixel count) before it stores the photo and then commits its row,
// so a row never names bytes that are not stored and a reader never sees a partial photo.
// Incomplete uploads expire UPLOAD_TTL_MS after they were created: every new upload deletes the
// expired ones, and sweepExpired() (at start-up and hourly from main.ts) also deletes staged
// bytes no upload owns any more (a crash between the two steps). Each account may keep at most
// `quotaBytes` of photo bytes (PHOTO_QUOTA_BYTES): what its verified uploads stored plus what its
// open uploads announced; a new upload beyond that is refused with 507 photo_quota_exceeded.
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { v7 as uuidv7 } from 'uuid';
import { HASH_MISMATCH_STATUS } from '../../shared/blobs';
import type { ApiErrorCode } from '../../shared/protocol';
import type { ServerDb, Upload } from '../store/store';
import { FsPhotoStorage } from './fs-photo-storage';
import { ImageRejected, hasJpegMagic, jpegDimensions } from './jpeg';
import { type PhotoStorage, PhotoNotFoundError, StagedIncompleteError } from './photo-storage';

export const UPLOAD_TTL_MS = 24 * 3600_000;
/** How long a PATCH holds its upload without renewing; renewed every third of it while bytes arrive. */
export const UPLOAD_LEASE_MS = 30_000;
/** A PATCH body is staged in parts of this size (bounds the memory one request holds). */
export const STAGE_PART_BYTES = 4 * 1024 * 1024;
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
  readonly storage: PhotoStorage;

  /** `photos`: where the bytes live; a folder name stands for a FsPhotoStorage there. */
  constructor(
    photos: PhotoStorage | string,
    private readonly db: ServerDb,
    private readonly clock: () => Date,
    readonly quotaBytes: number = DEFAULT_PHOTO_QUOTA_BYTES,
    private readonly leaseMs: number = UPLOAD_LEASE_MS,
  ) {
    this.storage = typeof photos === 'string' ? new FsPhotoStorage(photos) : photos;
  }

  /** Are these bytes stored (a row and the bytes themselves)? */
  async has(sha: string): Promise<boolean> {
    if (!(await this.db.readTx((tx) => tx.blobs.blob(sha)))) return false;
    return this.storage.has(sha);
  }

  /** The stored bytes; PhotoNotFoundError when they are gone. */
  read(sha: string): Promise<Readable> {
    return this.storage.read(sha);
  }

  /**
   * Opens an upload of these bytes for the account. With `findOpen` (a POST carrying the first
   * chunk) it finds the account's open one again if no request holds it: a device whose POST lost
   * its answer resumes where that upload got to instead of charging the quota a second time
   * (docs/architecture.md §Upload step 3). A plain creation always opens a new one at 0, as tus
   * clients expect.
   */
  async createUpload(
    userId: string,
    sha256: string,
    length: number,
    { findOpen = false } = {},
  ): Promise<Upload> {
    await this.discardExpired(); // the stray staged-bytes scan stays off this path (sweepExpired)
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
    const open = await this.db.writeTx(async (tx) => {
      const found = findOpen ? await tx.blobs.openUpload(userId, sha256, length, now) : null;
      if (found) return found;
      if ((await tx.blobs.usedBytes(userId)) + length > this.quotaBytes)
        throw new UploadError(
          507,
          'photo_quota_exceeded',
          `this account may store at most ${this.quotaBytes} bytes of photos`,
        );
      await tx.blobs.insertUpload(row);
      return null;
    });
    if (open) return open;
    try {
      await this.storage.createStaged(row.id);
    } catch (e) {
      await this.db.writeTxOutsideFeed((tx) => tx.blobs.deleteUpload(row.id));
      throw e;
    }
    return row;
  }

  /**
   * Appends a PATCH body at `offset`; returns the new offset (finalizing the blob at the end).
   * Holds the upload's lease meanwhile: a second PATCH of it, on any process, is 409 busy.
   */
  async append(
    upload: Upload,
    offset: number,
    body: ReadableStream<Uint8Array> | null,
  ): Promise<number> {
    const holder = randomUUID();
    const lease = () => {
      const now = this.clock().getTime();
      return this.db.writeTxOutsideFeed(async (tx) =>
        (await tx.blobs.leaseUpload(upload.id, holder, now + this.leaseMs, now))
          ? tx.blobs.upload(upload.id)
          : null,
      );
    };
    const current = await lease();
    if (!current) {
      const exists = await this.db.readTx((tx) => tx.blobs.upload(upload.id));
      if (!exists) throw new UploadError(404, 'not_found', 'upload not found');
      throw new UploadError(409, 'busy', 'another PATCH of this upload is in progress');
    }
    let lost = false;
    const renew = setInterval(() => {
      lease().then(
        (ok) => (lost ||= !ok),
        () => (lost = true),
      );
    }, this.leaseMs / 3);
    renew.unref();
    try {
      return await this.appendLeased(current, offset, body, () => lost);
    } finally {
      clearInterval(renew);
      // A lease that cannot be released runs out by itself; the PATCH's own outcome stands.
      await this.db
        .writeTxOutsideFeed((tx) => tx.blobs.releaseUpload(upload.id, holder))
        .catch(() => undefined);
    }
  }

  private async appendLeased(
    upload: Upload,
    offset: number,
    body: ReadableStream<Uint8Array> | null,
    leaseLost: () => boolean,
  ): Promise<number> {
    if (offset !== upload.offset)
      throw new UploadError(409, 'offset_mismatch', `the upload is at offset ${upload.offset}`);
    const staged = await this.storage.stagedSize(upload.id);
    if (staged === null || staged < offset) {
      // The staged bytes are gone (or fewer than recorded): only a fresh upload can help.
      await this.discard(upload.id);
      throw new UploadError(404, 'not_found', 'upload not found');
    }
    const part = new StagedPart((at, bytes) => this.stage(upload.id, at, bytes), offset, leaseLost);
    try {
      if (body) {
        for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
          if (offset === 0 && part.received === 0 && chunk.length >= 3 && !hasJpegMagic(chunk))
            throw new ImageRejected(415, 'not_jpeg', 'not a JPEG file');
          if (offset + part.received + chunk.length > upload.length)
            throw new UploadError(413, 'too_large', 'the body is longer than Upload-Length');
          await part.add(chunk);
        }
      }
      await part.flush();
    } catch (e) {
      if (leaseLost()) throw e;
      if (e instanceof ImageRejected) {
        await this.discard(upload.id);
        throw e;
      }
      // Refused: none of this PATCH's bytes count. Broken off: keep what arrived (tus resumes).
      if (e instanceof UploadError) await part.undo();
      else await part.flush().catch(() => undefined);
      throw e;
    }
    if (part.end === upload.length) await this.finalize(upload);
    return part.end;
  }

  /** Stages `bytes` at `offset` and records the new offset. */
  private async stage(id: string, offset: number, bytes: Uint8Array): Promise<void> {
    await this.storage.appendStaged(id, offset, bytes);
    await this.db.writeTxOutsideFeed((tx) => tx.blobs.setOffset(id, offset + bytes.length));
  }

  private async finalize(upload: Upload): Promise<void> {
    let bytes: Buffer;
    try {
      bytes = await collect(await this.storage.readStaged(upload.id, upload.length));
    } catch (e) {
      if (!(e instanceof PhotoNotFoundError || e instanceof StagedIncompleteError)) throw e;
      await this.discard(upload.id);
      throw new UploadError(404, 'not_found', 'the upload lost bytes; start again');
    }
    // Hashed from the staged bytes read back: what is stored is what was verified.
    if (createHash('sha256').update(bytes).digest('hex') !== upload.sha256) {
      await this.discard(upload.id);
      throw new UploadError(
        HASH_MISMATCH_STATUS,
        'hash_mismatch',
        'the bytes do not match the declared SHA-256; upload discarded',
      );
    }
    try {
      // The whole photo (≤ MAX_BLOB_BYTES): the frame header sits after APP segments, and an
      // Exif/XMP segment is refused wherever it hides (jpeg.ts).
      jpegDimensions(bytes);
    } catch (e) {
      await this.discard(upload.id);
      throw e;
    }
    const now = this.clock().toISOString();
    // The blob, the end of its upload and the bytes in one transaction: its bytes stay charged
    // exactly once, and under the lock of the hash a purge's delete of the same bytes
    // (retention.ts deleteForgottenBytes) comes wholly before or after it: before, the bytes are
    // put again here; after, it finds the row and keeps them.
    await this.db.writeTxOutsideFeed(async (tx) => {
      await tx.blobs.lockBytes(upload.sha256);
      await tx.blobs.insertBlob(upload.sha256, upload.length, 'image/jpeg', upload.userId, now);
      await tx.blobs.deleteUpload(upload.id);
      await this.storage.put(upload.sha256, bytes);
    });
    // Left behind when this fails: bytes no upload owns, which sweepExpired() deletes.
    await this.storage.deleteStaged(upload.id).catch(() => undefined);
  }

  async discard(id: string): Promise<void> {
    await this.db.writeTxOutsideFeed((tx) => tx.blobs.deleteUpload(id));
    await this.storage.deleteStaged(id);
  }

  /** Deletes the uploads that expired; returns how many. */
  private async discardExpired(): Promise<number> {
    const now = this.clock().getTime();
    const ids = await this.db.readTx((tx) => tx.blobs.expiredUploads(now));
    for (const id of ids) await this.discard(id);
    return ids.length;
  }

  /** Deletes expired uploads and staged bytes older than UPLOAD_TTL_MS that no upload owns; returns how many uploads. */
  async sweepExpired(): Promise<number> {
    const expired = await this.discardExpired();
    const now = this.clock().getTime();
    const owned = await this.db.readTx((tx) => tx.blobs.uploadIds());
    for (const { id, modifiedMs } of await this.storage.listStaged()) {
      // The age check keeps bytes whose upload row is being written right now.
      if (owned.has(id) || modifiedMs >= now - UPLOAD_TTL_MS) continue;
      if (!(await this.db.readTx((tx) => tx.blobs.upload(id)))) await this.storage.deleteStaged(id);
    }
    return expired;
  }
}

/** One PATCH body on its way into the staged upload, gathered into parts of STAGE_PART_BYTES. */
class StagedPart {
  private chunks: Uint8Array[] = [];
  private pending = 0;
  /** Bytes of this body received so far. */
  received = 0;
  /** The upload's offset after the parts staged so far. */
  end: number;

  constructor(
    private readonly stage: (offset: number, bytes: Uint8Array) => Promise<void>,
    private readonly start: number,
    private readonly leaseLost: () => boolean,
  ) {
    this.end = start;
  }

  async add(chunk: Uint8Array): Promise<void> {
    this.chunks.push(chunk);
    this.pending += chunk.length;
    this.received += chunk.length;
    if (this.pending >= STAGE_PART_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.leaseLost())
      throw new UploadError(409, 'busy', 'the upload was taken over by another PATCH');
    if (this.pending === 0) return;
    const bytes = Buffer.concat(this.chunks);
    this.chunks = [];
    this.pending = 0;
    await this.stage(this.end, bytes);
    this.end += bytes.length;
  }

  /** Drops what this body staged: the upload is back at the offset it started from. */
  async undo(): Promise<void> {
    this.chunks = [];
    this.pending = 0;
    if (this.end > this.start) await this.stage(this.start, new Uint8Array(0));
    this.end = this.start;
  }
}

/** A stream's bytes in one buffer (an upload is at most MAX_BLOB_BYTES). */
async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
