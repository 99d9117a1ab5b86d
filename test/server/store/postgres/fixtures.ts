// What the PostgreSQL store's own tests share: a fresh database per describe block (as URL for
// stores opened on it, or migrated, with a pool and one connection for calls on the repos), two
// transactions racing for one row lock, and rows built by hand (records, conflicts, rejections,
// accounts), which the store contract suite (test/stores/contract) uses too.
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { migrate } from '../../../../src/server/store/postgres/migrate';
import {
  openPostgresServerDb,
  type PostgresOptions,
} from '../../../../src/server/store/postgres/open';
import { type Queryable, queryableOf } from '../../../../src/server/store/postgres/queryable';
import type {
  NewUser,
  ServerDb,
  StoredConflict,
  StoredRecord,
  StoredRejection,
} from '../../../../src/server/store/types';
import type { EntityName } from '../../../../src/shared/domain/schemas';
import { testDatabase } from '../../../support/postgres';

/** What a block's beforeAll set up; read only inside the block's tests and hooks. */
function setUp<T>(what: string, get: () => T | undefined): T {
  const value = get();
  if (value === undefined) throw new Error(`${what}: not set up (outside the block's tests?)`);
  return value;
}

export type PostgresDatabase = {
  /** The database's URL. */
  readonly url: string;
  /** Opens a store on it, as a server process would (it migrates the database when needed). */
  open(options?: PostgresOptions): Promise<ServerDb>;
};

/**
 * A fresh, empty database for the calling describe block (created in its beforeAll). Every store
 * opened on it is closed, and the database dropped, after the block.
 */
export function usePostgresDatabase(): PostgresDatabase {
  let database: Awaited<ReturnType<typeof testDatabase>> | undefined;
  const opened: ServerDb[] = [];
  beforeAll(async () => {
    database = await testDatabase();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close()));
    await database?.release();
  });
  const url = () => setUp('the database', () => database?.url);
  return {
    get url() {
      return url();
    },
    async open(options = {}) {
      const db = await openPostgresServerDb(url(), { poolSize: 4, ...options });
      opened.push(db);
      return db;
    },
  };
}

export type PostgresConnection = {
  /** A pool on the database, for more connections (concurrent transactions). */
  readonly pool: pg.Pool;
  /** One connection kept for the block, outside any transaction: each statement commits. */
  readonly q: Queryable;
};

/**
 * A fresh database with this server's schema for the calling describe block, for tests that call
 * the repos on a connection of their own (no store around them).
 */
export function usePostgresConnection(poolSize = 4): PostgresConnection {
  let database: Awaited<ReturnType<typeof testDatabase>> | undefined;
  let pool: pg.Pool | undefined;
  let client: pg.PoolClient | undefined;
  let q: Queryable | undefined;
  beforeAll(async () => {
    database = await testDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: poolSize });
    // A connection the server ends while idle (the database dropped after the block) is no error.
    pool.on('error', () => undefined);
    await migrate(pool);
    client = await pool.connect();
    q = queryableOf(client);
  }, 60_000);
  afterAll(async () => {
    client?.release();
    await pool?.end();
    await database?.release();
  });
  return {
    get pool() {
      return setUp('the pool', () => pool);
    },
    get q() {
      return setUp('the connection', () => q);
    },
  };
}

/**
 * Two transactions on their own connections: `first` runs and keeps its transaction open while
 * `second` runs, then `first` commits. Answers both results and whether `second` was still
 * waiting (for a row lock of `first`) after `waitMs`.
 */
export async function raceOnRowLock<T>(
  pool: pg.Pool,
  first: (q: Queryable) => Promise<T>,
  second: (q: Queryable) => Promise<T>,
  waitMs = 300,
): Promise<{ first: T; second: T; secondWaited: boolean }> {
  const [a, b] = [await pool.connect(), await pool.connect()];
  try {
    await a.query('BEGIN');
    await b.query('BEGIN');
    const firstResult = await first(queryableOf(a));
    let settled = false;
    const secondResult = second(queryableOf(b)).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, waitMs));
    const secondWaited = !settled;
    await a.query('COMMIT');
    const result = { first: firstResult, second: await secondResult, secondWaited };
    await b.query('COMMIT');
    return result;
  } finally {
    a.release();
    b.release();
  }
}

export const AT = '2026-12-01T10:00:00.000Z';

export const person = (id: string, name = id): NewUser => ({
  id,
  email: `${id}@example.org`,
  name,
  role: 'coordinator',
  siteId: null,
  passwordHash: null,
  createdAt: AT,
});

export function recordOf(
  entity: EntityName,
  id: string,
  seq: number,
  o: Partial<StoredRecord> = {},
): StoredRecord {
  const data = o.data ?? { id, note: `${entity} ${id}` };
  const versions = Object.fromEntries(Object.keys(data).map((k) => [k, seq]));
  return {
    entity,
    id,
    siteId: null,
    visitId: null,
    data,
    fieldVersions: versions,
    fieldWriters: Object.fromEntries(Object.keys(data).map((k) => [k, 'device-1'])),
    version: seq,
    createdSeq: seq,
    seq,
    deleted: false,
    deletedSeq: null,
    deletedByCascade: false,
    createdBy: 'u1',
    updatedBy: 'u1',
    createdAt: AT,
    updatedAt: AT,
    ...o,
  };
}

export function conflictOf(id: string, o: Partial<StoredConflict> = {}): StoredConflict {
  return {
    id,
    entity: 'observation',
    entityId: `obs-${id}`,
    siteId: null,
    kind: 'field',
    field: 'text',
    serverValue: 'server text',
    clientValue: 'client text',
    mutationId: `m-${id}`,
    author: 'Person Eins',
    authorId: 'u1',
    serverAuthorId: 'u2',
    clientId: 'device-1',
    status: 'open',
    resolution: null,
    createdAt: AT,
    ...o,
  };
}

export function rejectionOf(id: string, o: Partial<StoredRejection> = {}): StoredRejection {
  return {
    id,
    mutationId: `m-${id}`,
    clientId: 'device-1',
    userId: 'u1',
    entity: 'visit',
    entityId: `visit-${id}`,
    code: 'invalid',
    message: 'date: expected a date',
    path: 'date',
    payload: { date: 'gestern' },
    createdAt: AT,
    ...o,
  };
}
