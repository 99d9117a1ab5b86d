// Opens the server's SQLite database: WAL, synchronous=FULL (a commit survives power loss),
// busy_timeout, secure_delete, migrations, and a second, read-only connection for the change
// feed. All SQL of the server lives in this folder; the rest of the server reaches it through
// store/store.ts.
import Database from 'better-sqlite3';
import { makeActivityRepo } from './activity-repo';
import { makeBlobsRepo } from './blobs-repo';
import { makeFeedRepo } from './feed-repo';
import { makeGroupCommit } from './group-commit';
import { makeHistoryRepo } from './history-repo';
import { makeMaintenance } from './maintenance';
import { migrate } from './migrations';
import { makePulledBuffer } from './pulled-buffer';
import { adoptRestoredBackup } from './restore-marker';
import { makeRetentionRepo } from './retention-repo';
import { makeSyncRepo } from './sync-repo';
import { makeTemplateRepo } from './template-repo';
import { makeUsersRepo } from './users-repo';
import type { ServerDb } from '../types';

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
  const users = makeUsersRepo(db);
  const sync = makeSyncRepo(db);
  const blobs = makeBlobsRepo(db);
  const group = makeGroupCommit(db);
  // One wrapper each, made once: better-sqlite3 builds four wrapper functions per
  // db.transaction() call, which the push path would otherwise pay for every mutation.
  const write = db.transaction((fn: () => unknown) => fn());
  const read = reader.transaction((fn: () => unknown) => fn());
  const pulled = makePulledBuffer(sync, group);
  const writeTx = <T>(fn: () => T): T => write.immediate(fn) as T;
  return {
    path,
    users,
    sync,
    feed: makeFeedRepo(reader),
    blobs,
    maintenance: makeMaintenance(db),
    retention: makeRetentionRepo(db, sync.nextSeq),
    history: makeHistoryRepo(db),
    activity: makeActivityRepo(reader),
    templates: makeTemplateRepo(db),
    writeTx,
    groupTx: group,
    readTx: <T>(fn: () => T): T => read.deferred(fn) as T,
    notePulled: pulled.note,
    close: () => {
      try {
        if (db.open) pulled.flush(writeTx);
      } catch (e) {
        console.error(JSON.stringify({ event: 'pull_bookkeeping_failed', error: String(e) }));
      }
      if (reader !== db && reader.open) reader.close();
      if (db.open) db.close();
    },
  };
}
