// The PostgreSQL schema: the same tables, columns and indexes as the SQLite schema after its last
// migration (store/sqlite/migrations.ts), so both stores answer alike. Differences, all inside
// the store: flags are boolean; epoch-millisecond times, seqs and sizes are bigint; JSON stays
// text, exactly the bytes JSON.stringify wrote (byte sizes and the record quota count those
// bytes, as SQLite's length(CAST(x AS BLOB)) does: octet_length). Every text column collates
// "C" (byte order, as SQLite's BINARY), whatever the database's locale. The global seq lives in
// the one row of seq_counter (tx.ts takes its row lock first in every write transaction).
// record_history.seq is an identity column (SQLite's rowid).
//
// Reading a field of a JSON column goes through stored_json(text): JSON.stringify writes NUL as
// \u0000 and lone surrogates as \udXXX, which PostgreSQL's json types refuse; stored_json turns
// those escapes into \ufffd first, so reading one field of a record never fails on another
// field's text. Query a checklist item's template as `stored_json(data) ->> 'templateId'` (the
// expression of the index records_item_template).
//
// Steps are forward-only: append a step to change the schema, never edit a shipped one.
import type pg from 'pg';
import { CHECKLIST_TEMPLATES } from '../../../shared/domain/checklist-templates';

/** One migration step, run inside the migration transaction (migrate.ts). */
export type SchemaStep = (client: pg.ClientBase) => Promise<void>;

const TEXT = 'text COLLATE "C"';

const TABLES = `
CREATE TABLE seq_counter (value bigint NOT NULL);
CREATE UNIQUE INDEX seq_counter_one_row ON seq_counter ((true));
INSERT INTO seq_counter (value) VALUES (0);

CREATE FUNCTION stored_json(doc text) RETURNS json LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT CASE WHEN strpos(doc, '\\u') = 0 THEN doc::json
    ELSE regexp_replace(doc, '(?<!\\\\)((?:\\\\\\\\)*)\\\\u(0000|d[89a-f][0-9a-f]{2})', '\\1\\\\ufffd', 'gi')::json
  END
$fn$;

CREATE TABLE users (
  id ${TEXT} PRIMARY KEY, email ${TEXT} NOT NULL UNIQUE, name ${TEXT} NOT NULL, role ${TEXT} NOT NULL,
  site_id ${TEXT}, disabled boolean NOT NULL DEFAULT false, password_hash ${TEXT},
  created_at ${TEXT} NOT NULL, last_sign_in_at ${TEXT}
);
CREATE TABLE tokens (
  hash ${TEXT} PRIMARY KEY, user_id ${TEXT} NOT NULL REFERENCES users(id), created_at bigint NOT NULL,
  expires_at bigint NOT NULL, last_used_at bigint NOT NULL, revoked boolean NOT NULL DEFAULT false
);
CREATE INDEX tokens_user ON tokens (user_id);
CREATE TABLE invites (
  hash ${TEXT} PRIMARY KEY, user_id ${TEXT} NOT NULL REFERENCES users(id), expires_at bigint NOT NULL,
  used_at bigint, created_at bigint, code_sealed ${TEXT}
);
CREATE INDEX invites_user ON invites (user_id);

CREATE TABLE clients (
  client_id ${TEXT} PRIMARY KEY, user_id ${TEXT} NOT NULL, last_client_seq bigint NOT NULL DEFAULT 0,
  outbox_high_water bigint NOT NULL DEFAULT 0, app_version ${TEXT}, schema_version bigint,
  scope_key ${TEXT}, last_seen_at ${TEXT}
);
CREATE TABLE applied_mutations (
  client_id ${TEXT} NOT NULL, client_seq bigint NOT NULL, mutation_id ${TEXT} NOT NULL,
  status ${TEXT} NOT NULL, result_json ${TEXT} NOT NULL, server_seq bigint, applied_at ${TEXT} NOT NULL,
  PRIMARY KEY (client_id, client_seq)
);
CREATE INDEX applied_mutation_id ON applied_mutations (mutation_id);
CREATE INDEX applied_server_seq ON applied_mutations (server_seq);

CREATE TABLE records (
  entity ${TEXT} NOT NULL, id ${TEXT} NOT NULL, site_id ${TEXT}, visit_id ${TEXT}, data ${TEXT} NOT NULL,
  field_versions ${TEXT} NOT NULL, field_writers ${TEXT} NOT NULL, version bigint NOT NULL,
  created_seq bigint NOT NULL, seq bigint NOT NULL, deleted boolean NOT NULL DEFAULT false,
  deleted_seq bigint, deleted_by_cascade boolean NOT NULL DEFAULT false, sha256 ${TEXT},
  thumb_sha256 ${TEXT}, created_by ${TEXT}, updated_by ${TEXT}, created_at ${TEXT}, updated_at ${TEXT},
  PRIMARY KEY (entity, id)
);
CREATE UNIQUE INDEX records_seq ON records (seq);
CREATE INDEX records_site_seq ON records (site_id, seq);
CREATE INDEX records_visit ON records (visit_id);
CREATE INDEX records_sha ON records (sha256) WHERE sha256 IS NOT NULL;
CREATE INDEX records_thumb ON records (thumb_sha256) WHERE thumb_sha256 IS NOT NULL;
CREATE INDEX records_item_template ON records ((stored_json(data) ->> 'templateId'))
  WHERE entity = 'checklistItem';

CREATE TABLE conflicts (
  id ${TEXT} PRIMARY KEY, entity ${TEXT} NOT NULL, entity_id ${TEXT} NOT NULL, site_id ${TEXT},
  kind ${TEXT} NOT NULL, field ${TEXT}, server_value ${TEXT}, client_value ${TEXT},
  mutation_id ${TEXT} NOT NULL, author ${TEXT} NOT NULL, status ${TEXT} NOT NULL, resolution ${TEXT},
  created_at ${TEXT} NOT NULL, seq bigint NOT NULL, author_id ${TEXT}, server_author_id ${TEXT},
  client_id ${TEXT}
);
CREATE UNIQUE INDEX conflicts_seq ON conflicts (seq);
CREATE INDEX conflicts_site_seq ON conflicts (site_id, seq);
CREATE INDEX conflicts_record ON conflicts (entity, entity_id);
CREATE TABLE rejections (
  id ${TEXT} PRIMARY KEY, mutation_id ${TEXT} NOT NULL, client_id ${TEXT} NOT NULL,
  user_id ${TEXT} NOT NULL, entity ${TEXT} NOT NULL, entity_id ${TEXT} NOT NULL, code ${TEXT} NOT NULL,
  message ${TEXT} NOT NULL, path ${TEXT}, payload ${TEXT}, created_at ${TEXT} NOT NULL, seq bigint NOT NULL
);
CREATE UNIQUE INDEX rejections_seq ON rejections (seq);
CREATE INDEX rejections_user_seq ON rejections (user_id, seq);

CREATE TABLE blobs (
  sha256 ${TEXT} PRIMARY KEY, size bigint NOT NULL, mime ${TEXT} NOT NULL, stored_at ${TEXT} NOT NULL
);
CREATE TABLE blob_uploaders (
  sha256 ${TEXT} NOT NULL, user_id ${TEXT} NOT NULL, PRIMARY KEY (sha256, user_id)
);
CREATE INDEX blob_uploaders_user ON blob_uploaders (user_id);
CREATE TABLE uploads (
  id ${TEXT} PRIMARY KEY, user_id ${TEXT} NOT NULL, sha256 ${TEXT} NOT NULL, length bigint NOT NULL,
  "offset" bigint NOT NULL DEFAULT 0, created_at bigint NOT NULL, expires_at bigint NOT NULL
);

CREATE TABLE account_usage (user_id ${TEXT} PRIMARY KEY, record_bytes bigint NOT NULL DEFAULT 0);

CREATE TABLE record_history (
  seq bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, entity ${TEXT} NOT NULL,
  entity_id ${TEXT} NOT NULL, site_id ${TEXT}, visit_id ${TEXT}, op ${TEXT} NOT NULL, field ${TEXT},
  value ${TEXT}, user_id ${TEXT}, client_id ${TEXT}, at ${TEXT} NOT NULL, conflict_id ${TEXT}
);
CREATE INDEX record_history_record ON record_history (entity, entity_id, seq);
CREATE INDEX record_history_site_at ON record_history (site_id, at);
CREATE INDEX record_history_user_at ON record_history (user_id, at);
CREATE INDEX record_history_at ON record_history (at);
`;

