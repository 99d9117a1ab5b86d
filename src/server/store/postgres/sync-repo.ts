// Sync state in PostgreSQL: records with per-field versions, conflicts, rejections, per-client
// sequence bookkeeping and the record bytes per account, answering exactly as the SQLite store
// does (store/sqlite/sync-repo.ts; the change feed is feed-repo.ts). Callers run it inside one
// write transaction (tx.ts), whose first statement took the seq counter's row lock, so nextSeq()
// hands out seqs in commit order (docs/architecture.md invariant I5).
// Rows become domain types in ../sync-rows.ts, shared with the SQLite store.
import type {
  Async,
  ChildState,
  ClientState,
  FieldConflictKey,
  RecordPlace,
  StoredConflict,
  StoredRecord,
  SyncStore,
  VisitPlace,
} from '../types';
import { jsonText } from '../row-values';
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
import { textIn, textOut } from './codec';
import type { Queryable } from './queryable';

const RECORD_COLUMNS = `entity, id, site_id, visit_id, data, field_versions, field_writers, version,
  created_seq, seq, deleted, deleted_seq, deleted_by_cascade, created_by, updated_by, created_at, updated_at`;

const SQL = {
  seq: 'SELECT value FROM seq_counter',
  seqBump: 'UPDATE seq_counter SET value = value + 1 RETURNING value',
  client: 'SELECT user_id, last_client_seq, scope_key FROM clients WHERE client_id = $1',
  clientInsert: 'INSERT INTO clients (client_id, user_id, last_client_seq) VALUES ($1, $2, 0)',
  clientSeen: `UPDATE clients SET outbox_high_water = greatest(outbox_high_water, $2),
    app_version = $3, schema_version = $4, scope_key = $5, last_seen_at = $6 WHERE client_id = $1`,
  // A pull's bookkeeping is written after its answer (pulled-buffer.ts): it never overwrites
  // what a later sync of the same device recorded.
  clientPulled: `UPDATE clients SET outbox_high_water = greatest(outbox_high_water, $2),
    app_version = $3, schema_version = $4, last_seen_at = $5
    WHERE client_id = $1 AND (last_seen_at IS NULL OR last_seen_at <= $5)`,
  clientAdvance: 'UPDATE clients SET last_client_seq = $2 WHERE client_id = $1',
  applied:
    'SELECT mutation_id, result_json FROM applied_mutations WHERE client_id = $1 AND client_seq = $2',
  // By applied_mutation_id: the id's few rows, each one's device by its key, the user's own first.
  prior: `SELECT a.mutation_id, a.result_json,
      (SELECT c.user_id FROM clients c WHERE c.client_id = a.client_id) IS NOT DISTINCT FROM $2 AS own
    FROM applied_mutations a WHERE a.mutation_id = $1 ORDER BY own DESC LIMIT 1`,
  appliedInsert: `INSERT INTO applied_mutations (client_id, client_seq, mutation_id, status,
    result_json, server_seq, applied_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  usage: 'SELECT record_bytes FROM account_usage WHERE user_id = $1',
  usageAdd: `INSERT INTO account_usage (user_id, record_bytes) VALUES ($1, $2)
    ON CONFLICT (user_id) DO UPDATE SET record_bytes = account_usage.record_bytes + excluded.record_bytes`,
  record: `SELECT ${RECORD_COLUMNS} FROM records WHERE entity = $1 AND id = $2`,
  place: `SELECT site_id, deleted, data = 'null' AS purged FROM records WHERE entity = $1 AND id = $2`,
  visitPlace: `SELECT site_id, deleted, data = 'null' AS purged,
    stored_json(data) ->> 'status' AS status FROM records WHERE entity = 'visit' AND id = $1`,
  // One statement, one round trip: the row's stored bytes before the write, the write, and the
  // writer charged the difference ($17 the writer, $20 the new row's bytes). Every part of a
  // WITH sees the snapshot from before the statement, so `before` reads the old row.
  write: `WITH before AS (
      SELECT octet_length(data) AS bytes FROM records WHERE entity = $1 AND id = $2
    ), written AS (
      INSERT INTO records (entity, id, site_id, visit_id, data, field_versions, field_writers,
        version, created_seq, seq, deleted, deleted_seq, deleted_by_cascade, sha256, thumb_sha256,
        created_by, updated_by, created_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
        coalesce($18, $19), $19)
      ON CONFLICT (entity, id) DO UPDATE SET data = excluded.data,
        field_versions = excluded.field_versions, field_writers = excluded.field_writers,
        version = excluded.version, seq = excluded.seq, deleted = excluded.deleted,
        deleted_seq = excluded.deleted_seq, deleted_by_cascade = excluded.deleted_by_cascade,
        updated_by = excluded.updated_by, updated_at = excluded.updated_at
      RETURNING 1
    ), delta AS (
      SELECT $20::bigint - coalesce((SELECT bytes FROM before), 0) AS bytes
    )
    INSERT INTO account_usage (user_id, record_bytes)
      SELECT $17, bytes FROM delta WHERE coalesce($17::text, '') <> '' AND bytes <> 0
    ON CONFLICT (user_id) DO UPDATE
      SET record_bytes = account_usage.record_bytes + excluded.record_bytes`,
  // In (entity, id) order: the order SQLite's records_visit index gives, so a cascade takes its
  // seqs in the same order on either store.
  children: `SELECT ${RECORD_COLUMNS} FROM records WHERE visit_id = $1 AND entity <> 'visit'
    ORDER BY entity, id`,
  childStates: `SELECT entity, id, deleted, deleted_by_cascade, field_versions, field_writers
    FROM records WHERE visit_id = $1 AND entity <> 'visit' ORDER BY entity, id`,
  setDeleted: `UPDATE records SET deleted = $3, deleted_seq = $4, deleted_by_cascade = $5,
    version = $6, seq = $6, updated_by = $7, updated_at = $8 WHERE entity = $1 AND id = $2`,
  conflict: `SELECT id, entity, entity_id, site_id, kind, field, server_value, client_value,
    mutation_id, author, author_id, server_author_id, client_id, status, resolution, created_at
    FROM conflicts WHERE id = $1`,
  conflictInsert: `INSERT INTO conflicts (id, entity, entity_id, site_id, kind, field, server_value,
      client_value, mutation_id, author, status, resolution, created_at, seq, author_id,
      server_author_id, client_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
  // conflicts_record narrows to the record's few conflicts; the rest is checked on those rows.
  conflictOpenField: `SELECT id, client_value FROM conflicts
    WHERE entity = $1 AND entity_id = $2 AND field = $3 AND kind = 'field' AND status = 'open'
      AND client_id = $4 AND author_id = $5 AND server_value = $6
      AND server_author_id IS NOT DISTINCT FROM $7
    ORDER BY seq DESC LIMIT 1`,
  conflictFold: `UPDATE conflicts SET client_value = $2, mutation_id = $3, author = $4, seq = $5
    WHERE id = $1`,
  conflictResolve:
    "UPDATE conflicts SET status = 'resolved', resolution = $2, seq = $3 WHERE id = $1",
  rejectionInsert: `INSERT INTO rejections (id, mutation_id, client_id, user_id, entity, entity_id,
      code, message, path, payload, created_at, seq)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
};

export function makeSyncRepo(db: Queryable): Async<SyncStore> {
  const value = async (sql: string) => (await db.one<{ value: number }>(sql))!.value;
  const usageAdd = (userId: string, bytes: number) => db.run(SQL.usageAdd, [userId, bytes]);

  return {
    currentSeq: () => value(SQL.seq),
    nextSeq: () => value(SQL.seqBump),

    async client(clientId): Promise<ClientState | null> {
      const r = await db.one<{
        user_id: string;
        last_client_seq: number;
        scope_key: string | null;
      }>(SQL.client, [clientId]);
      return r
        ? { userId: r.user_id, lastClientSeq: r.last_client_seq, scopeKey: textOut(r.scope_key) }
        : null;
    },
    async insertClient(clientId, userId) {
      await db.run(SQL.clientInsert, [clientId, userId]);
    },
    async clientSeen(clientId, s) {
      await db.run(SQL.clientSeen, [
        clientId,
        s.outboxHighWater,
        s.appVersion,
        s.schemaVersion,
        textIn(s.scopeKey),
        s.now,
      ]);
    },
    async clientPulled(clientId, s) {
      await db.run(SQL.clientPulled, [
        clientId,
        s.outboxHighWater,
        s.appVersion,
        s.schemaVersion,
        s.now,
      ]);
    },
    async advanceClient(clientId, lastClientSeq) {
      await db.run(SQL.clientAdvance, [clientId, lastClientSeq]);
    },
    applied: async (clientId, clientSeq) =>
      toApplied(await db.one<AppliedRow>(SQL.applied, [clientId, clientSeq])),
    priorApplication: async (mutationId, userId) =>
      toPriorApplication(
        await db.one<AppliedRow & { own: boolean }>(SQL.prior, [mutationId, userId]),
      ),
    async insertApplied(clientId, clientSeq, mutationId, result, now) {
      await db.run(SQL.appliedInsert, appliedValues(clientId, clientSeq, mutationId, result, now));
    },

    usage: async (userId) =>
      (await db.one<{ record_bytes: number }>(SQL.usage, [userId]))?.record_bytes ?? 0,
    async addUsage(userId, bytes) {
      if (bytes !== 0) await usageAdd(userId, bytes);
    },

    async record(entity, id) {
      const r = await db.one<RecordRow>(SQL.record, [entity, id]);
      return r ? toRecord(r) : null;
    },
    async place(entity, id): Promise<RecordPlace | null> {
      const r = await db.one<{ site_id: string | null; deleted: boolean; purged: boolean }>(
        SQL.place,
        [entity, id],
      );
      return r ? { siteId: r.site_id, deleted: r.deleted, purged: r.purged } : null;
    },
    async visitPlace(visitId): Promise<VisitPlace | null> {
      const r = await db.one<{
        site_id: string | null;
        deleted: boolean;
        purged: boolean;
        status: string | null;
      }>(SQL.visitPlace, [visitId]);
      return r
        ? { siteId: r.site_id, deleted: r.deleted, purged: r.purged, status: r.status }
        : null;
    },
    childrenOfVisit: async (visitId) =>
      (await db.query<RecordRow>(SQL.children, [visitId])).map(toRecord),
    childStates: async (visitId): Promise<ChildState[]> =>
      (await db.query<ChildStateRow>(SQL.childStates, [visitId])).map(toChildState),
    async setDeleted(entity, id, s) {
      await db.run(SQL.setDeleted, [
        entity,
        id,
        s.deleted,
        s.deleted ? s.seq : null,
        s.byCascade,
        s.seq,
        s.updatedBy,
        s.updatedAt ?? null,
      ]);
    },
    // isNew changes nothing here: the one statement reads the old row's bytes anyway.
    async writeRecord(r: StoredRecord) {
      const row = recordColumns(r);
      await db.run(SQL.write, [
        row.entity,
        row.id,
        row.siteId,
        row.visitId,
        row.data,
        row.fieldVersions,
        row.fieldWriters,
        row.version,
        row.createdSeq,
        row.seq,
        row.deleted,
        row.deletedSeq,
        row.deletedByCascade,
        row.sha256,
        row.thumbSha256,
        row.createdBy,
        row.updatedBy,
        row.createdAt,
        row.updatedAt,
        Buffer.byteLength(row.data),
      ]);
    },

    async conflict(id) {
      const r = await db.one<ConflictRow>(SQL.conflict, [id]);
      return r ? toConflict(r) : null;
    },
    async insertConflict(c: StoredConflict, seq) {
      const row = conflictColumns(c);
      await db.run(SQL.conflictInsert, [
        row.id,
        row.entity,
        row.entityId,
        row.siteId,
        row.kind,
        row.field,
        row.serverValue,
        row.clientValue,
        row.mutationId,
        row.author,
        row.status,
        row.resolution,
        row.createdAt,
        seq,
        row.authorId,
        row.serverAuthorId,
        row.clientId,
      ]);
    },
    async openFieldConflict(k: FieldConflictKey) {
      const r = await db.one<{ id: string; client_value: string | null }>(SQL.conflictOpenField, [
        k.entity,
        k.entityId,
        k.field,
        k.clientId,
        k.authorId,
        jsonText(k.serverValue),
        k.serverAuthorId,
      ]);
      return r ? toOpenFieldConflict(r) : null;
    },
    async foldConflict(id, to, seq) {
      await db.run(SQL.conflictFold, [id, jsonText(to.clientValue), to.mutationId, to.author, seq]);
    },
    async resolveConflict(id, resolution, seq) {
      await db.run(SQL.conflictResolve, [id, resolution, seq]);
    },
    async insertRejection(r, seq) {
      const row = rejectionColumns(r);
      await db.run(SQL.rejectionInsert, [
        row.id,
        row.mutationId,
        row.clientId,
        row.userId,
        row.entity,
        row.entityId,
        row.code,
        row.message,
        row.path,
        row.payload,
        row.createdAt,
        seq,
      ]);
    },
  };
}
