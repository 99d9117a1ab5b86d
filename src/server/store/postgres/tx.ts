// Transactions on the PostgreSQL pool. Each transaction runs on one pooled connection, and its
// StoreTx binds every repo to that connection. A write transaction's first statement takes the
// row lock of the one seq counter, so the write transactions of every server process run one
// after another and commit in seq order: a pull's snapshot holds every seq up to the counter
// and a cursor never skips a row (docs/architecture.md invariant I5). Within one process the
// writers queue in memory before they take a connection, so waiting writers never hold the
// pool's connections and reads always find one. Reads run in REPEATABLE READ READ ONLY
// snapshots that neither take nor wait for the lock.
import type pg from 'pg';
import type { StoreTx } from '../types';
import { makeActivityRepo } from './activity-repo';
import { makeBlobsRepo } from './blobs-repo';
import { makeFeedRepo } from './feed-repo';
import { makeHistoryRepo } from './history-repo';
import { onConnection } from './on-connection';
import { type Queryable, queryableOf } from './queryable';
import { makeRetentionRepo } from './retention-repo';
import { makeSyncRepo } from './sync-repo';
import { makeTemplateRepo } from './template-repo';
import { makeUsersRepo } from './users-repo';

/** Starts a write transaction: READ COMMITTED, and the seq counter's row lock before anything else. */
export const BEGIN_WRITE =
  'BEGIN ISOLATION LEVEL READ COMMITTED; UPDATE seq_counter SET value = value';
/** A write transaction outside the change feed: no counter lock (ServerDb.writeTxOutsideFeed). */
export const BEGIN_WRITE_OUTSIDE_FEED = 'BEGIN ISOLATION LEVEL READ COMMITTED';
export const BEGIN_READ = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/** Nested savepoints on one transaction's connection (StoreTx.savepoint). */
function makeSavepoint(client: pg.ClientBase): StoreTx['savepoint'] {
  let depth = 0;
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    const name = `sp_${++depth}`;
    try {
      await client.query(`SAVEPOINT ${name}`);
      try {
        const value = await fn();
        await client.query(`RELEASE ${name}`);
        return value;
      } catch (e) {
        // Failing too (a broken connection) leaves the transaction aborted: its COMMIT fails.
        await client.query(`ROLLBACK TO ${name}; RELEASE ${name}`).catch(() => undefined);
        throw e;
      }
    } finally {
      depth--;
    }
  };
}

/** Every repo of one transaction, bound to its connection (plain objects of closures: cheap). */
function storeTxOf(client: pg.ClientBase): StoreTx {
  const q: Queryable = queryableOf(client);
  const sync = makeSyncRepo(q);
  return {
    users: makeUsersRepo(q),
    sync,
    feed: makeFeedRepo(q),
    blobs: makeBlobsRepo(q),
    retention: makeRetentionRepo(q, sync.nextSeq),
    history: makeHistoryRepo(q),
    activity: makeActivityRepo(q),
    templates: makeTemplateRepo(q),
    savepoint: makeSavepoint(client),
  };
}

/** Runs fn in a transaction with every repo bound to its connection. */
export const runTransaction = <T>(
  pool: pg.Pool,
  begin: string,
  fn: (tx: StoreTx) => Promise<T>,
): Promise<T> => onConnection(pool, begin, (client) => fn(storeTxOf(client)));
