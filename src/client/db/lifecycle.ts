// Another tab can open a newer app version (schema upgrade) or delete this database.
// IndexedDB then asks us to close ('versionchange'); if we do not, that tab is 'blocked'.
// Dexie would close and silently reopen on the next query, against a schema this code
// does not know. We close for good and tell the UI, which asks the user to reload.
import type Dexie from 'dexie';

export type DbLifecycleKind = 'versionchange' | 'deleted' | 'blocked' | 'ready';
export type DbLifecycleDetail = { db: string; kind: DbLifecycleKind };

/** Fires CustomEvent<DbLifecycleDetail> named 'lifecycle'. */
export const dbLifecycle = new EventTarget();

const watched = new WeakSet<Dexie>();

/** Attach once per database instance (idempotent). */
export function watchDbLifecycle(db: Dexie): void {
  if (watched.has(db)) return;
  watched.add(db);
  const emit = (kind: DbLifecycleKind) =>
    dbLifecycle.dispatchEvent(
      new CustomEvent<DbLifecycleDetail>('lifecycle', { detail: { db: db.name, kind } }),
    );
  // Dexie runs later subscribers first; returning false skips its default handler, which
  // would close with auto-reopen enabled.
  db.on('versionchange', (ev: IDBVersionChangeEvent) => {
    db.close(); // disableAutoOpen: no silent reopen with an outdated schema
    emit(ev.newVersion ? 'versionchange' : 'deleted');
    return false;
  });
  // Our own open or upgrade waits for an older tab that keeps the database open.
  db.on('blocked', () => emit('blocked'));
  // Fires when the open finally succeeded: clears a 'blocked' message.
  db.on(
    'ready',
    () => {
      emit('ready');
    },
    true,
  );
}
