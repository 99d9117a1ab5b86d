// Photo bytes bookkeeping in PostgreSQL, answering exactly as the SQLite store does
// (store/sqlite/blobs-repo.ts): stored blobs, their verified senders, open resumable uploads and
// their leases (one PATCH at a time per upload across server processes), and the read question
// (docs/architecture.md §Photos "Who reads photo bytes"): may this user read these bytes?
// blob_uploaders holds only users whose own upload of the bytes completed and was verified by
// the server; deduplication never adds anyone.
import type { Async, BlobMeta, BlobsStore, Upload } from '../types';
import type { Queryable } from './queryable';

/** The advisory lock space of photo bytes (any fixed int4 no other lock uses). */
const BYTES_LOCK_SPACE = 5_373_617;

type UploadRow = {
  id: string;
  user_id: string;
  sha256: string;
  length: string | number;
  offset: string | number;
  created_at: string | number;
  expires_at: string | number;
};

const toUpload = (r: UploadRow): Upload => ({
  id: r.id,
  userId: r.user_id,
  sha256: r.sha256,
  length: Number(r.length),
  offset: Number(r.offset),
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
});

/** A photo row grants its hashes only when its creator sent those bytes itself ($1: the hash). */
const byRow = (col: 'sha256' | 'thumb_sha256', site: boolean) =>
  `SELECT 1 FROM records r JOIN blob_uploaders u ON u.sha256 = $1 AND u.user_id = r.created_by
    WHERE r.${col} = $1 AND r.entity = 'photo'${site ? ' AND r.site_id = $3' : ''}`;

/** Its own verified upload of the bytes. */
const OWN_UPLOAD = 'SELECT 1 FROM blob_uploaders WHERE sha256 = $1 AND user_id = $2';
/** Own verified upload, or a photo row in scope: one lookup per hash column on its partial index. */
const readable = (site: boolean) =>
  `${OWN_UPLOAD} UNION ALL ${byRow('sha256', site)} UNION ALL ${byRow('thumb_sha256', site)} LIMIT 1`;
const READABLE_ANY_SITE = readable(false);
const READABLE_IN_SITE = readable(true);

export function makeBlobsRepo(db: Queryable): Async<BlobsStore> {
  return {
    async blob(sha: string): Promise<BlobMeta | null> {
      const r = await db.one<{ size: string | number; mime: string }>(
        'SELECT size, mime FROM blobs WHERE sha256 = $1',
        [sha],
      );
      return r ? { size: Number(r.size), mime: r.mime } : null;
    },
    // Runs in the caller's transaction (SQLite's twin opens its own for the pair).
    async insertBlob(sha: string, size: number, mime: string, userId: string, now: string) {
      await db.run(
        `INSERT INTO blobs (sha256, size, mime, stored_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [sha, size, mime, now],
      );
      await db.run(
        'INSERT INTO blob_uploaders (sha256, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [sha, userId],
      );
    },
    // PostgreSQL text cannot hold NUL: a scope with it (shared/policy.ts, an account without a
    // site) names no stored site, so only the account's own uploads are readable.
    mayRead: async (sha: string, userId: string, siteId: string | null) =>
      (siteId === null
        ? await db.one(READABLE_ANY_SITE, [sha, userId])
        : siteId.includes('\0')
          ? await db.one(OWN_UPLOAD, [sha, userId])
          : await db.one(READABLE_IN_SITE, [sha, userId, siteId])) !== null,
    // Bytes the account sent and the server kept (each hash once), plus what its open uploads announced.
    async usedBytes(userId: string) {
      const r = await db.one<{ n: string }>(
        `SELECT
           (SELECT coalesce(sum(b.size), 0) FROM blob_uploaders u JOIN blobs b ON b.sha256 = u.sha256
             WHERE u.user_id = $1)
           + (SELECT coalesce(sum(length), 0) FROM uploads WHERE user_id = $1) AS n`,
        [userId],
      );
      return Number(r!.n);
    },
    async upload(id: string) {
      const r = await db.one<UploadRow>(
        `SELECT id, user_id, sha256, length, "offset", created_at, expires_at
         FROM uploads WHERE id = $1`,
        [id],
      );
      return r ? toUpload(r) : null;
    },
    async openUpload(userId: string, sha: string, length: number, nowMs: number) {
      const r = await db.one<UploadRow>(
        `SELECT id, user_id, sha256, length, "offset", created_at, expires_at
         FROM uploads WHERE user_id = $1 AND sha256 = $2 AND length = $3 AND expires_at > $4
           AND lease_until <= $4
         ORDER BY created_at DESC, id DESC LIMIT 1`,
        [userId, sha, length, nowMs],
      );
      return r ? toUpload(r) : null;
    },
    async insertUpload(u: Omit<Upload, 'offset'>) {
      await db.run(
        `INSERT INTO uploads (id, user_id, sha256, length, "offset", created_at, expires_at)
         VALUES ($1, $2, $3, $4, 0, $5, $6)`,
        [u.id, u.userId, u.sha256, u.length, u.createdAt, u.expiresAt],
      );
    },
    async setOffset(id: string, offset: number) {
      await db.run('UPDATE uploads SET "offset" = $2 WHERE id = $1', [id, offset]);
    },
    // Under READ COMMITTED a second lease of the same upload waits for the first transaction and
    // then re-checks the committed lease: two processes never both hold one.
    leaseUpload: async (id: string, holder: string, untilMs: number, nowMs: number) =>
      (await db.run(
        `UPDATE uploads SET lease_holder = $2, lease_until = $3
         WHERE id = $1 AND (lease_until <= $4 OR lease_holder = $2)`,
        [id, holder, untilMs, nowMs],
      )) === 1,
    async releaseUpload(id: string, holder: string) {
      await db.run(
        'UPDATE uploads SET lease_holder = NULL, lease_until = 0 WHERE id = $1 AND lease_holder = $2',
        [id, holder],
      );
    },
    // Transaction-level advisory lock on the hash (a space of its own), released at COMMIT or
    // ROLLBACK: the store and the delete of the same bytes queue behind each other.
    async lockBytes(sha: string) {
      await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [BYTES_LOCK_SPACE, sha]);
    },
    async deleteUpload(id: string) {
      await db.run('DELETE FROM uploads WHERE id = $1', [id]);
    },
    // In id order, as SQLite answers from its primary key.
    expiredUploads: async (now: number) =>
      (
        await db.query<{ id: string }>('SELECT id FROM uploads WHERE expires_at < $1 ORDER BY id', [
          now,
        ])
      ).map((r) => r.id),
    uploadIds: async () =>
      new Set((await db.query<{ id: string }>('SELECT id FROM uploads')).map((r) => r.id)),
  };
}