/**
 * Version 1 of the four shipped templates (CHECKLIST_TEMPLATES) as records without a site, each
 * under its own seq, written by nobody: the rows SQLite's template migration seeds.
 */
async function seedTemplates(client: pg.ClientBase): Promise<void> {
  for (const t of CHECKLIST_TEMPLATES) {
    const bumped = await client.query<{ value: string | number }>(
      'UPDATE seq_counter SET value = value + 1 RETURNING value',
    );
    const seq = Number(bumped.rows[0]!.value);
    const keys = Object.keys(t);
    await client.query(
      `INSERT INTO records (entity, id, site_id, visit_id, data, field_versions, field_writers,
         version, created_seq, seq, created_at, updated_at)
       VALUES ('checklistTemplate', $1, NULL, NULL, $2, $3, $4, $5, $5, $5, $6, $6)
       ON CONFLICT (entity, id) DO NOTHING`,
      [
        t.id,
        JSON.stringify(t),
        JSON.stringify(Object.fromEntries(keys.map((k) => [k, seq]))),
        JSON.stringify(Object.fromEntries(keys.map((k) => [k, '']))),
        seq,
        t.createdAt,
      ],
    );
  }
}

/** Every step in order; the database's schema_migrations says how many have run. */
export const SCHEMA_STEPS: readonly SchemaStep[] = [
  /* 1: the schema as SQLite has it after its eleventh migration, with the shipped templates */
  async (client) => {
    await client.query(TABLES);
    await seedTemplates(client);
  },
  /* 2: one PATCH at a time per upload across server processes: a lease (SQLite's step 12) */
  async (client) => {
    await client.query(`ALTER TABLE uploads ADD COLUMN lease_holder ${TEXT},
      ADD COLUMN lease_until bigint NOT NULL DEFAULT 0`);
  },
  /* 3: the seq ranges a process start skipped (seq-floor.ts): a cursor inside one is reset */
  async (client) => {
    await client.query(
      'CREATE TABLE lost_seqs (from_seq bigint PRIMARY KEY, to_seq bigint NOT NULL)',
    );
  },
];
