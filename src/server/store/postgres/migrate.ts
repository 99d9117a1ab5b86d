// Brings a PostgreSQL database to the schema this server expects (schema.ts), once, however
// many server processes start at the same moment: every step runs in one transaction under a
// transaction-level advisory lock, so the second process waits, then finds the steps done.
// schema_migrations lists the steps that ran (version = step number, from 1).
import type pg from 'pg';
import { SCHEMA_STEPS } from './schema';
import { onConnection } from './on-connection';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** The advisory lock key every server process takes while it migrates (any fixed bigint). */
const MIGRATION_LOCK = 5_373_616_769_247_100;

export const POSTGRES_SCHEMA_VERSION = SCHEMA_STEPS.length;

/** Runs the missing steps; answers how many ran (0: the database was up to date). */
export function migrate(pool: pg.Pool): Promise<number> {
  return onConnection(pool, 'BEGIN', async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = await client.query<{ v: number | null }>(
      'SELECT max(version) AS v FROM schema_migrations',
    );
    const current = Number(done.rows[0]?.v ?? 0);
    if (current > SCHEMA_STEPS.length) {
      throw new MigrationError(
        `database schema ${current} is newer than this server (${SCHEMA_STEPS.length}); update the server`,
      );
    }
    for (let v = current; v < SCHEMA_STEPS.length; v++) {
      await SCHEMA_STEPS[v]!(client);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1]);
    }
    return SCHEMA_STEPS.length - current;
  });
}
