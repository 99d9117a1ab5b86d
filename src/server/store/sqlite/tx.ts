// Transactions on a better-sqlite3 connection for async callers. A transaction's function awaits
// between its statements, and other requests run in those gaps; on a single connection their
// statements would land inside the open transaction. So each connection runs one transaction at
// a time (a promise queue), and savepoints nest inside it by name.
// The connection's seq counter (seq-counter.ts) is written to its row before each SAVEPOINT and
// before COMMIT, and forgets what it took after a rollback.
import type Database from 'better-sqlite3';
import type { SerialQueue } from '../serial-queue';
import type { StoreTx } from '../types';
import type { SeqCounter } from './seq-counter';

/** A savepoint on `conn`, for StoreTx.savepoint. */
export function makeSavepoint(conn: Database.Database, seqs: SeqCounter): StoreTx['savepoint'] {
  let depth = 0;
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    const name = `sp${++depth}`;
    seqs.settle();
    conn.exec(`SAVEPOINT ${name}`);
    try {
      const value = await fn();
      conn.exec(`RELEASE ${name}`);
      return value;
    } catch (e) {
      if (conn.inTransaction) {
        conn.exec(`ROLLBACK TO ${name}`);
        seqs.forget();
        conn.exec(`RELEASE ${name}`);
      }
      throw e;
    } finally {
      depth--;
    }
  };
}

/** Runs fn between `begin` and COMMIT on `conn`, queued behind the connection's other transactions. */
export function runTransaction<T>(
  conn: Database.Database,
  queue: SerialQueue,
  begin: string,
  tx: StoreTx,
  seqs: SeqCounter,
  fn: (tx: StoreTx) => Promise<T>,
): Promise<T> {
  return queue(async () => {
    conn.exec(begin);
    try {
      const value = await fn(tx);
      seqs.settle();
      conn.exec('COMMIT');
      return value;
    } catch (e) {
      seqs.forget();
      if (conn.inTransaction) conn.exec('ROLLBACK');
      throw e;
    }
  });
}
