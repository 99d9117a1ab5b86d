// Operator tools on the PostgreSQL store: the check of the sync invariants (docs/architecture.md
// §Server storage), the same queries as the SQLite store's (store/sqlite/maintenance.ts), run in
// one read snapshot. Backups are PostgreSQL's own (pg_dump, or the provider's snapshots); the
// server makes none.
import type pg from 'pg';
import type { InvariantReport, MaintenanceStore } from '../types';
import { queryableOf } from './queryable';
import { onConnection } from './on-connection';
import { BEGIN_READ } from './tx';

const SEQ_HOLES = `SELECT c.client_id AS "clientId", c.last_client_seq AS "lastClientSeq",
    count(a.client_seq) AS applied
  FROM clients c LEFT JOIN applied_mutations a ON a.client_id = c.client_id GROUP BY c.client_id
  HAVING count(a.client_seq) <> 0 AND (max(a.client_seq) <> c.last_client_seq
    OR count(a.client_seq) <> c.last_client_seq - min(a.client_seq) + 1)
  ORDER BY c.client_id`;
const PHOTOS_WITHOUT_BYTES = `SELECT r.id AS "photoId", r.sha256 FROM records r
  LEFT JOIN blobs b ON b.sha256 = r.sha256
  WHERE r.entity = 'photo' AND NOT r.deleted AND b.sha256 IS NULL ORDER BY r.id`;
const LIVE_CHILDREN_OF_DELETED_VISITS = `SELECT c.entity, c.id, c.visit_id AS "visitId"
  FROM records c JOIN records v ON v.entity = 'visit' AND v.id = c.visit_id
  WHERE c.entity <> 'visit' AND NOT c.deleted AND v.deleted AND c.seq < v.deleted_seq
  ORDER BY c.entity, c.id`;
const SEQ_ABOVE_COUNTER = `SELECT count(*) AS n FROM (SELECT seq FROM records
  UNION ALL SELECT seq FROM conflicts UNION ALL SELECT seq FROM rejections) s
  WHERE seq > (SELECT value FROM seq_counter)`;
// Not broken, for the operator: stored photo bytes no row references (swept after
// ORPHAN_GRACE_DAYS) and open uploads past their expiry.
const UNREFERENCED_PHOTO_BYTES = `SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM blobs b
  WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.sha256 = b.sha256)
    AND NOT EXISTS (SELECT 1 FROM records r WHERE r.thumb_sha256 = b.sha256)`;
const EXPIRED_UPLOADS = 'SELECT count(*) AS n FROM uploads WHERE expires_at < $1';

export function makeMaintenance(pool: pg.Pool): MaintenanceStore {
  return {
    backup: () =>
      Promise.reject(
        new Error(
          'a PostgreSQL database is backed up with pg_dump (or the provider’s snapshots), not by the server',
        ),
      ),

    checkInvariants: () =>
      onConnection(pool, BEGIN_READ, async (client): Promise<InvariantReport> => {
        const q = queryableOf(client);
        const count = async (sql: string, params?: unknown[]) =>
          (await q.one<{ n: number }>(sql, params))!.n;
        return {
          unreferencedPhotoBytes: (await q.one<{ n: number; bytes: number }>(
            UNREFERENCED_PHOTO_BYTES,
          ))!,
          expiredUploads: await count(EXPIRED_UPLOADS, [Date.now()]),
          seqHoles: await q.query<InvariantReport['seqHoles'][number]>(SEQ_HOLES),
          photosWithoutBytes:
            await q.query<InvariantReport['photosWithoutBytes'][number]>(PHOTOS_WITHOUT_BYTES),
          liveChildrenOfDeletedVisits: await q.query<
            InvariantReport['liveChildrenOfDeletedVisits'][number]
          >(LIVE_CHILDREN_OF_DELETED_VISITS),
          seqAboveCounter: await count(SEQ_ABOVE_COUNTER),
        };
      }),
  };
}
