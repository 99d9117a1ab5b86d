// Where a scale run keeps its data, and how the run reaches it behind the servers' backs.
// - 'postgres-s3': a fresh PostgreSQL database (on the run's shared cluster when SB_TEST_PG_URL
//   is set, else on a cluster of its own) and a fresh bucket on radosgw (SB_TEST_S3_*, else a
//   radosgw of its own); every server process gets DATABASE_URL and S3_*.
// - 'sqlite': one data folder (SQLite file + photos/), the default deployment, for comparison.
// Besides the servers' environment a backend offers the run's own access: the ServerDb (seeding
// accounts, the invariant check), plain SQL on the same tables (the checks' oracle, and tampering
// in the test that proves the checks can fail), and the stored photo objects read and deleted
// without the server's photo storage code (raw S3 requests or files at the documented layout).
import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, S3Error } from 'minio';
import pg from 'pg';
import { dataPaths } from '../../src/server/config';
import { openPostgresServerDb } from '../../src/server/store/postgres/open';
import { openServerDb } from '../../src/server/store/store';
import type { ServerDb } from '../../src/server/store/store';
import { PG_URL_ENV, createDatabaseOn, dropDatabaseOf, startPostgres } from '../support/postgres';
import { type S3Coordinates, s3TestClient, testS3 } from '../support/radosgw';

export type BackendKind = 'postgres-s3' | 'sqlite';

/** Plain SQL on the store's tables; `?` placeholders on either database. */
export type SqlAccess = {
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
};

export type Backend = {
  kind: BackendKind;
  /** What the servers' environment needs for this backend (besides PORT, HOST, DATA_DIR). */
  serverEnv: Record<string, string>;
  /** A data folder every process of an SQLite backend shares; null: each process its own. */
  sharedDataDir: string | null;
  /** The store, opened in this process. */
  openDb(): Promise<ServerDb>;
  sql: SqlAccess;
  /** The stored photo bytes of `sha`, read without the server's code; null when absent. */
  photoObject(sha: string): Promise<Buffer | null>;
  /** Deletes the stored photo bytes of `sha` behind the server's back (tamper tests). */
  deletePhotoObject(sha: string): Promise<void>;
  /** Where the photos are, for a report. */
  describe: string;
  release(): Promise<void>;
};

/** The documented layout of stored photos: ab/cd/<sha> below photos/ (docs/architecture.md §Photos). */
const photoPath = (sha: string) => `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;

const positional = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

const s3Client = (s3: S3Coordinates): Client => s3TestClient(s3);

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function emptyBucket(client: Client, bucket: string): Promise<void> {
  const keys: string[] = [];
  for await (const item of client.listObjectsV2(bucket, '', true) as AsyncIterable<{
    name?: string;
  }>)
    if (item.name) keys.push(item.name);
  if (keys.length) await client.removeObjects(bucket, keys);
}

export async function postgresS3Backend(): Promise<Backend> {
  const shared = process.env[PG_URL_ENV];
  const cluster = shared ? null : await startPostgres();
  const adminUrl = shared ?? cluster!.adminUrl;
  const databaseUrl = await createDatabaseOn(adminUrl);
  const s3 = await testS3();
  const bucket = `scale-${randomUUID().slice(0, 8)}`;
  const client = s3Client(s3);
  await client.makeBucket(bucket, s3.region);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  return {
    kind: 'postgres-s3',
    serverEnv: {
      DATABASE_URL: databaseUrl,
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: s3.accessKey,
      S3_SECRET_ACCESS_KEY: s3.secretKey,
      S3_REGION: s3.region,
      INVITE_KEY: randomBytes(32).toString('base64'),
    },
    sharedDataDir: null,
    openDb: () => openPostgresServerDb(databaseUrl, { poolSize: 4 }),
    sql: {
      all: async <T>(sql: string, params: unknown[] = []) =>
        (await pool.query(positional(sql), params)).rows as T[],
      run: async (sql, params = []) => {
        await pool.query(positional(sql), params);
      },
    },
    async photoObject(sha) {
      try {
        return await readAll(await client.getObject(bucket, `photos/${photoPath(sha)}`));
      } catch (e) {
        if (e instanceof S3Error && (e.code === 'NoSuchKey' || e.code === 'NotFound')) return null;
        throw e;
      }
    },
    deletePhotoObject: (sha) => client.removeObject(bucket, `photos/${photoPath(sha)}`),
    describe: `PostgreSQL ${new URL(databaseUrl).pathname.slice(1)}, bucket ${bucket} on ${s3.endpoint}`,
    async release() {
      await pool.end();
      await emptyBucket(client, bucket).catch(() => undefined);
      await client.removeBucket(bucket).catch(() => undefined);
      await s3.release();
      if (cluster) await cluster.stop();
      else await dropDatabaseOf(adminUrl, databaseUrl);
    },
  };
}

export async function sqliteBackend(): Promise<Backend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-scale-'));
  const { dbFile, photosDir } = dataPaths({ DATA_DIR: dataDir });
  await openServerDb(dbFile).close(); // creates and migrates the file before anyone reads it
  const db = new Database(dbFile);
  db.pragma('busy_timeout = 5000');
  const file = (sha: string) => join(photosDir, photoPath(sha));
  return {
    kind: 'sqlite',
    serverEnv: {},
    sharedDataDir: dataDir,
    openDb: () => Promise.resolve(openServerDb(dbFile)),
    sql: {
      all: <T>(sql: string, params: unknown[] = []) =>
        Promise.resolve(db.prepare(sql).all(...params) as T[]),
      run: (sql, params = []) => {
        db.prepare(sql).run(...params);
        return Promise.resolve();
      },
    },
    photoObject: (sha) => {
      try {
        return Promise.resolve(readFileSync(file(sha)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return Promise.resolve(null);
        throw e;
      }
    },
    deletePhotoObject: (sha) => {
      unlinkSync(file(sha));
      return Promise.resolve();
    },
    describe: `SQLite ${dbFile}`,
    release() {
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

export const openBackend = (kind: BackendKind): Promise<Backend> =>
  kind === 'postgres-s3' ? postgresS3Backend() : sqliteBackend();
