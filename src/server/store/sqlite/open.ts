// Opens the server's SQLite database: WAL, synchronous=FULL (a commit survives power loss),
// busy_timeout, secure_delete, migrations. All SQL of the server lives in this folder; routes call the repos.
import Database from 'better-sqlite3';
import { makeBlobsRepo } from './blobs-repo';
import { makeGroupCommit } from './group-commit';
import { makeMaintenance } from './maintenance';
import { migrate } from './migrations';
import { makeRetentionRepo } from './retention-repo';
import { makeSyncRepo } from './sync-repo';
import { makeUsersRepo } from './users-repo';

export type ServerDb = {
  readonly path: string;
  readonly users: ReturnType<typeof makeUsersRepo>;
  readonly sync: ReturnType<typeof makeSyncRepo>;
  readonly blobs: ReturnType<typeof makeBlobsRepo>;
  readonly maintenance: ReturnType<typeof makeMaintenance>;
  readonly retention: ReturnType<typeof makeRetentionRepo>;
  /** Runs fn in one BEGIN IMMEDIATE transaction (rolled back when fn throws). */
  writeTx<T>(fn: () => T): T;
  /**
   * Group commit: fn runs atomically (its own SAVEPOINT, rolled back alone when it throws) inside
   * a BEGIN IMMEDIATE transaction shared with the other fns queued in the same event-loop turn;
   * the promise settles only after that transaction's COMMIT is durable. One fsync then covers
   * many concurrent requests (synchronous=FULL costs one fsync per commit).
   */
  groupTx<T>(fn: () => T): Promise<T>;
  close(): void;
};

/** path: a file path or ':memory:'. */
export function openServerDb(path: string): ServerDb {
  const db = new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Deleted and overwritten content is zeroed, so purged visits (retention.ts) leave no bytes behind.
  db.pragma('secure_delete = ON');
  migrate(db);
  const users = makeUsersRepo(db);
  const sync = makeSyncRepo(db);
  const blobs = makeBlobsRepo(db);
  const group = makeGroupCommit(db);
  return {
    path, users, sync, blobs, maintenance: makeMaintenance(db), retention: makeRetentionRepo(db),
    writeTx: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    groupTx: group,
    close: () => { if (db.open) db.close(); },
  };
}
