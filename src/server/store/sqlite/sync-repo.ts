// Sync state in SQLite: records with per-field versions, conflicts, rejections, per-client
// sequence bookkeeping and the record bytes per account (the change feed is feed-repo.ts).
// Callers run these inside one write transaction (ServerDb.writeTx); seq values come from
// nextSeq() inside that transaction, so commit order equals seq order and a cursor can never
// skip a row (docs/architecture.md invariant I5).
// Rows become domain types in ../sync-rows.ts, shared with the PostgreSQL store.
import type Database from 'better-sqlite3';
import type { EntityName } from '../../../shared/domain/schemas';
import type {
  ClientState,
  FieldConflictKey,
  RecordPlace,
  VisitPlace,
  StoredConflict,
  StoredRecord,
  SyncStore,
} from '../types';
import { jsonText } from '../row-values';
import type { SeqCounter } from './seq-counter';
import {
  type AppliedRow,
  type ChildStateRow,
  type ConflictRow,
  type RecordRow,
  appliedValues,
  conflictColumns,
  recordColumns,
  rejectionColumns,
  toApplied,
  toChildState,
  toConflict,
  toOpenFieldConflict,
  toPriorApplication,
  toRecord,
} from '../sync-rows';

/** SQLite binds a flag as an integer. */
const bit = (b: boolean) => (b ? 1 : 0);

