// Forward-only schema migrations, keyed by PRAGMA user_version. Append a new entry to
// MIGRATIONS to change the schema; never edit a shipped one (databases in the field
// have already run it).
import type Database from 'better-sqlite3';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

const MIGRATIONS: readonly string[] = [
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
];

export const SCHEMA_USER_VERSION = MIGRATIONS.length;

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
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
