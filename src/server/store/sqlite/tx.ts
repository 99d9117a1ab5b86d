// Transactions on a better-sqlite3 connection for async callers. A transaction's function awaits
// between its statements, and other requests run in those gaps; on a single connection their
// statements would land inside the open transaction. So each connection runs one transaction at
// a time (a promise queue), and savepoints nest inside it by name.
import type Database from 'better-sqlite3';
import type { SerialQueue } from '../serial-queue';
import type { StoreTx } from '../types';

/** A savepoint on `conn`, for StoreTx.savepoint. */
export function makeSavepoint(conn: Database.Database): StoreTx['savepoint'] {
  let depth = 0;
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    const name = `sp${++depth}`;
    conn.exec(`SAVEPOINT ${name}`);
    try {
      const value = await fn();
      conn.exec(`RELEASE ${name}`);
      return value;
    } catch (e) {
      if (conn.inTransaction) {
        conn.exec(`ROLLBACK TO ${name}`);
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
  fn: (tx: StoreTx) => Promise<T>,
): Promise<T> {
  return queue(async () => {
    conn.exec(begin);
    try {
      const value = await fn(tx);
      conn.exec('COMMIT');
      return value;
    } catch (e) {
      if (conn.inTransaction) conn.exec('ROLLBACK');
      throw e;
    }
  });
}
