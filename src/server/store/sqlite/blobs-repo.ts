// Photo bytes bookkeeping in SQLite: stored blobs, their verified senders, open tus uploads, and
// the read question (docs/architecture.md §Photos "Who reads photo bytes"): may this user read
// these bytes? blob_uploaders holds only users whose own upload of the bytes completed and was
// verified by the server; deduplication never adds anyone.
import type Database from 'better-sqlite3';
import type { BlobMeta, BlobsStore, Upload } from '../types';

export function makeBlobsRepo(db: Database.Database): BlobsStore {
  // A photo row grants its hashes only when its creator sent those bytes itself. Two lookups on
  // the partial hash indexes (one OR would make SQLite scan all photos).
  const byRow = (col: 'sha256' | 'thumb_sha256', site: boolean) =>
    `SELECT 1 FROM records r JOIN blob_uploaders u ON u.sha256 = @sha AND u.user_id = r.created_by
      WHERE r.${col} = @sha AND +r.entity = 'photo'${site ? ' AND r.site_id = @siteId' : ''}`;
  const readable = (site: boolean) =>
    db.prepare(`SELECT 1 FROM blob_uploaders WHERE sha256 = @sha AND user_id = @userId
      UNION ALL ${byRow('sha256', site)} UNION ALL ${byRow('thumb_sha256', site)} LIMIT 1`);
  const q = {
    blob: db.prepare('SELECT size, mime FROM blobs WHERE sha256 = ?'),
    insertBlob: db.prepare(
      'INSERT OR IGNORE INTO blobs (sha256, size, mime, stored_at) VALUES (?, ?, ?, ?)',
    ),
    addUploader: db.prepare('INSERT OR IGNORE INTO blob_uploaders (sha256, user_id) VALUES (?, ?)'),
    readableAny: readable(false),
    readableInSite: readable(true),
    // Bytes the account sent and the server kept (each hash once), plus what its open uploads announced.
    usedBytes: db.prepare(`SELECT
      (SELECT coalesce(sum(b.size), 0) FROM blob_uploaders u JOIN blobs b ON b.sha256 = u.sha256 WHERE u.user_id = @userId)
      + (SELECT coalesce(sum(length), 0) FROM uploads WHERE user_id = @userId) AS n`),
    upload: db.prepare(
      'SELECT id, user_id AS userId, sha256, length, "offset", created_at AS createdAt, expires_at AS expiresAt FROM uploads WHERE id = ?',
    ),
    openUpload: db.prepare(
      `SELECT id, user_id AS userId, sha256, length, "offset", created_at AS createdAt, expires_at AS expiresAt
       FROM uploads WHERE user_id = @userId AND sha256 = @sha AND length = @length AND expires_at > @now
         AND lease_until <= @now
       ORDER BY created_at DESC, id DESC LIMIT 1`,
    ),
    insertUpload: db.prepare(
      'INSERT INTO uploads (id, user_id, sha256, length, "offset", created_at, expires_at) VALUES (?, ?, ?, ?, 0, ?, ?)',
    ),
    setOffset: db.prepare('UPDATE uploads SET "offset" = ? WHERE id = ?'),
    lease: db.prepare(`UPDATE uploads SET lease_holder = @holder, lease_until = @until
      WHERE id = @id AND (lease_until <= @now OR lease_holder = @holder)`),
    release: db.prepare(
      'UPDATE uploads SET lease_holder = NULL, lease_until = 0 WHERE id = ? AND lease_holder = ?',
    ),
    deleteUpload: db.prepare('DELETE FROM uploads WHERE id = ?'),
    expired: db.prepare('SELECT id FROM uploads WHERE expires_at < ?'),
    uploadIds: db.prepare('SELECT id FROM uploads'),
  };
  return {
    blob: (sha: string) => (q.blob.get(sha) as BlobMeta | undefined) ?? null,
    insertBlob(sha: string, size: number, mime: string, userId: string, now: string) {
      db.transaction(() => {
        q.insertBlob.run(sha, size, mime, now);
        q.addUploader.run(sha, userId);
      }).immediate();
    },
    mayRead: (sha: string, userId: string, siteId: string | null) =>
      (siteId === null
        ? q.readableAny.get({ sha, userId })
        : q.readableInSite.get({ sha, userId, siteId })) !== undefined,
    usedBytes: (userId: string) => (q.usedBytes.get({ userId }) as { n: number }).n,
    upload: (id: string) => (q.upload.get(id) as Upload | undefined) ?? null,
    openUpload: (userId: string, sha: string, length: number, nowMs: number) =>
      (q.openUpload.get({ userId, sha, length, now: nowMs }) as Upload | undefined) ?? null,
    insertUpload: (u: Omit<Upload, 'offset'>) => {
      q.insertUpload.run(u.id, u.userId, u.sha256, u.length, u.createdAt, u.expiresAt);
    },
    setOffset: (id: string, offset: number) => {
      q.setOffset.run(offset, id);
    },
    leaseUpload: (id: string, holder: string, untilMs: number, nowMs: number) =>
      q.lease.run({ id, holder, until: untilMs, now: nowMs }).changes === 1,
    releaseUpload: (id: string, holder: string) => {
      q.release.run(id, holder);
    },
    // One writer: a write transaction holding these bytes' row excludes every other already.
    lockBytes: () => undefined,
    deleteUpload: (id: string) => {
      q.deleteUpload.run(id);
    },
    expiredUploads: (now: number) => (q.expired.all(now) as { id: string }[]).map((r) => r.id),
    uploadIds: () => new Set((q.uploadIds.all() as { id: string }[]).map((r) => r.id)),
  };
}
