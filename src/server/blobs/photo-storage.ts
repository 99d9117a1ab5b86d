// Where photo bytes live, as the blob store sees it: verified photos by SHA-256, and the staged
// bytes of resumable uploads. Two implementations: the file system (fs-photo-storage.ts, the
// default) and an S3-compatible bucket (s3-photo-storage.ts). Neither checks anything about the
// bytes: the server hashes them and runs the JPEG checks itself before it calls put(), and the
// database decides what exists (an object without a row is an orphan; deletes come after the
// commit that forgot the row).
//
// Staging is shared between server processes: an upload started on one process can be resumed on
// another, which reads the upload's offset from the database and appends here. A part appended at
// an offset replaces whatever an interrupted earlier attempt left at or beyond that offset, so the
// offset in the database, not the storage, is the truth.
import type { Readable } from 'node:stream';

/** A photo or staged upload the storage does not hold. */
export class PhotoNotFoundError extends Error {
  override name = 'PhotoNotFoundError';
  readonly code = 'not_found';
  constructor(readonly what: string) {
    super(`${what} not found in photo storage`);
  }
}

/** Staged bytes that do not reach (or, for an S3 part, do not match) what was asked for. */
export class StagedIncompleteError extends Error {
  override name = 'StagedIncompleteError';
  constructor(
    readonly uploadId: string,
    readonly staged: number,
    readonly wanted: number,
  ) {
    super(`upload ${uploadId} has ${staged} bytes staged in order where ${wanted} were expected`);
  }
}

/** A staged upload as a sweep sees it. */
export type StagedUpload = { id: string; modifiedMs: number };

export interface PhotoStorage {
  /** For logs and the start-up line: "filesystem <dir>" or "s3 <endpoint>/<bucket>/<prefix>". */
  readonly description: string;

  /**
   * Stores verified bytes under their hash. Idempotent: when the hash is stored already, nothing
   * is written (content-addressed: the stored bytes are the same) and the answer is 'existed'.
   * Never replaces an existing object.
   */
  put(sha: string, bytes: Uint8Array): Promise<'stored' | 'existed'>;
  has(sha: string): Promise<boolean>;
  /** Byte size of a stored photo; null when it is not stored. */
  size(sha: string): Promise<number | null>;
  /** The whole photo as a stream; PhotoNotFoundError when it is not stored. */
  read(sha: string): Promise<Readable>;
  /** Deletes a photo; nothing happens when it is not stored. */
  delete(sha: string): Promise<void>;
  /** Every stored hash, in no particular order. */
  listPhotos(): AsyncIterable<string>;

  /** Starts an empty staged upload (stagedSize answers 0 afterwards). */
  createStaged(id: string): Promise<void>;
  /**
   * Writes `bytes` at `offset` of a staged upload, dropping anything staged at or beyond it.
   * PhotoNotFoundError when the upload was never created or was deleted.
   */
  appendStaged(id: string, offset: number, bytes: Uint8Array): Promise<void>;
  /** How many bytes are staged contiguously from 0; null when the upload is not staged. */
  stagedSize(id: string): Promise<number | null>;
  /**
   * The first `length` staged bytes, in order. PhotoNotFoundError when the upload is not staged,
   * StagedIncompleteError (as the stream's error or thrown) when fewer bytes are staged.
   */
  readStaged(id: string, length: number): Promise<Readable>;
  /** Deletes a staged upload; nothing happens when it is not staged. */
  deleteStaged(id: string): Promise<void>;
  /** Every staged upload with the time it last changed, in no particular order. */
  listStaged(): Promise<StagedUpload[]>;
}

/** Lower-case hex SHA-256: the name of a photo. */
export const isSha = (s: string) => /^[0-9a-f]{64}$/.test(s);
/** Letters, digits, '-' and '_' (an upload's UUID): a name that stays inside its folder or prefix. */
export const isStagedId = (s: string) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(s);

/** Refuses a hash that is not lower-case hex SHA-256 (it becomes a path or key). */
export function checkSha(sha: string): string {
  if (!isSha(sha)) throw new TypeError(`not a SHA-256 hex digest: ${JSON.stringify(sha)}`);
  return sha;
}

/** Refuses an upload id that could escape its folder or prefix (it becomes a path or key). */
export function checkStagedId(id: string): string {
  if (!isStagedId(id)) throw new TypeError(`not an upload id: ${JSON.stringify(id)}`);
  return id;
}

/** Refuses an offset or length that is not a byte count. */
export function checkByteCount(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be ≥ 0, got ${n}`);
  return n;
}

/** ab/cd/<sha>: the two-level fan-out both implementations use below their root. */
export const shardedName = (sha: string) => `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
