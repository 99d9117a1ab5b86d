// HEAD/GET /api/v1/blobs/:sha256 — photo bytes for users who may read them (docs/architecture.md
// §Photos "Who reads photo bytes"): the user's own upload of these bytes was verified, or a photo
// row in the user's read scope references the hash and its creator sent those bytes. Citing a
// hash in a row, or asking to upload it, grants nothing. Anything else is 404, the same answer as
// for bytes nobody stored, so the existence of another site's photo is not revealed.
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { Sha256 } from '../../shared/domain/schemas';
import { readScope } from '../../shared/policy';
import type { BlobStore } from '../blobs/blob-store';
import { PhotoNotFoundError } from '../blobs/photo-storage';
import type { ServerDb } from '../store/store';
import type { AppEnv } from '../http/auth-middleware';
import { apiError } from '../http/errors';

export function blobRoutes(db: ServerDb, store: BlobStore) {
  const app = new Hono<AppEnv>();
  // Hono routes HEAD to this GET route; the method stays HEAD, so it only asks whether the bytes
  // are stored, and GET opens them at once (one request to an object store, not two).
  app.get('/:sha', async (c) => {
    const sha = c.req.param('sha');
    if (!Sha256.safeParse(sha).success)
      return apiError(c, 400, 'invalid', 'expected a SHA-256 hex digest', 'sha256');
    const user = c.var.user;
    const meta = await db.readTx(async (tx) =>
      (await tx.blobs.mayRead(sha, user.id, readScope(user).siteId)) ? tx.blobs.blob(sha) : null,
    );
    const notFound = () => apiError(c, 404, 'not_found', 'no such photo');
    if (!meta) return notFound();
    const headers = {
      'Content-Type': 'image/jpeg',
      'Content-Length': String(meta.size),
      'Content-Disposition': `inline; filename="${sha}.jpg"`,
      'Cache-Control': 'private, max-age=31536000, immutable',
      ETag: `"${sha}"`,
    };
    if (c.req.method === 'HEAD')
      return (await store.storage.has(sha)) ? c.body(null, 200, headers) : notFound();
    const bytes = await store.read(sha).catch((e: unknown) => {
      if (e instanceof PhotoNotFoundError) return null;
      throw e;
    });
    if (!bytes) return notFound();
    return c.body(Readable.toWeb(bytes) as ReadableStream, 200, headers);
  });
  return app;
}
