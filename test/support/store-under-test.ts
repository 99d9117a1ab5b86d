// The server stores a test can run on, each opened fresh: SQLite on a file in a temporary folder
// (always), PostgreSQL as a new database on the run's cluster (when SB_TEST_PG_URL is set, as the
// `stores` and `server-pg` projects' globalSetup sets it). On CI (CI=true) a missing PostgreSQL
// is an error, never a silent skip. Used by the contract suite (test/stores/contract/, one
// describe per store) and by makeHarness (./server.ts) when SB_TEST_STORE=postgres.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openPostgresServerDb } from '../../src/server/store/postgres/open';
import { openServerDb } from '../../src/server/store/sqlite/open';
import type { ServerDb } from '../../src/server/store/types';
import { PG_URL_ENV, createDatabaseOn, dropDatabaseOf } from './postgres';

export type StoreKind = ServerDb['kind'];

/** An open store and what a test needs around it. */
export type OpenedStore = {
  readonly db: ServerDb;
  /** The SQLite file (null on PostgreSQL). */
  readonly file: string | null;
  /** Runs one SQL statement behind the store's back (the same text must suit both stores). */
  sql(statement: string): Promise<void>;
  /** A second store on the same data, as another server process would open it. */
  reopen(): Promise<ServerDb>;
  /** Closes the store and deletes its data (file or database). */
  close(): Promise<void>;
};

export type StoreUnderTest = {
  readonly kind: StoreKind;
  /** Why this store cannot run here (its tests skip), or null. */
  readonly missing: string | null;
  open(): Promise<OpenedStore>;
};

async function openSqlite(): Promise<OpenedStore> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-store-'));
  const file = join(dir, 'db.sqlite');
  const db = openServerDb(file);
  return {
    db,
    file,
    async sql(statement) {
      const raw = new Database(file);
      try {
        raw.exec(statement);
      } finally {
        raw.close();
      }
    },
    reopen: async () => openServerDb(file),
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Pool size of a test store: enough for a write, a read snapshot and a group commit at once. */
const POOL_SIZE = 4;

async function openPostgres(adminUrl: string): Promise<OpenedStore> {
  const url = await createDatabaseOn(adminUrl);
  let db: ServerDb;
  try {
    db = await openPostgresServerDb(url, { poolSize: POOL_SIZE });
  } catch (e) {
    await dropDatabaseOf(adminUrl, url);
    throw e;
  }
  return {
    db,
    file: null,
    async sql(statement) {
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      await pool.query(statement).finally(() => pool.end());
    },
    reopen: () => openPostgresServerDb(url, { poolSize: POOL_SIZE }),
    async close() {
      await db.close();
      await dropDatabaseOf(adminUrl, url);
    },
  };
}

const sqlite: StoreUnderTest = { kind: 'sqlite', missing: null, open: openSqlite };

function postgres(): StoreUnderTest {
  const adminUrl = process.env[PG_URL_ENV];
  if (adminUrl) return { kind: 'postgres', missing: null, open: () => openPostgres(adminUrl) };
  const missing = `${PG_URL_ENV} is not set (PostgreSQL runs in the stores and server-pg projects)`;
  if (process.env['CI'] === 'true') throw new Error(`PostgreSQL store on CI: ${missing}`);
  return {
    kind: 'postgres',
    missing,
    open: () => Promise.reject(new Error(`PostgreSQL store: ${missing}`)),
  };
}

/** Every store, for `describe.each`: SQLite, then PostgreSQL (its `missing` says why it skips). */
export function storesUnderTest(): StoreUnderTest[] {
  return [sqlite, postgres()];
}

/** The store SB_TEST_STORE names (default SQLite): what makeHarness opens. */
export function storeFromEnv(): StoreUnderTest {
  const kind = process.env['SB_TEST_STORE'] ?? 'sqlite';
  if (kind === 'sqlite') return sqlite;
  if (kind === 'postgres') return postgres();
  throw new Error(`SB_TEST_STORE must be sqlite or postgres, got "${kind}"`);
}
