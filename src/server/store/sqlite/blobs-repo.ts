// Photo bytes bookkeeping in SQLite: stored blobs, who uploaded them, open tus uploads,
// and the visibility question "does a photo row this user can see reference this hash?".
import type Database from 'better-sqlite3';
import type { BlobMeta, BlobsStore, Upload } from '../types';

export function makeBlobsRepo(db: Database.Database): BlobsStore {
  const q = {
    blob: db.prepare('SELECT size, mime FROM blobs WHERE sha256 = ?'),
    insertBlob: db.prepare(
      'INSERT OR IGNORE INTO blobs (sha256, size, mime, stored_at) VALUES (?, ?, ?, ?)',
    ),
    addUploader: db.prepare('INSERT OR IGNORE INTO blob_uploaders (sha256, user_id) VALUES (?, ?)'),
    isUploader: db.prepare('SELECT 1 FROM blob_uploaders WHERE sha256 = ? AND user_id = ?'),
    // Two lookups on the partial hash indexes (one OR would make SQLite scan all photos).
    referencedAny: db.prepare(`SELECT 1 FROM records WHERE sha256 = @sha AND +entity = 'photo'
      UNION ALL SELECT 1 FROM records WHERE thumb_sha256 = @sha AND +entity = 'photo' LIMIT 1`),
    referencedInSite:
      db.prepare(`SELECT 1 FROM records WHERE sha256 = @sha AND +entity = 'photo' AND site_id = @siteId
      UNION ALL SELECT 1 FROM records WHERE thumb_sha256 = @sha AND +entity = 'photo' AND site_id = @siteId LIMIT 1`),
    upload: db.prepare(
      'SELECT id, user_id AS userId, sha256, length, "offset", created_at AS createdAt, expires_at AS expiresAt FROM uploads WHERE id = ?',
    ),
    insertUpload: db.prepare(
      'INSERT INTO uploads (id, user_id, sha256, length, "offset", created_at, expires_at) VALUES (?, ?, ?, ?, 0, ?, ?)',
    ),
    setOffset: db.prepare('UPDATE uploads SET "offset" = ? WHERE id = ?'),
    deleteUpload: db.prepare('DELETE FROM uploads WHERE id = ?'),
    expired: db.prepare('SELECT id FROM uploads WHERE expires_at < ?'),
  };
  return {
    blob: (sha: string) => (q.blob.get(sha) as BlobMeta | undefined) ?? null,
    insertBlob(sha: string, size: number, mime: string, userId: string, now: string) {
      db.transaction(() => {
        q.insertBlob.run(sha, size, mime, now);
        q.addUploader.run(sha, userId);
      }).immediate();
    },
    addUploader: (sha: string, userId: string) => {
      q.addUploader.run(sha, userId);
    },
    isUploader: (sha: string, userId: string) => q.isUploader.get(sha, userId) !== undefined,
    /** siteId null: the user sees every site. Deleted photos still count (they can be restored). */
    referencedVisibly: (sha: string, siteId: string | null) =>
      (siteId === null ? q.referencedAny.get({ sha }) : q.referencedInSite.get({ sha, siteId })) !==
      undefined,
    upload: (id: string) => (q.upload.get(id) as Upload | undefined) ?? null,
    insertUpload: (u: Omit<Upload, 'offset'>) => {
      q.insertUpload.run(u.id, u.userId, u.sha256, u.length, u.createdAt, u.expiresAt);
    },
    setOffset: (id: string, offset: number) => {
      q.setOffset.run(offset, id);
    },
    deleteUpload: (id: string) => {
      q.deleteUpload.run(id);
    },
    expiredUploads: (now: number) => (q.expired.all(now) as { id: string }[]).map((r) => r.id),
  };
}