/** seqs: the connection's seq counter (seq-counter.ts). */
export function makeSyncRepo(db: Database.Database, seqs: SeqCounter): SyncStore {
  const q = {
    client: db.prepare(
      'SELECT user_id, last_client_seq, scope_key FROM clients WHERE client_id = ?',
    ),
    clientInsert: db.prepare(
      'INSERT INTO clients (client_id, user_id, last_client_seq) VALUES (?, ?, 0)',
    ),
    clientSeen:
      db.prepare(`UPDATE clients SET outbox_high_water = max(outbox_high_water, @hw), app_version = @app,
      schema_version = @schema, scope_key = @scope, last_seen_at = @now WHERE client_id = @id`),
    // A pull's bookkeeping is written after its answer (pulled-buffer.ts): it never overwrites
    // what a later sync of the same device recorded.
    clientPulled:
      db.prepare(`UPDATE clients SET outbox_high_water = max(outbox_high_water, @hw), app_version = @app,
      schema_version = @schema, last_seen_at = @now
      WHERE client_id = @id AND (last_seen_at IS NULL OR last_seen_at <= @now)`),
    clientAdvance: db.prepare('UPDATE clients SET last_client_seq = ? WHERE client_id = ?'),
    applied: db.prepare(
      'SELECT mutation_id, result_json FROM applied_mutations WHERE client_id = ? AND client_seq = ?',
    ),
    // By applied_mutation_id: the id's few rows, each one's device by its key, the user's own first.
    prior: db.prepare(`SELECT a.mutation_id, a.result_json,
        (SELECT c.user_id FROM clients c WHERE c.client_id = a.client_id) IS @userId AS own
      FROM applied_mutations a WHERE a.mutation_id = @mutationId ORDER BY own DESC LIMIT 1`),
    appliedInsert:
      db.prepare(`INSERT INTO applied_mutations (client_id, client_seq, mutation_id, status, result_json, server_seq, applied_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
    record: db.prepare('SELECT * FROM records WHERE entity = ? AND id = ?'),
    place: db.prepare(
      "SELECT site_id, deleted, data = 'null' AS purged FROM records WHERE entity = ? AND id = ?",
    ),
    visitPlace: db.prepare(`SELECT site_id, deleted, data = 'null' AS purged,
      data ->> '$.status' AS status FROM records WHERE entity = 'visit' AND id = ?`),
    recordBytes: db.prepare(
      'SELECT length(CAST(data AS BLOB)) AS bytes FROM records WHERE entity = ? AND id = ?',
    ),
    usage: db.prepare('SELECT record_bytes FROM account_usage WHERE user_id = ?'),
    usageAdd: db.prepare(`INSERT INTO account_usage (user_id, record_bytes) VALUES (?, ?)
      ON CONFLICT (user_id) DO UPDATE SET record_bytes = record_bytes + excluded.record_bytes`),
    upsert:
      db.prepare(`INSERT INTO records (entity, id, site_id, visit_id, data, field_versions, field_writers, version, created_seq, seq, deleted,
        deleted_seq, deleted_by_cascade, sha256, thumb_sha256, created_by, updated_by, created_at, updated_at)
      VALUES (@entity, @id, @siteId, @visitId, @data, @fieldVersions, @fieldWriters, @version, @createdSeq, @seq, @deleted, @deletedSeq,
        @deletedByCascade, @sha256, @thumbSha256, @createdBy, @updatedBy, coalesce(@createdAt, @updatedAt), @updatedAt)
      ON CONFLICT (entity, id) DO UPDATE SET data = excluded.data, field_versions = excluded.field_versions, field_writers = excluded.field_writers,
        version = excluded.version, seq = excluded.seq, deleted = excluded.deleted, deleted_seq = excluded.deleted_seq,
        deleted_by_cascade = excluded.deleted_by_cascade, updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
    children: db.prepare("SELECT * FROM records WHERE visit_id = ? AND entity <> 'visit'"),
    childStates:
      db.prepare(`SELECT entity, id, deleted, deleted_by_cascade, field_versions, field_writers
      FROM records WHERE visit_id = ? AND entity <> 'visit'`),
    setDeleted: db.prepare(`UPDATE records SET deleted = @deleted, deleted_seq = @deletedSeq,
      deleted_by_cascade = @byCascade, version = @seq, seq = @seq, updated_by = @updatedBy, updated_at = @updatedAt
      WHERE entity = @entity AND id = @id`),
    conflict: db.prepare('SELECT * FROM conflicts WHERE id = ?'),
    conflictInsert:
      db.prepare(`INSERT INTO conflicts (id, entity, entity_id, site_id, kind, field, server_value, client_value,
      mutation_id, author, status, resolution, created_at, seq, author_id, server_author_id, client_id) VALUES (@id,
      @entity, @entityId, @siteId, @kind, @field, @serverValue, @clientValue, @mutationId, @author, @status,
      @resolution, @createdAt, @seq, @authorId, @serverAuthorId, @clientId)`),
    // conflicts_record narrows to the record's few conflicts; the rest is checked on those rows.
    conflictOpenField: db.prepare(`SELECT id, client_value FROM conflicts
      WHERE entity = @entity AND entity_id = @entityId AND field = @field AND kind = 'field'
        AND status = 'open' AND client_id = @clientId AND author_id = @authorId
        AND server_value = @serverValue AND server_author_id IS @serverAuthorId
      ORDER BY seq DESC LIMIT 1`),
    conflictFold: db.prepare(
      'UPDATE conflicts SET client_value = @clientValue, mutation_id = @mutationId, author = @author, seq = @seq WHERE id = @id',
    ),
    conflictResolve: db.prepare(
      "UPDATE conflicts SET status = 'resolved', resolution = ?, seq = ? WHERE id = ?",
    ),
    rejectionInsert:
      db.prepare(`INSERT INTO rejections (id, mutation_id, client_id, user_id, entity, entity_id, code, message, path,
      payload, created_at, seq) VALUES (@id, @mutationId, @clientId, @userId, @entity, @entityId, @code, @message, @path,
      @payload, @createdAt, @seq)`),
  };

  return {
    currentSeq: seqs.current,
    nextSeq: seqs.next,

    client(clientId: string): ClientState | null {
      const r = q.client.get(clientId) as
        { user_id: string; last_client_seq: number; scope_key: string | null } | undefined;
      return r
        ? { userId: r.user_id, lastClientSeq: r.last_client_seq, scopeKey: r.scope_key }
        : null;
    },
    insertClient: (clientId: string, userId: string) => {
      q.clientInsert.run(clientId, userId);
    },
    clientSeen(clientId, s) {
      q.clientSeen.run({
        id: clientId,
        hw: s.outboxHighWater,
        app: s.appVersion,
        schema: s.schemaVersion,
        scope: s.scopeKey,
        now: s.now,
      });
    },
    clientPulled(clientId, s) {
      q.clientPulled.run({
        id: clientId,
        hw: s.outboxHighWater,
        app: s.appVersion,
        schema: s.schemaVersion,
        now: s.now,
      });
    },
    advanceClient: (clientId: string, seq: number) => {
      q.clientAdvance.run(seq, clientId);
    },
    applied: (clientId: string, clientSeq: number) =>
      toApplied(q.applied.get(clientId, clientSeq) as AppliedRow | undefined),
    priorApplication: (mutationId: string, userId: string) =>
      toPriorApplication(
        q.prior.get({ mutationId, userId }) as (AppliedRow & { own: number }) | undefined,
      ),
    insertApplied(clientId, clientSeq, mutationId, result, now) {
      q.appliedInsert.run(...appliedValues(clientId, clientSeq, mutationId, result, now));
    },

    usage: (userId: string) =>
      (q.usage.get(userId) as { record_bytes: number } | undefined)?.record_bytes ?? 0,
    addUsage: (userId: string, bytes: number) => {
      if (bytes !== 0) q.usageAdd.run(userId, bytes);
    },

    record(entity: EntityName, id: string): StoredRecord | null {
      const r = q.record.get(entity, id) as RecordRow | undefined;
      return r ? toRecord(r) : null;
    },
    place(entity: EntityName, id: string): RecordPlace | null {
      const r = q.place.get(entity, id) as
        { site_id: string | null; deleted: number; purged: number } | undefined;
      return r ? { siteId: r.site_id, deleted: r.deleted === 1, purged: r.purged === 1 } : null;
    },
    visitPlace(visitId: string): VisitPlace | null {
      const r = q.visitPlace.get(visitId) as
        | { site_id: string | null; deleted: number; purged: number; status: string | null }
        | undefined;
      return r
        ? { siteId: r.site_id, deleted: r.deleted === 1, purged: r.purged === 1, status: r.status }
        : null;
    },
    childrenOfVisit: (visitId: string) => (q.children.all(visitId) as RecordRow[]).map(toRecord),
    childStates: (visitId: string) =>
      (q.childStates.all(visitId) as ChildStateRow[]).map(toChildState),
    setDeleted(entity, id, s) {
      q.setDeleted.run({
        entity,
        id,
        deleted: bit(s.deleted),
        deletedSeq: s.deleted ? s.seq : null,
        byCascade: bit(s.byCascade),
        seq: s.seq,
        updatedBy: s.updatedBy,
        updatedAt: s.updatedAt ?? null,
      });
    },
    writeRecord(r: StoredRecord, isNew = false) {
      const row = recordColumns(r);
      if (r.updatedBy) {
        const before = isNew
          ? undefined
          : (q.recordBytes.get(r.entity, r.id) as { bytes: number } | undefined);
        const delta = Buffer.byteLength(row.data) - (before?.bytes ?? 0);
        if (delta !== 0) q.usageAdd.run(r.updatedBy, delta);
      }
      q.upsert.run({
        ...row,
        deleted: bit(row.deleted),
        deletedByCascade: bit(row.deletedByCascade),
      });
    },

    conflict(id: string): StoredConflict | null {
      const r = q.conflict.get(id) as ConflictRow | undefined;
      return r ? toConflict(r) : null;
    },
    insertConflict(c: StoredConflict, seq: number) {
      q.conflictInsert.run({ ...conflictColumns(c), seq });
    },
    openFieldConflict(k: FieldConflictKey) {
      const r = q.conflictOpenField.get({ ...k, serverValue: jsonText(k.serverValue) }) as
        { id: string; client_value: string | null } | undefined;
      return r ? toOpenFieldConflict(r) : null;
    },
    foldConflict(id, to, seq) {
      q.conflictFold.run({
        id,
        clientValue: jsonText(to.clientValue),
        mutationId: to.mutationId,
        author: to.author,
        seq,
      });
    },
    resolveConflict: (id, resolution, seq) => {
      q.conflictResolve.run(resolution, seq, id);
    },
    insertRejection(r, seq) {
      q.rejectionInsert.run({ ...rejectionColumns(r), seq });
    },
  };
}
