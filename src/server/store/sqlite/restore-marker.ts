// A server restored from its own backup never hands out a seq twice (docs/adr/0006-device-recovery.md).
// `admin backup` marks its copy with the seq it was taken at ('backup_of_seq'). A server that
// opens a marked file is running on a restored backup: the seqs after that point were handed out
// before (to rows the restore lost, and as cursors and base versions to devices). It moves the
// global seq far past them and records the skipped range ('lost_seqs:<from>' = to), then drops
// the marker. The change feed answers a cursor inside a skipped range with a reset (§Pull step 4),
// and base versions from before the restore can never claim to have seen a newer write (§Merge).
import Database from 'better-sqlite3';

/** How far the seq moves on at least: more seqs than any server hands out between two backups. */
export const RESTORE_SEQ_JUMP = 1_000_000_000_000;
/**
 * The seq a restore continues from is also at least the clock in microseconds, so restoring the
 * same backup twice never lands on the seqs the first restore handed out (fewer than 1 000 seqs
 * per millisecond in between; stays below 2^53 until the year 2255).
 */
const clockFloor = (now: number) => now * 1000;
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

/** At open: a marked file is a restored backup; skip the seqs it lost. Returns the skipped range. */
export function adoptRestoredBackup(
  db: Database.Database,
  now: number = Date.now(),
): { from: number; to: number } | null {
  return db
    .transaction(() => {
      const mark = db.prepare('SELECT value FROM counters WHERE name = ?').get(MARK) as
        { value: number } | undefined;
      if (!mark) return null;
      const { value: from } = db
        .prepare("SELECT value FROM counters WHERE name = 'global_seq'")
        .get() as { value: number };
      const to = Math.max(from + RESTORE_SEQ_JUMP, clockFloor(now));
      db.prepare("UPDATE counters SET value = ? WHERE name = 'global_seq'").run(to);
      db.prepare('INSERT OR REPLACE INTO counters (name, value) VALUES (?, ?)').run(
        `${LOST}${from}`,
        to,
      );
      db.prepare('DELETE FROM counters WHERE name = ?').run(MARK);
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
