// One transaction on one pooled PostgreSQL connection, from BEGIN to COMMIT or ROLLBACK: what
// the store's transactions (tx.ts), its start-up steps (migrate.ts, seq-floor.ts, the rate-limit
// table) and the invariant check run on.
import type pg from 'pg';

export class TransactionAborted extends Error {
  override name = 'TransactionAborted';
  constructor() {
    super('a statement of the transaction failed: it was rolled back, not committed');
  }
}

/**
 * Runs fn between `begin` and COMMIT on a pooled connection (ROLLBACK when fn or COMMIT throws).
 * A connection whose ROLLBACK failed is broken: it goes back to the pool with the error, which
 * closes it.
 */
export async function onConnection<T>(
  pool: pg.Pool,
  begin: string,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const value = await fn(client);
    // PostgreSQL answers COMMIT of a transaction a failed statement aborted with a ROLLBACK, not
    // an error (fn caught that statement's error without a savepoint): nothing was written.
    const done = await client.query('COMMIT');
    if (done.command === 'ROLLBACK') throw new TransactionAborted();
    return value;
  } catch (e) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw e;
  } finally {
    client.release(broken);
  }
}
