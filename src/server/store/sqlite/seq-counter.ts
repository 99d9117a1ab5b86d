// The global seq counter of one SQLite connection (docs/architecture.md invariant I5), held in
// memory while a write transaction takes seqs: a push of 20 creates took 20 UPDATEs of the
// counters row, now one. The row is written before every SAVEPOINT and before COMMIT (tx.ts), so
// a rollback to a savepoint, or of the transaction, takes the row back to a value it really held
// and `forget` drops the seqs taken since: exactly what the UPDATE per seq did. Outside a write
// transaction nothing is held and every read goes to the row.
import type Database from 'better-sqlite3';

export type SeqCounter = {
  /** The next seq (the counter + 1), taken inside the connection's write transaction. */
  next(): number;
  /** The newest seq taken: held in memory, else the row's value. */
  current(): number;
  /** Writes what was taken to the counters row; before SAVEPOINT and COMMIT. */
  settle(): void;
  /** Drops what was taken and not written; after ROLLBACK or ROLLBACK TO. */
  forget(): void;
};

export function makeSeqCounter(db: Database.Database): SeqCounter {
  const read = db.prepare("SELECT value FROM counters WHERE name = 'global_seq'");
  const write = db.prepare("UPDATE counters SET value = ? WHERE name = 'global_seq'");
  const stored = () => (read.get() as { value: number }).value;
  /** The last seq taken and not yet written to the row; null: the row is current. */
  let taken: number | null = null;
  return {
    next: () => (taken = (taken ?? stored()) + 1),
    current: () => taken ?? stored(),
    settle() {
      if (taken === null) return;
      write.run(taken);
      taken = null;
    },
    forget() {
      taken = null;
    },
  };
}
