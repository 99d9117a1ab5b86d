// Rate limits every server process shares (ServerDb.rateLimiter on PostgreSQL): one token bucket
// per (limit name, key) in an UNLOGGED table, taken by ONE atomic upsert per request: the row
// lock orders concurrent takes from every process, so a burst spread over several processes is
// refused past the limit as if one process had seen it all. Times come from the database's clock,
// so processes on machines whose clocks disagree still refill a bucket at its rate.
//
// The table is process coordination, not data: UNLOGGED (no WAL; PostgreSQL empties it after a
// crash, which forgets counts as a restart of a single process does), kept out of the schema
// steps (migrate.ts) and created at open. A bucket that is full again holds no information: each
// row says when it will be (full_at), and every process deletes the rows past that at most
// every PRUNE_EVERY_MS, so a flood of distinct keys leaves no lasting rows.
import type pg from 'pg';
import type { Async, RateLimit, RateLimitStore } from '../types';
import { onConnection } from './on-connection';

/** The advisory lock key under which processes create the table (any fixed bigint). */
const TABLE_LOCK = 5_373_616_769_247_101;
export const PRUNE_EVERY_MS = 5 * 60_000;

const CREATE = [
  `CREATE UNLOGGED TABLE IF NOT EXISTS rate_limit_buckets (
    name text NOT NULL,
    key text NOT NULL,
    tokens double precision NOT NULL,
    allowed boolean NOT NULL,
    at timestamptz NOT NULL,
    full_at timestamptz NOT NULL,
    PRIMARY KEY (name, key))`,
  'CREATE INDEX IF NOT EXISTS rate_limit_buckets_full_at ON rate_limit_buckets (full_at)',
];

/**
 * Takes one token of bucket ($1, $2) with burst $3 and refill rate $4 per second. A new bucket
 * starts full and gives one token; an existing one is first refilled for the time since its
 * last take (never above the burst, never for a negative time: a take that read the clock
 * earlier may get the row lock later), then gives one token when it holds one. `allowed` keeps
 * whether it gave one, since tokens alone cannot tell (an allowed take may leave 0.5, and so may
 * a refused one).
 */
const TAKE = `INSERT INTO rate_limit_buckets AS b (name, key, tokens, allowed, at, full_at)
  VALUES ($1, $2, $3::float8 - 1, true, now(), now() + make_interval(secs => 1 / $4::float8))
  ON CONFLICT (name, key) DO UPDATE SET (tokens, allowed, at, full_at) = (
    SELECT r.tokens - t.taken, t.taken = 1, r.at,
           r.at + make_interval(secs => ($3::float8 - r.tokens + t.taken) / $4::float8)
    FROM (SELECT least($3::float8,
                       b.tokens + greatest(0, extract(epoch FROM now() - b.at)::float8) * $4::float8)
                   AS tokens,
                 greatest(b.at, now()) AS at) AS r,
         LATERAL (SELECT CASE WHEN r.tokens >= 1 THEN 1 ELSE 0 END AS taken) AS t)
  RETURNING tokens, allowed`;
const RESET = 'DELETE FROM rate_limit_buckets WHERE name = $1 AND key = $2';
const PRUNE = 'DELETE FROM rate_limit_buckets WHERE full_at < now()';

/** Creates the buckets table when it is missing (processes starting at once create it once). */
export function ensureRateLimitTable(pool: pg.Pool): Promise<void> {
  return onConnection(pool, 'BEGIN', async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [TABLE_LOCK]);
    for (const sql of CREATE) await client.query(sql);
  });
}

/**
 * ServerDb.rateLimiter on the pool: each take and reset is one statement outside any
 * transaction (autocommit), so it never waits for the writer.
 */
export function makeRateLimiters(
  pool: pg.Pool,
  now: () => number = Date.now,
): (name: string, limit: RateLimit) => Async<RateLimitStore> {
  let prunedAt = now();
  /** Deletes full buckets when the last prune of this process is PRUNE_EVERY_MS old. */
  const pruneWhenDue = async () => {
    if (now() - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now();
    await pool.query({ name: 'sb_rate_prune', text: PRUNE });
  };
  return (name, limit) => ({
    async take(key) {
      await pruneWhenDue();
      const { rows } = await pool.query<{ tokens: number; allowed: boolean }>({
        name: 'sb_rate_take',
        text: TAKE,
        values: [name, key, limit.burst, limit.perSecond],
      });
      const bucket = rows[0]!;
      return bucket.allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
    },
    async reset(key) {
      await pool.query({ name: 'sb_rate_reset', text: RESET, values: [name, key] });
    },
  });
}
