// Opens the server's SQLite database: WAL, synchronous=FULL (a commit survives power loss),
// busy_timeout, secure_delete, migrations, and a second, read-only connection for the change
// feed. All SQL of the server lives in this folder; the rest of the server reaches it through
// store/store.ts.
import Database from 'better-sqlite3';
import { memoryRateLimiter } from '../../auth/rate-limit';
import { makeActivityRepo } from './activity-repo';
import { makeBlobsRepo } from './blobs-repo';
import { makeFeedRepo } from './feed-repo';
import { makeHistoryRepo } from './history-repo';
import { makeMaintenance } from './maintenance';
import { migrate } from './migrations';
import { adoptRestoredBackup } from './restore-marker';
import { makeRetentionRepo } from './retention-repo';
import { makeSyncRepo } from './sync-repo';
import { makeTemplateRepo } from './template-repo';
import { makeUsersRepo } from './users-repo';
import { makeGroupCommit } from '../group-commit';
import { makePulledBuffer } from '../pulled-buffer';
import type { ServerDb, StoreTx } from '../types';
import { withoutSeqs } from '../without-seqs';
import { asyncFacade } from './async-facade';
import { makeSerialQueue } from '../serial-queue';
import { makeSeqCounter, type SeqCounter } from './seq-counter';
import { makeSavepoint, runTransaction } from './tx';

/** path: a file path or ':memory:'; now: the clock the seq continues from (restore-marker.ts). */
export function openServerDb(path: string, now: () => number = Date.now): ServerDb {
  const db = new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Deleted and overwritten content is zeroed, so purged visits (retention.ts) leave no bytes behind.
  db.pragma('secure_delete = ON');
  migrate(db);
  // A file put back to an older copy (admin backup or a plain file copy) never reuses a seq
  // (restore-marker.ts); an in-memory database has no file that could be put back.
  if (path !== ':memory:') adoptRestoredBackup(db, now());
  // The change feed reads on its own read-only connection (docs/architecture.md §Pull): in WAL
  // mode a reader sees the last committed snapshot and never waits for or blocks the writer.
  // An in-memory database has only one connection; reads there run between write transactions.
  const reader = path === ':memory:' ? db : new Database(path, { readonly: true });
  if (reader !== db) reader.pragma('busy_timeout = 5000');
  const stores = (conn: Database.Database, seqs: SeqCounter): StoreTx => {
    const sync = makeSyncRepo(conn, seqs);
    return {
      users: asyncFacade(makeUsersRepo(conn)),
      sync: asyncFacade(sync),
      feed: asyncFacade(makeFeedRepo(conn, seqs)),
      blobs: asyncFacade(makeBlobsRepo(conn)),
      retention: asyncFacade(makeRetentionRepo(conn, sync.nextSeq)),
      history: asyncFacade(makeHistoryRepo(conn)),
      activity: asyncFacade(makeActivityRepo(conn)),
      templates: asyncFacade(makeTemplateRepo(conn)),
      savepoint: makeSavepoint(conn, seqs),
    };
  };
  const writerSeqs = makeSeqCounter(db);
  const readerSeqs = reader === db ? writerSeqs : makeSeqCounter(reader);
  const writer = stores(db, writerSeqs);
  const snapshot = reader === db ? writer : stores(reader, readerSeqs);
  const writeQueue = makeSerialQueue();
  const readQueue = reader === db ? writeQueue : makeSerialQueue();
  const writeTx = <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> =>
    runTransaction(db, writeQueue, 'BEGIN IMMEDIATE', writer, writerSeqs, fn);
  const writerWithoutSeqs = withoutSeqs(writer);
  const group = makeGroupCommit(writeTx);
  const pulled = makePulledBuffer(group);
  const maintenance = makeMaintenance(db);
  let closed = false;
  return {
    kind: 'sqlite',
    location: path,
    maintenance: {
      backup: maintenance.backup,
      checkInvariants: () => writeQueue(() => Promise.resolve(maintenance.checkInvariants())),
    },
    writeTx,
    // One writer: outside the feed or not, SQLite's write transactions run one after another.
    writeTxOutsideFeed: (fn) =>
      runTransaction(db, writeQueue, 'BEGIN IMMEDIATE', writerWithoutSeqs, writerSeqs, fn),
    groupTx: group,
    readTx: <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> =>
      runTransaction(reader, readQueue, 'BEGIN DEFERRED', snapshot, readerSeqs, fn),
    purgeTx: async <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => {
      try {
        return await writeTx(fn);
      } finally {
        // The freed pages go back to the file (best effort; secure_delete zeroed them already).
        if (db.open && db.pragma('journal_mode', { simple: true }) === 'wal')
          db.pragma('wal_checkpoint(TRUNCATE)');
      }
    },
    notePulled: pulled.note,
    // One process serves a SQLite file: its rate limits live in its memory, and it runs every job.
    rateLimiter: memoryRateLimiter,
    lead: () => Promise.resolve(true),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        if (db.open) await pulled.flush(writeTx);
      } catch (e) {
        console.error(JSON.stringify({ event: 'pull_bookkeeping_failed', error: String(e) }));
      }
      // Let transactions queued before close() finish first.
      await writeQueue(() => Promise.resolve());
      if (reader !== db && reader.open) reader.close();
      if (db.open) db.close();
    },
  };
}
