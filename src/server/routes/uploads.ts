// POST/HEAD/PATCH /api/v1/uploads — a minimal tus 1.0.0 (core, creation, creation-with-upload) for photo bytes;
// the exchange is described in src/shared/blobs.ts. Uploads belong to the user who created them
// (another user gets 404). Bytes are checked as they arrive (JPEG magic, length) and verified
// on the last chunk (SHA-256, frame header and pixel count) before they become a blob.
// Dedupe (docs/architecture.md §Upload step 1): POST for stored bytes answers 200 without a
// transfer only to a user who may already read them (routes/blobs.ts); anyone else gets exactly
// what an unknown hash gets (201 + Location, or 507 over the quota) and must send the bytes,
// which the server verifies before it counts that user as their sender.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { MAX_BLOB_BYTES, TUS_VERSION } from '../../shared/blobs';
import { Sha256 } from '../../shared/domain/schemas';
import { readScope } from '../../shared/policy';
import type { ApiErrorCode } from '../../shared/protocol';
import { type BlobStore, UploadError } from '../blobs/blob-store';
import type { ServerDb, Upload } from '../store/store';
import { ImageRejected } from '../blobs/jpeg';
import type { AppEnv } from '../http/auth-middleware';
import { ApiHttpError } from '../http/errors';

const TUS = { 'Tus-Resumable': TUS_VERSION, 'Cache-Control': 'no-store' };
/** The content type of upload bytes, in a PATCH or with the POST that opens an upload. */
const UPLOAD_BYTES = 'application/offset+octet-stream';

function parseMetadata(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (header ?? '').split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (key) out[key] = value ? Buffer.from(value, 'base64').toString('utf8') : '';
  }
  return out;
}

function fail(status: ApiHttpError['status'], code: ApiErrorCode, message: string): never {
  throw new ApiHttpError(status, code, message, undefined, TUS);
}

/** A refused upload or image as a tus answer (TUS headers); anything else is thrown on. */
function failUpload(e: unknown): never {
  if (e instanceof UploadError || e instanceof ImageRejected)
    fail(e.status as ApiHttpError['status'], e.code, e.message);
  throw e;
}

function requireTus(c: Context) {
  if (c.req.header('tus-resumable') !== TUS_VERSION) {
    throw new ApiHttpError(
      412,
      'tus_version',
      `Tus-Resumable: ${TUS_VERSION} required`,
      undefined,
      { ...TUS, 'Tus-Version': TUS_VERSION },
    );
  }
}

export function uploadRoutes(db: ServerDb, store: BlobStore, clock: () => Date) {
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    requireTus(c);
    const length = Number(c.req.header('upload-length'));
    if (!Number.isSafeInteger(length) || length < 1)
      fail(400, 'invalid', 'Upload-Length must be a positive integer');
    if (length > MAX_BLOB_BYTES)
      fail(413, 'too_large', `photos may have at most ${MAX_BLOB_BYTES} bytes`);
    const meta = parseMetadata(c.req.header('upload-metadata'));
    const sha = meta['sha256'] ?? '';
    if (!Sha256.safeParse(sha).success)
      fail(400, 'invalid', 'Upload-Metadata needs sha256 (hex, base64-encoded)');
    if (meta['type'] !== undefined && meta['type'] !== 'image/jpeg')
      fail(415, 'not_jpeg', 'only image/jpeg is accepted');
    const user = c.var.user;
    const mayRead = await db.readTx((tx) => tx.blobs.mayRead(sha, user.id, readScope(user).siteId));
    if (mayRead && (await store.has(sha))) {
      return c.body(null, 200, {
        ...TUS,
        'Upload-Offset': String(length),
        'Upload-Length': String(length),
      });
    }
    const withBytes = c.req.header('content-type') === UPLOAD_BYTES;
    const upload = await store
      .createUpload(user.id, sha, length, { findOpen: withBytes })
      .catch(failUpload);
    const offset = await firstChunk(c, upload);
    return c.body(null, 201, {
      ...TUS,
      Location: `/api/v1/uploads/${upload.id}`,
      'Upload-Offset': String(offset),
    });
  });

  /**
   * tus creation-with-upload: a POST may carry the upload's first bytes (Content-Type
   * application/offset+octet-stream), checked and staged as a PATCH at offset 0 would be. An
   * upload found again (createUpload) that is already past 0, or busy with another request,
   * leaves the body unread and answers where it stands; the device sends on from there.
   */
  async function firstChunk(c: Context<AppEnv>, upload: Upload): Promise<number> {
    if (c.req.header('content-type') !== UPLOAD_BYTES || upload.offset > 0) return upload.offset;
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) > upload.length)
      fail(413, 'too_large', 'the body is longer than Upload-Length');
    try {
      return await store.append(upload, 0, c.req.raw.body);
    } catch (e) {
      if (!(e instanceof UploadError && e.status === 409)) failUpload(e);
      return (await db.readTx((tx) => tx.blobs.upload(upload.id)))?.offset ?? 0;
    }
  }

  const ownUpload = async (c: Context<AppEnv>) => {
    const id = c.req.param('id') ?? '';
    const upload = await db.readTx((tx) => tx.blobs.upload(id));
    if (!upload || upload.userId !== c.var.user.id) fail(404, 'not_found', 'no such upload');
    if (upload.expiresAt <= clock().getTime())
      fail(410, 'expired', 'the upload expired; start again');
    return upload;
  };

  // Hono answers HEAD with the GET route (without a body).
  app.get('/:id', async (c) => {
    const upload = await ownUpload(c);
    return c.body(null, 200, {
      ...TUS,
      'Upload-Offset': String(upload.offset),
      'Upload-Length': String(upload.length),
    });
  });

  app.patch('/:id', async (c) => {
    requireTus(c);
    if (c.req.header('content-type') !== UPLOAD_BYTES)
      fail(415, 'unsupported_media_type', 'Content-Type must be application/offset+octet-stream');
    const upload = await ownUpload(c);
    const offset = Number(c.req.header('upload-offset'));
    if (!Number.isSafeInteger(offset) || offset < 0)
      fail(400, 'invalid', 'Upload-Offset must be a non-negative integer');
    const declared = c.req.header('content-length');
    if (declared !== undefined && offset + Number(declared) > upload.length)
      fail(413, 'too_large', 'the body is longer than Upload-Length');
    try {
      const next = await store.append(upload, offset, c.req.raw.body);
      return c.body(null, 204, { ...TUS, 'Upload-Offset': String(next) });
    } catch (e) {
      failUpload(e);
    }
  });
  return app;
}
