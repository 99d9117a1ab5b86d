// Opens the server's PostgreSQL store (DATABASE_URL): a connection pool whose bigint and numeric
// values arrive as JS numbers (seqs, sizes and epoch milliseconds all stay below 2^53), the
// schema migrated before anything else runs (migrate.ts: once, however many processes start),
// and the ServerDb every process of the server shares the database through (tx.ts).
import pg from 'pg';
import { makeGroupCommit } from '../group-commit';
import { makePulledBuffer } from '../pulled-buffer';
import type { ServerDb, StoreTx } from '../types';
import { withoutSeqs } from '../without-seqs';
import { makeLeader } from './leader';
import { makeMaintenance } from './maintenance';
import { migrate } from './migrate';
import { continueSeqFromClock } from './seq-floor';
import { ensureRateLimitTable, makeRateLimiters } from './rate-limit-repo';
import { makeSerialQueue } from '../serial-queue';
import { BEGIN_READ, BEGIN_WRITE, BEGIN_WRITE_OUTSIDE_FEED, runTransaction } from './tx';

export type PostgresOptions = {
  /** Connections in the pool (default 10): one writes at a time, the others read. */
  poolSize?: number;
  /** The clock the seq counter continues from at start (seq-floor.ts). */
  now?: () => number;
};

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** bigint (count(*), seqs, times) and numeric (sum of bigints) as numbers; the rest as pg parses it. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/** The URL without its password, for logs. */
export function redactedLocation(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    return u.toString();
  } catch {
    return url.replace(/:\/\/([^:@/]*):[^@/]*@/, '://$1@');
  }
}

export async function openPostgresServerDb(
  url: string,
  opts: PostgresOptions = {},
): Promise<ServerDb> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    types,
    application_name: 'standortbesuch',
  });
  // An idle connection the server closed (a restart, a terminated backend) is dropped by the
  // pool; without a listener the error would end the process.
  pool.on('error', (e) => {
    console.error(JSON.stringify({ event: 'postgres_idle_connection_error', error: String(e) }));
  });
  try {
    await migrate(pool);
    await continueSeqFromClock(pool, (opts.now ?? Date.now)());
    await ensureRateLimitTable(pool);
  } catch (e) {
    await pool.end();
    throw e;
  }
  const writeQueue = makeSerialQueue();
  const writeTx = <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> =>
    writeQueue(() => runTransaction(pool, BEGIN_WRITE, fn));
  const group = makeGroupCommit(writeTx);
  const pulled = makePulledBuffer(group);
  // Connects at the first lead(): the admin CLI, which runs no periodic job, never does.
  const leader = makeLeader(url);
  let closed = false;
  return {
    kind: 'postgres',
    location: redactedLocation(url),
    maintenance: makeMaintenance(pool),
    writeTx,
    // Neither queued behind this process's sync writes nor waiting for the counter's lock.
    writeTxOutsideFeed: (fn) =>
      runTransaction(pool, BEGIN_WRITE_OUTSIDE_FEED, (tx) => fn(withoutSeqs(tx))),
    groupTx: group,
    readTx: <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> =>
      runTransaction(pool, BEGIN_READ, fn),
    // Space a purge frees goes back by autovacuum; nothing to do after the transaction.
    purgeTx: writeTx,
    notePulled: pulled.note,
    rateLimiter: makeRateLimiters(pool),
    lead: leader.lead,
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await pulled.flush(writeTx);
      } catch (e) {
        console.error(JSON.stringify({ event: 'pull_bookkeeping_failed', error: String(e) }));
      }
      // Let write transactions queued before close() finish first.
      await writeQueue(() => Promise.resolve());
      await leader.close();
      await pool.end();
    },
  };
}
