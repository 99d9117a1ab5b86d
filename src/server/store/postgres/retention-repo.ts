// SQL of the retention purge in PostgreSQL (src/server/retention.ts drives it), answering exactly
// as the SQLite store does (store/sqlite/retention-repo.ts): visits deleted longer ago than the
// retention period lose their content and their children's content. A purged row keeps its key
// and tombstone but its data becomes JSON null (the wire protocol's "purged row"), with a new seq
// so every device's next pull removes it. Conflicts and rejections about those rows lose their
// copied values too, and their history goes. PostgreSQL has no secure_delete: the old content
// stays in dead tuples until VACUUM reuses the space, and in the WAL and its archives.
// Orphan photo bytes (retention.ts sweepOrphans): stored bytes no row references, older than the
// grace period, that no open upload and no device of their senders could still want.
import type { Async, RetentionStore } from '../types';
import type { Queryable } from './queryable';

type PurgedRow = { entity: string; id: string; sha256: string | null; thumb: string | null };

/** nextSeq: the sync store's global seq counter (purged rows take new seqs so every device pulls them). */
export function makeRetentionRepo(
  db: Queryable,
  nextSeq: () => Promise<number>,
): Async<RetentionStore> {
  const ids = async (sql: string, params: readonly unknown[]) =>
    (await db.query<{ id: string }>(sql, params)).map((r) => r.id);

  return {
    // When was it deleted? applied_at of the mutation that wrote deleted_seq, or failing an exact
    // match the first one applied after it: never earlier than the delete.
    expiredVisits: (cutoffIso: string) =>
      ids(
        `SELECT v.id FROM records v WHERE v.entity = 'visit' AND v.deleted AND v.data <> 'null'
           AND (SELECT a.applied_at FROM applied_mutations a WHERE a.server_seq >= v.deleted_seq
                ORDER BY a.server_seq LIMIT 1) < $1
         ORDER BY v.id`,
        [cutoffIso],
      ),

    // The visit first, then its children by (entity, id): the order SQLite's indexes yield them,
    // so the purged rows take their new seqs in the same order on both stores.
    async purgeVisit(visitId: string) {
      const rows = await db.query<PurgedRow>(
        `SELECT entity, id, sha256, thumb_sha256 AS thumb FROM records
         WHERE (entity = 'visit' AND id = $1) OR (visit_id = $1 AND entity <> 'visit')
         ORDER BY entity <> 'visit', entity, id`,
        [visitId],
      );
      const hashes = new Set<string>();
      for (const r of rows) {
        if (r.sha256) hashes.add(r.sha256);
        if (r.thumb) hashes.add(r.thumb);
        await db.run(
          `UPDATE records SET data = 'null', field_versions = '{}', field_writers = '{}',
             sha256 = NULL, thumb_sha256 = NULL, deleted = true,
             deleted_seq = coalesce(deleted_seq, $3), version = $3, seq = $3
           WHERE entity = $1 AND id = $2`,
          [r.entity, r.id, await nextSeq()],
        );
        const conflicts = await ids(
          'SELECT id FROM conflicts WHERE entity = $1 AND entity_id = $2 ORDER BY id',
          [r.entity, r.id],
        );
        for (const id of conflicts)
          await db.run(
            `UPDATE conflicts SET server_value = 'null', client_value = 'null', status = 'resolved',
               resolution = coalesce(resolution, 'theirs'), seq = $2 WHERE id = $1`,
            [id, await nextSeq()],
          );
        const rejections = await ids(
          'SELECT id FROM rejections WHERE entity = $1 AND entity_id = $2 ORDER BY id',
          [r.entity, r.id],
        );
        for (const id of rejections)
          await db.run("UPDATE rejections SET payload = 'null', seq = $2 WHERE id = $1", [
            id,
            await nextSeq(),
          ]);
        // Who changed what and to which value is personal data too: it goes with the record.
        await db.run('DELETE FROM record_history WHERE entity = $1 AND entity_id = $2', [
          r.entity,
          r.id,
        ]);
      }
      return { rows: rows.length, hashes: [...hashes] };
    },

    async forgetIfUnreferenced(sha: string) {
      const referenced = await db.one(
        `SELECT 1 FROM records WHERE sha256 = $1
         UNION ALL SELECT 1 FROM records WHERE thumb_sha256 = $1
         UNION ALL SELECT 1 FROM uploads WHERE sha256 = $1 LIMIT 1`,
        [sha],
      );
      if (referenced !== null) return false;
      await db.run('DELETE FROM blob_uploaders WHERE sha256 = $1', [sha]);
      return (await db.run('DELETE FROM blobs WHERE sha256 = $1', [sha])) > 0;
    },

    // A sender's device may still hold a photo row for these bytes (a capture queues the row
    // before its bytes can be uploaded) unless it synced after they were stored with nothing left
    // in its outbox. Devices that never came back keep the bytes: their quota stays charged.
    orphanBlobs: async (cutoffIso: string) =>
      (
        await db.query<{ sha256: string }>(
          `SELECT b.sha256 FROM blobs b WHERE b.stored_at < $1
             AND NOT EXISTS (SELECT 1 FROM records r WHERE r.sha256 = b.sha256)
             AND NOT EXISTS (SELECT 1 FROM records r WHERE r.thumb_sha256 = b.sha256)
             AND NOT EXISTS (SELECT 1 FROM uploads up WHERE up.sha256 = b.sha256)
             AND NOT EXISTS (SELECT 1 FROM blob_uploaders u JOIN clients c ON c.user_id = u.user_id
               WHERE u.sha256 = b.sha256 AND (c.outbox_high_water > c.last_client_seq
                 OR c.last_seen_at IS NULL OR c.last_seen_at <= b.stored_at))
           ORDER BY b.sha256`,
          [cutoffIso],
        )
      ).map((r) => r.sha256),
  };
}
