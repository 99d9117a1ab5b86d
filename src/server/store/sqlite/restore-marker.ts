// A server put back to an older copy of its file never hands out a seq twice
// (docs/adr/0006-device-recovery.md, docs/architecture.md §Server storage).
// - Every open of a database file continues its global seq at least from the clock in
//   microseconds and records the skipped range ('lost_seqs:<from>' = to). A normal restart skips
//   seqs nobody saw (a device's cursor is at most the newest committed seq); a file copied back
//   behind the server's back (a VM snapshot, a copied database file) skips the seqs handed out
//   after the copy was taken, because the clock has moved on further than the server could count.
// - `admin backup` also marks its copy with the seq it was taken at ('backup_of_seq'): the open
//   logs the restore, and moves the seq RESTORE_SEQ_JUMP further when the clock does not.
// The change feed answers a cursor inside a skipped range with a reset (§Pull step 4), and base
// versions from before the restore can never claim to have seen a newer write (§Merge).
import Database from 'better-sqlite3';

/**
 * Every open continues at least from the clock in microseconds. A server hands out far fewer than
 * one seq per microsecond, so the seqs an older incarnation of this file handed out after its own
 * open lie below the clock of any later open (stays below 2^53 until the year 2255), and the seq
 * keeps close to the clock (a later file copy is protected the same way).
 */
const clockFloor = (now: number) => now * 1000;
/**
 * A marked backup whose seq is not below the clock (the restored machine's clock lags the one
 * that wrote the file) moves this much further instead: more seqs than any server hands out
 * between two backups.
 */
export const RESTORE_SEQ_JUMP = 1_000_000_000_000;
const MARK = 'backup_of_seq';
const LOST = 'lost_seqs:';

/** Marks a finished backup copy with the seq it holds (run on the copy, never on the live file). */
export function markBackup(file: string): void {
  const copy = new Database(file);
  try {
    copy
      .prepare(
        `INSERT OR REPLACE INTO counters (name, value) SELECT '${MARK}', value FROM counters WHERE name = 'global_seq'`,
      )
      .run();
  } finally {
    copy.close();
  }
}

/**
 * At every open: continue the seq past everything an older copy of this file may have handed
 * out (the clock in microseconds; RESTORE_SEQ_JUMP for a marked backup the clock does not cover).
 * Records the skipped range and returns it (null when nothing was skipped).
 */
export function adoptRestoredBackup(
  db: Database.Database,
  now: number = Date.now(),
): { from: number; to: number } | null {
  return db
    .transaction(() => {
      const mark = db.prepare('SELECT value FROM counters WHERE name = ?').get(MARK) as
        { value: number } | undefined;
      const { value: from } = db
        .prepare("SELECT value FROM counters WHERE name = 'global_seq'")
        .get() as { value: number };
      let to = Math.max(from, clockFloor(now));
      if (mark && to === from) to = from + RESTORE_SEQ_JUMP;
      if (mark) db.prepare('DELETE FROM counters WHERE name = ?').run(MARK);
      if (to === from) return null;
      db.prepare("UPDATE counters SET value = ? WHERE name = 'global_seq'").run(to);
      db.prepare('INSERT OR REPLACE INTO counters (name, value) VALUES (?, ?)').run(
        `${LOST}${from}`,
        to,
      );
      if (mark)
        console.warn(JSON.stringify({ event: 'restored_backup', backupSeq: from, seqsFrom: to }));
      return { from, to };
    })
    .immediate();
}

/** Is this cursor one the restore lost (handed out after the backup, before the restore)? */
export function lostCursorQuery(db: Database.Database): (cursor: number) => boolean {
  const q = db.prepare(
    `SELECT 1 FROM counters WHERE name LIKE '${LOST}%'
      AND CAST(substr(name, ${LOST.length + 1}) AS INTEGER) < @cursor AND value > @cursor LIMIT 1`,
  );
  return (cursor) => q.get({ cursor }) !== undefined;
}
