// Operator tools on the database: an online backup, and a check of the sync invariants
// (docs/architecture.md §Server storage) that a healthy server always satisfies.
import type Database from 'better-sqlite3';
import type { InvariantReport } from '../types';
import { markBackup } from './restore-marker';

export function makeMaintenance(db: Database.Database) {
  return {
    /** Consistent online copy of the database (safe while the server runs). */
    backup: async (file: string) => {
      await db.backup(file);
      markBackup(file); // the copy knows it is a backup once it is restored (restore-marker.ts)
    },

    checkInvariants(): InvariantReport {
      const seqHoles = db
        .prepare(
          `SELECT c.client_id AS clientId, c.last_client_seq AS lastClientSeq, count(a.client_seq) AS applied,
          min(a.client_seq) AS first
        FROM clients c LEFT JOIN applied_mutations a ON a.client_id = c.client_id GROUP BY c.client_id
        HAVING applied <> 0 AND (max(a.client_seq) <> c.last_client_seq OR applied <> c.last_client_seq - first + 1)`,
        )
        .all() as InvariantReport['seqHoles'];
      const photosWithoutBytes = db
        .prepare(
          `SELECT r.id AS photoId, r.sha256 FROM records r LEFT JOIN blobs b ON b.sha256 = r.sha256
        WHERE r.entity = 'photo' AND r.deleted = 0 AND b.sha256 IS NULL`,
        )
        .all() as InvariantReport['photosWithoutBytes'];
      const liveChildrenOfDeletedVisits = db
        .prepare(
          `SELECT c.entity, c.id, c.visit_id AS visitId FROM records c
        JOIN records v ON v.entity = 'visit' AND v.id = c.visit_id WHERE c.entity <> 'visit' AND c.deleted = 0 AND v.deleted = 1 AND c.seq < v.deleted_seq`,
        )
        .all() as InvariantReport['liveChildrenOfDeletedVisits'];
      const seqAboveCounter = (
        db
          .prepare(
            `SELECT count(*) AS n FROM (SELECT seq FROM records UNION ALL SELECT seq FROM conflicts
        UNION ALL SELECT seq FROM rejections) WHERE seq > (SELECT value FROM counters WHERE name = 'global_seq')`,
          )
          .get() as { n: number }
      ).n;
      // Not broken, for the operator: stored photo bytes no row references (the orphan sweep in
      // retention.ts deletes them after ORPHAN_GRACE_DAYS) and open uploads past their expiry.
      const unreferencedPhotoBytes = db
        .prepare(
          `SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM blobs b
        WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.sha256 = b.sha256)
          AND NOT EXISTS (SELECT 1 FROM records r WHERE r.thumb_sha256 = b.sha256)`,
        )
        .get() as { n: number; bytes: number };
      const expiredUploads = (
        db.prepare('SELECT count(*) AS n FROM uploads WHERE expires_at < ?').get(Date.now()) as {
          n: number;
        }
      ).n;
      return {
        unreferencedPhotoBytes,
        expiredUploads,
        seqHoles: seqHoles.map(({ clientId, lastClientSeq, applied }) => ({
          clientId,
          lastClientSeq,
          applied,
        })),
        photosWithoutBytes,
        liveChildrenOfDeletedVisits,
        seqAboveCounter,
      };
    },
  };
}
