// Forward-only schema migrations, keyed by PRAGMA user_version. Append a new entry to
// MIGRATIONS to change the schema; never edit a shipped one (databases in the field
// have already run it).
import type Database from 'better-sqlite3';
import { CHECKLIST_TEMPLATES } from '../../../shared/domain/checklist-templates';
import { legacyParticipantId } from '../../../shared/domain/legacy-participant-id';
import { fieldWritersOf } from '../field-writers';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** A step is SQL, or a function for a data conversion SQL alone cannot express. */
type Migration = string | ((db: Database.Database) => void);

const MIGRATIONS: readonly Migration[] = [
  /* 1: accounts, sync state, records, conflicts, rejections, blobs, uploads */ `
  CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
  INSERT INTO counters (name, value) VALUES ('global_seq', 0);

  CREATE TABLE users (
    id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT NOT NULL,
    site_id TEXT, disabled INTEGER NOT NULL DEFAULT 0, password_hash TEXT, created_at TEXT NOT NULL
  );
  CREATE TABLE tokens (
    hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL, last_used_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE INDEX tokens_user ON tokens (user_id);
  CREATE TABLE invites (
    hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), expires_at INTEGER NOT NULL, used_at INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX invites_user ON invites (user_id);

  CREATE TABLE clients (
    client_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, last_client_seq INTEGER NOT NULL DEFAULT 0,
    outbox_high_water INTEGER NOT NULL DEFAULT 0, app_version TEXT, schema_version INTEGER,
    scope_key TEXT, last_seen_at TEXT
  ) WITHOUT ROWID;
  CREATE TABLE applied_mutations (
    client_id TEXT NOT NULL, client_seq INTEGER NOT NULL, mutation_id TEXT NOT NULL, status TEXT NOT NULL,
    result_json TEXT NOT NULL, server_seq INTEGER, applied_at TEXT NOT NULL, PRIMARY KEY (client_id, client_seq)
  ) WITHOUT ROWID;
  CREATE INDEX applied_mutation_id ON applied_mutations (mutation_id);

  CREATE TABLE records (
    entity TEXT NOT NULL, id TEXT NOT NULL, site_id TEXT, visit_id TEXT, data TEXT NOT NULL,
    field_versions TEXT NOT NULL, field_writers TEXT NOT NULL, version INTEGER NOT NULL, created_seq INTEGER NOT NULL, seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, deleted_seq INTEGER, deleted_by_cascade INTEGER NOT NULL DEFAULT 0,
    sha256 TEXT, thumb_sha256 TEXT, created_by TEXT, updated_by TEXT, PRIMARY KEY (entity, id)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX records_seq ON records (seq);
  CREATE INDEX records_site_seq ON records (site_id, seq);
  CREATE INDEX records_visit ON records (visit_id);
  CREATE INDEX records_sha ON records (sha256) WHERE sha256 IS NOT NULL;
  CREATE INDEX records_thumb ON records (thumb_sha256) WHERE thumb_sha256 IS NOT NULL;

  CREATE TABLE conflicts (
    id TEXT PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL, site_id TEXT, kind TEXT NOT NULL,
    field TEXT, server_value TEXT, client_value TEXT, mutation_id TEXT NOT NULL, author TEXT NOT NULL,
    status TEXT NOT NULL, resolution TEXT, created_at TEXT NOT NULL, seq INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX conflicts_seq ON conflicts (seq);
  CREATE INDEX conflicts_site_seq ON conflicts (site_id, seq);
  CREATE TABLE rejections (
    id TEXT PRIMARY KEY, mutation_id TEXT NOT NULL, client_id TEXT NOT NULL, user_id TEXT NOT NULL,
    entity TEXT NOT NULL, entity_id TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL, path TEXT,
    payload TEXT, created_at TEXT NOT NULL, seq INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX rejections_seq ON rejections (seq);
  CREATE INDEX rejections_user_seq ON rejections (user_id, seq);

  CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, mime TEXT NOT NULL, stored_at TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE blob_uploaders (sha256 TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (sha256, user_id)) WITHOUT ROWID;
  CREATE TABLE uploads (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL, sha256 TEXT NOT NULL, length INTEGER NOT NULL,
    "offset" INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  /* 2: the retention purge dates a visit's delete by the mutation that wrote its seq */ `
  CREATE INDEX applied_server_seq ON applied_mutations (server_seq);
  `,
  /* 3: blob_uploaders holds verified senders only; the photo quota sums them per account */ `
  CREATE INDEX blob_uploaders_user ON blob_uploaders (user_id);
  `,
  /* 4: record bytes per account (RECORD_QUOTA_BYTES), a running total kept by sync-repo.ts */ `
  CREATE TABLE account_usage (user_id TEXT PRIMARY KEY, record_bytes INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
  INSERT INTO account_usage (user_id, record_bytes)
    SELECT user_id, sum(bytes) FROM (
      SELECT updated_by AS user_id, length(CAST(data AS BLOB)) AS bytes FROM records WHERE updated_by IS NOT NULL
      UNION ALL
      SELECT user_id, coalesce(length(CAST(payload AS BLOB)), 0) FROM rejections
    ) GROUP BY user_id;
  `,
  /* 5: participants become rows of their own (docs/adr/0007-participants-as-rows.md) */
  splitParticipants,
  /* 6: when a record was created and last changed (authors, docs/architecture.md "Authors") */
  recordTimes,
  /* 7: administration: showable invite codes (sealed), when an invite was issued, last sign-in */
  administration,
  /* 8: both sides of a conflict by account, fixed when it is recorded (docs/architecture.md §Merge) */
  conflictParties,
  /* 9: who changed which field of which record when (docs/architecture.md §History); IF NOT
     EXISTS: tests replay later steps on a file that has them */ `
  CREATE TABLE IF NOT EXISTS record_history (
    seq INTEGER PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
    site_id TEXT, visit_id TEXT, op TEXT NOT NULL, field TEXT, value TEXT, user_id TEXT,
    client_id TEXT, at TEXT NOT NULL, conflict_id TEXT
  );
  CREATE INDEX IF NOT EXISTS record_history_record ON record_history (entity, entity_id, seq);
  CREATE INDEX IF NOT EXISTS record_history_site_at ON record_history (site_id, at);
  CREATE INDEX IF NOT EXISTS record_history_user_at ON record_history (user_id, at);
  CREATE INDEX IF NOT EXISTS record_history_at ON record_history (at);
  `,
  /* 10: checklist templates as records: version 1 of the shipped templates (docs/architecture.md §Templates) */
  seedTemplates,
  /* 11: the device a conflict came from, and a record's conflicts by index (docs/architecture.md §Merge) */
  conflictClients,
  /* 12: one PATCH at a time per upload across server processes: a lease (docs/architecture.md §Upload) */
  uploadLeases,
];

/**
 * Seeds version 1 of the four shipped templates (CHECKLIST_TEMPLATES, the ids today's checklist
 * items name) as records without a site, each with its own seq, so every device pulls them;
 * nobody wrote them (created_by null). Adds the partial index that answers "does any checklist
 * item use this version" (template_in_use) with one probe. A row that exists stays.
 */
function seedTemplates(db: Database.Database): void {
  db.exec(`CREATE INDEX IF NOT EXISTS records_item_template ON records (data ->> '$.templateId')
    WHERE entity = 'checklistItem'`);
  const bump = db.prepare(
    "UPDATE counters SET value = value + 1 WHERE name = 'global_seq' RETURNING value",
  );
  const insert =
    db.prepare(`INSERT INTO records (entity, id, site_id, visit_id, data, field_versions,
      field_writers, version, created_seq, seq, created_at, updated_at)
    VALUES ('checklistTemplate', @id, NULL, NULL, @data, @fieldVersions, @fieldWriters, @seq, @seq,
      @seq, @at, @at)
    ON CONFLICT (entity, id) DO NOTHING`);
  for (const t of CHECKLIST_TEMPLATES) {
    const seq = (bump.get() as { value: number }).value;
    const keys = Object.keys(t);
    insert.run({
      id: t.id,
      data: JSON.stringify(t),
      fieldVersions: JSON.stringify(Object.fromEntries(keys.map((k) => [k, seq]))),
      fieldWriters: JSON.stringify(Object.fromEntries(keys.map((k) => [k, '']))),
      seq,
      at: t.createdAt,
    });
  }
}

/**
 * Adds records.created_at / updated_at; rows written before take the time of the mutation that
 * wrote them where the server still knows it (applied_mutations), else stay null ("unknown").
 * Adds only missing columns, so a file replayed from an earlier step (tests do) runs it again.
 */
function recordTimes(db: Database.Database): void {
  const have = new Set((db.pragma('table_info(records)') as { name: string }[]).map((c) => c.name));
  for (const col of ['created_at', 'updated_at'])
    if (!have.has(col)) db.exec(`ALTER TABLE records ADD COLUMN ${col} TEXT`);
  db.exec(`UPDATE records SET
    created_at = coalesce(created_at,
      (SELECT applied_at FROM applied_mutations WHERE server_seq = records.created_seq LIMIT 1)),
    updated_at = coalesce(updated_at,
      (SELECT applied_at FROM applied_mutations WHERE server_seq = records.version LIMIT 1))`);
}

/**
 * invites.created_at (issued; null for invites from before, shown as "unknown") and
 * invites.code_sealed (the code sealed under the server's invite key, auth/secrets.ts; null once
 * used or voided, and for invites from before, which cannot be shown again); users.last_sign_in_at.
 * An account's last sync needs nothing new: every sync already stamps its device's
 * clients.last_seen_at (no index on it, so the hot path writes nothing more). Adds only what is
 * missing, so a file replayed from an earlier step runs it again.
 */
function administration(db: Database.Database): void {
  const columns = (table: string) =>
    new Set((db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
  const invites = columns('invites');
  if (!invites.has('created_at')) db.exec('ALTER TABLE invites ADD COLUMN created_at INTEGER');
  if (!invites.has('code_sealed')) db.exec('ALTER TABLE invites ADD COLUMN code_sealed TEXT');
  if (!columns('users').has('last_sign_in_at'))
    db.exec('ALTER TABLE users ADD COLUMN last_sign_in_at TEXT');
}

/**
 * Adds conflicts.author_id (the account that sent the second value) and server_author_id (the
 * account whose value stood first). Conflicts recorded before get them from what the server still
 * knows: the author from the conflicting mutation's device; the first side from the field's last
 * writer while the record still holds that value, a deleted record's deleter, the first unseen
 * field's writer of a delete over unseen edits — else unknown (null).
 */
function conflictParties(db: Database.Database): void {
  const have = new Set(
    (db.pragma('table_info(conflicts)') as { name: string }[]).map((c) => c.name),
  );
  for (const col of ['author_id', 'server_author_id'])
    if (!have.has(col)) db.exec(`ALTER TABLE conflicts ADD COLUMN ${col} TEXT`);
  db.exec(`UPDATE conflicts SET
    author_id = (SELECT cl.user_id FROM applied_mutations a JOIN clients cl ON cl.client_id = a.client_id
      WHERE a.mutation_id = conflicts.mutation_id LIMIT 1),
    server_author_id = (SELECT CASE
        WHEN conflicts.kind = 'edit_on_deleted' THEN r.updated_by
        WHEN conflicts.kind = 'delete_with_unseen_edits' THEN (SELECT user_id FROM clients WHERE client_id =
          r.field_writers ->> ('$."' || (SELECT key FROM json_each(conflicts.server_value) LIMIT 1) || '"'))
        WHEN r.data -> ('$."' || conflicts.field || '"') = json(conflicts.server_value) THEN (SELECT user_id
          FROM clients WHERE client_id = r.field_writers ->> ('$."' || conflicts.field || '"'))
      END FROM records r WHERE r.entity = conflicts.entity AND r.id = conflicts.entity_id)
    WHERE author_id IS NULL AND server_author_id IS NULL`);
}

/**
 * Adds conflicts.client_id (the device that sent the second value; a later save of the same field
 * from that device updates its open conflict instead of adding one) and an index by record.
 * Conflicts recorded before get the device of their mutation where the server still knows it.
 */
function conflictClients(db: Database.Database): void {
  const have = (db.pragma('table_info(conflicts)') as { name: string }[]).map((c) => c.name);
  if (!have.includes('client_id')) db.exec('ALTER TABLE conflicts ADD COLUMN client_id TEXT');
  db.exec(`UPDATE conflicts SET client_id = (SELECT a.client_id FROM applied_mutations a
      WHERE a.mutation_id = conflicts.mutation_id ORDER BY a.applied_at LIMIT 1)
    WHERE client_id IS NULL;
    CREATE INDEX IF NOT EXISTS conflicts_record ON conflicts (entity, entity_id)`);
}

/** Columns only when missing: tests replay later steps on a file that has them. */
function uploadLeases(db: Database.Database): void {
  const have = (db.pragma('table_info(uploads)') as { name: string }[]).map((c) => c.name);
  if (!have.includes('lease_holder')) db.exec('ALTER TABLE uploads ADD COLUMN lease_holder TEXT');
  if (!have.includes('lease_until'))
    db.exec('ALTER TABLE uploads ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0');
}

export const SCHEMA_USER_VERSION = MIGRATIONS.length;
/** The user_version after participant lists became rows (tests replay this step on old data). */
export const PARTICIPANT_ROWS_VERSION = MIGRATIONS.indexOf(splitParticipants) + 1;

/** Runs every migration newer than the file's user_version, each in its own transaction. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new MigrationError(
      `database schema ${current} is newer than this server (${MIGRATIONS.length}); update the server`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      const step = MIGRATIONS[v]!;
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

type VisitRow = {
  id: string;
  site_id: string | null;
  data: string;
  field_versions: string;
  field_writers: string;
  created_seq: number;
  deleted: number;
  created_by: string | null;
  updated_by: string | null;
};

/**
 * Each stored visit's `participants` list becomes participant rows with the deterministic ids
 * `<visitId>~p<index>` (legacyParticipantId), each with its own new seq, and the field leaves
 * the visit, which gets a new seq too: every device pulls both. The rows' field versions and
 * writers are those of the list they came from, so an edit made by someone who had seen the
 * list still counts as seen (docs/architecture.md §Merge step 1). A deleted visit's rows are
 * tombstoned by its cascade (a restore brings them back); a purged visit has nothing left.
 */
function splitParticipants(db: Database.Database): void {
  const visits = db
    .prepare(
      `SELECT id, site_id, data, field_versions, field_writers, created_seq, deleted, created_by, updated_by
       FROM records WHERE entity = 'visit' AND data <> 'null'`,
    )
    .all() as VisitRow[];
  const bump = db.prepare(
    "UPDATE counters SET value = value + 1 WHERE name = 'global_seq' RETURNING value",
  );
  const nextSeq = () => (bump.get() as { value: number }).value;
  const insert =
    db.prepare(`INSERT INTO records (entity, id, site_id, visit_id, data, field_versions,
      field_writers, version, created_seq, seq, deleted, deleted_seq, deleted_by_cascade, created_by, updated_by)
    VALUES ('participant', @id, @siteId, @visitId, @data, @fieldVersions, @fieldWriters, @seq, @createdSeq,
      @seq, @deleted, @deletedSeq, @deleted, @createdBy, @updatedBy)
    ON CONFLICT (entity, id) DO NOTHING`);
  const update = db.prepare(`UPDATE records SET data = @data, field_versions = @fieldVersions,
    field_writers = @fieldWriters, version = @seq, seq = @seq WHERE entity = 'visit' AND id = @id`);
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  for (const v of visits) {
    const data = JSON.parse(v.data) as Record<string, unknown>;
    if (!('participants' in data)) continue;
    const versions = JSON.parse(v.field_versions) as Record<string, number>;
    const writers = fieldWritersOf(versions, v.field_writers);
    const at = versions['participants'] ?? v.created_seq;
    const by = writers['participants'] ?? '';
    const list = Array.isArray(data['participants']) ? (data['participants'] as unknown[]) : [];
    list.forEach((item, index) => {
      const p = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
      const row = {
        id: legacyParticipantId(v.id, index),
        visitId: v.id,
        name: str(p['name']),
        organisation: str(p['organisation']),
        role: str(p['role']),
        order: index,
        createdAt: str(data['createdAt']),
      };
      const seq = nextSeq();
      insert.run({
        id: row.id,
        siteId: v.site_id,
        visitId: v.id,
        data: JSON.stringify(row),
        fieldVersions: JSON.stringify(Object.fromEntries(Object.keys(row).map((k) => [k, at]))),
        fieldWriters: JSON.stringify(Object.fromEntries(Object.keys(row).map((k) => [k, by]))),
        seq,
        createdSeq: at,
        deleted: v.deleted,
        deletedSeq: v.deleted ? seq : null,
        createdBy: v.created_by,
        updatedBy: v.updated_by,
      });
    });
    delete data['participants'];
    delete versions['participants'];
    delete writers['participants'];
    update.run({
      id: v.id,
      data: JSON.stringify(data),
      fieldVersions: JSON.stringify(versions),
      fieldWriters: JSON.stringify(writers),
      seq: nextSeq(),
    });
  }
}
