// SQL of the retention purge (src/server/retention.ts): visits deleted longer ago than the
// retention period lose their content and their children's content. A purged row keeps its key
// and tombstone but its data becomes JSON null (the wire protocol's "purged row"), with a new seq
// so every device's next pull removes it. Conflicts and rejections about those rows lose their
// copied values too. secure_delete (open.ts) zeroes the freed bytes and a checkpoint empties the
// WAL, so the old content is not left in the SQLite files.
// Orphan photo bytes (retention.ts sweepOrphans): stored bytes no row references, older than the
// grace period, that no open upload and no device of their senders could still want.
import type Database from 'better-sqlite3';
import type { RetentionStore } from '../types';

/** nextSeq: the sync store's global seq counter (purged rows take new seqs so every device pulls them). */
export function makeRetentionRepo(db: Database.Database, nextSeq: () => number): RetentionStore {
  const q = {
    // When was it deleted? applied_at of the mutation that wrote deleted_seq, or failing an exact
    // match the first one applied after it: never earlier than the delete.
    candidates:
      db.prepare(`SELECT v.id FROM records v WHERE v.entity = 'visit' AND v.deleted = 1 AND v.data <> 'null'
      AND (SELECT a.applied_at FROM applied_mutations a WHERE a.server_seq >= v.deleted_seq ORDER BY a.server_seq LIMIT 1) < ?`),
    rows: db.prepare(
      "SELECT entity, id, sha256, thumb_sha256 AS thumb FROM records WHERE (entity = 'visit' AND id = @id) OR (visit_id = @id AND entity <> 'visit')",
    ),
    purgeRow:
      db.prepare(`UPDATE records SET data = 'null', field_versions = '{}', field_writers = '{}', sha256 = NULL, thumb_sha256 = NULL,
      deleted = 1, deleted_seq = coalesce(deleted_seq, @seq), version = @seq, seq = @seq WHERE entity = @entity AND id = @id`),
    conflicts: db.prepare('SELECT id FROM conflicts WHERE entity = ? AND entity_id = ?'),
    purgeConflict:
      db.prepare(`UPDATE conflicts SET server_value = 'null', client_value = 'null', status = 'resolved',
      resolution = coalesce(resolution, 'theirs'), seq = ? WHERE id = ?`),
    rejections: db.prepare('SELECT id FROM rejections WHERE entity = ? AND entity_id = ?'),
    purgeRejection: db.prepare("UPDATE rejections SET payload = 'null', seq = ? WHERE id = ?"),
    // Who changed what and to which value is personal data too: it goes with the record.
    purgeHistory: db.prepare('DELETE FROM record_history WHERE entity = ? AND entity_id = ?'),
    referenced: db.prepare(
      'SELECT 1 FROM records WHERE sha256 = @sha UNION ALL SELECT 1 FROM records WHERE thumb_sha256 = @sha LIMIT 1',
    ),
    uploading: db.prepare('SELECT 1 FROM uploads WHERE sha256 = ? LIMIT 1'),
    // A sender's device may still hold a photo row for these bytes (a capture queues the row
    // before its bytes can be uploaded) unless it synced after they were stored with nothing left
    // in its outbox. Devices that never came back keep the bytes: their quota stays charged.
    orphans: db.prepare(`SELECT b.sha256 FROM blobs b WHERE b.stored_at < @cutoff
      AND NOT EXISTS (SELECT 1 FROM records r WHERE r.sha256 = b.sha256)
      AND NOT EXISTS (SELECT 1 FROM records r WHERE r.thumb_sha256 = b.sha256)
      AND NOT EXISTS (SELECT 1 FROM uploads up WHERE up.sha256 = b.sha256)
      AND NOT EXISTS (SELECT 1 FROM blob_uploaders u JOIN clients c ON c.user_id = u.user_id
        WHERE u.sha256 = b.sha256 AND (c.outbox_high_water > c.last_client_seq
          OR c.last_seen_at IS NULL OR c.last_seen_at <= b.stored_at))`),
    deleteBlob: db.prepare('DELETE FROM blobs WHERE sha256 = ?'),
    deleteUploaders: db.prepare('DELETE FROM blob_uploaders WHERE sha256 = ?'),
  };

  return {
    /** Ids of deleted, not yet purged visits whose delete was applied before `cutoffIso`. */
    expiredVisits: (cutoffIso: string) =>
      (q.candidates.all(cutoffIso) as { id: string }[]).map((r) => r.id),

    /** Purges one visit and its children (in the caller's transaction); returns the photo hashes they referenced. */
    purgeVisit(visitId: string): { rows: number; hashes: string[] } {
      const rows = q.rows.all({ id: visitId }) as {
        entity: string;
        id: string;
        sha256: string | null;
        thumb: string | null;
      }[];
      const hashes = new Set<string>();
      for (const r of rows) {
        if (r.sha256) hashes.add(r.sha256);
        if (r.thumb) hashes.add(r.thumb);
        q.purgeRow.run({ entity: r.entity, id: r.id, seq: nextSeq() });
        for (const c of q.conflicts.all(r.entity, r.id) as { id: string }[])
          q.purgeConflict.run(nextSeq(), c.id);
        for (const x of q.rejections.all(r.entity, r.id) as { id: string }[])
          q.purgeRejection.run(nextSeq(), x.id);
        q.purgeHistory.run(r.entity, r.id);
      }
      return { rows: rows.length, hashes: [...hashes] };
    },

    /** Forgets a blob no row references any more (its file is deleted by the caller). */
    forgetIfUnreferenced(sha: string): boolean {
      if (q.referenced.get({ sha }) || q.uploading.get(sha)) return false;
      q.deleteUploaders.run(sha);
      return q.deleteBlob.run(sha).changes > 0;
    },

    /** Stored bytes nobody can still need (see `orphans` above), stored before `cutoffIso`. */
    orphanBlobs: (cutoffIso: string) =>
      (q.orphans.all({ cutoff: cutoffIso }) as { sha256: string }[]).map((r) => r.sha256),

    /** Runs fn in a write transaction, then moves the WAL into the file and empties it (best effort while readers hold it). */
  };
}
