// Throwaway PostgreSQL 15 clusters for tests: initdb into a temporary folder (as the postgres
// user when the tests run as root), trust authentication, no fsync, listening on 127.0.0.1 at a
// free port with its socket in that folder. One cluster serves a whole test run when a vitest
// globalSetup starts it (stores-global-setup.ts; the admin URL reaches the workers as
// SB_TEST_PG_URL); a test file run without it starts a cluster of its own. Every test file works
// on a fresh database of its own (testDatabase).
import { type SpawnSyncReturns, execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port';

const BIN = process.env['SB_TEST_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
/** The environment variable holding the admin URL of the run's shared cluster. */
export const PG_URL_ENV = 'SB_TEST_PG_URL';

const run = promisify(execFile);

export type PostgresCluster = {
  /** The admin URL of the cluster (database `postgres`). */
  readonly adminUrl: string;
  /** The URL of database `dbName` on this cluster. */
  url(dbName: string): string;
  /** Creates an empty database (from template0) and answers its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
};

/** Are the PostgreSQL server binaries installed? */
export function postgresAvailable(): boolean {
  return existsSync(join(BIN, 'initdb')) && existsSync(join(BIN, 'pg_ctl'));
}

const asRoot = process.getuid?.() === 0;

/** util-linux's runuser: runs a command as another user (root only). */
const RUNUSER = '/usr/sbin/runuser';

/** Runs a PostgreSQL binary, as the postgres user when we are root (initdb refuses root). */
function runPg(bin: string, args: string[]) {
  const file = join(BIN, bin);
  return asRoot ? run(RUNUSER, ['-u', 'postgres', '--', file, ...args]) : run(file, args);
}

function runPgSync(bin: string, args: string[]): SpawnSyncReturns<Buffer> {
  const file = join(BIN, bin);
  return asRoot
    ? spawnSync(RUNUSER, ['-u', 'postgres', '--', file, ...args])
    : spawnSync(file, args);
}

let dbCounter = 0;
const uniqueDbName = () =>
  `t_${process.pid}_${++dbCounter}_${Math.random().toString(36).slice(2, 8)}`;

/** Runs one statement on a short admin connection (CREATE/DROP DATABASE cannot run in a transaction). */
async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function dbUrl(adminUrl: string, dbName: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
}

/** Creates database `name` on the cluster behind adminUrl and answers its URL. */
export async function createDatabaseOn(adminUrl: string, name = uniqueDbName()): Promise<string> {
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE template0`);
  return dbUrl(adminUrl, name);
}

/** Drops the database behind url, closing whatever connections are still open to it. */
export async function dropDatabaseOf(adminUrl: string, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Starts a new cluster in a temporary folder (2–5 s, mostly initdb). */
export async function startPostgres(): Promise<PostgresCluster> {
  if (!postgresAvailable()) throw new Error(`PostgreSQL binaries not found in ${BIN}`);
  const dir = mkdtempSync(join(tmpdir(), 'sb-pg-'));
  if (asRoot) {
    const ids = spawnSync('id', ['-u', 'postgres']).stdout.toString().trim();
    const gid = spawnSync('id', ['-g', 'postgres']).stdout.toString().trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  const data = join(dir, 'data');
  await runPg('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    const options = [
      'listen_addresses=127.0.0.1',
      `port=${port}`,
      `unix_socket_directories=${dir}`,
      'fsync=off',
      'synchronous_commit=off',
      'full_page_writes=off',
      'max_connections=200',
      'shared_buffers=32MB',
    ]
      .map((o) => `-c ${o}`)
      .join(' ');
    try {
      await runPg('pg_ctl', [
        '-D',
        data,
        '-l',
        join(dir, 'server.log'),
        '-w',
        '-t',
        '30',
        '-o',
        options,
        'start',
      ]);
      break;
    } catch (e) {
      if (attempt >= 2) {
        rmSync(dir, { recursive: true, force: true });
        throw e; // the port was taken between freePort and start three times
      }
    }
  }
  let stopped = false;
  // A test process that ends without stop() (a crash, a timeout) must not leave a server behind.
  const onExit = () => {
    if (stopped) return;
    runPgSync('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    adminUrl,
    url: (dbName) => dbUrl(adminUrl, dbName),
    createDatabase: () => createDatabaseOn(adminUrl),
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      await runPg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh database for one test file: on the run's shared cluster when SB_TEST_PG_URL is set,
 * else on a cluster of its own. release() drops the database, or stops the own cluster.
 */
export async function testDatabase(): Promise<{ url: string; release(): Promise<void> }> {
  const shared = process.env[PG_URL_ENV];
  if (shared) {
    const url = await createDatabaseOn(shared);
    return { url, release: () => dropDatabaseOf(shared, url) };
  }
  const cluster = await startPostgres();
  const url = await cluster.createDatabase();
  return { url, release: () => cluster.stop() };
}
