// A database put back to an older copy (pg_restore of a dump, a storage snapshot) never hands
// out a seq twice, as SQLite's restore marker ensures for a file (docs/architecture.md §Server
// storage): every process start continues the one seq counter at least from the clock in
// microseconds and records the skipped range in lost_seqs. A server hands out far fewer than one
// seq per microsecond, so the seqs a restored database's lost time handed out lie below the
// clock of the next start; a device whose cursor lies inside a skipped range is answered with a
// reset (§Pull step 4), and a base version from the lost time can never claim to have seen a
// newer write (§Merge). A plain start of a second process skips only seqs nobody saw.
import type pg from 'pg';
import { onConnection } from './on-connection';

/** Moves the counter to at least now × 1000; answers the skipped range (null: nothing skipped). */
export function continueSeqFromClock(
  pool: pg.Pool,
  now: number,
): Promise<{ from: number; to: number } | null> {
  return onConnection(pool, 'BEGIN', async (client) => {
    const { rows } = await client.query<{ value: number }>(
      'SELECT value FROM seq_counter FOR UPDATE',
    );
    const from = Number(rows[0]!.value);
    const to = Math.max(from, now * 1000);
    if (to > from) {
      await client.query('UPDATE seq_counter SET value = $1', [to]);
      await client.query('INSERT INTO lost_seqs (from_seq, to_seq) VALUES ($1, $2)', [from, to]);
    }
    return to > from ? { from, to } : null;
  });
}

/** Is this cursor inside a range a start skipped (handed out in time a restore took back)? */
export const LOST_CURSOR_SQL =
  'SELECT 1 AS lost FROM lost_seqs WHERE from_seq < $1 AND to_seq > $1 LIMIT 1';
