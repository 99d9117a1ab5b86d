// The session stored for the last user (store.ts writes it into the meta table of that user's
// database), read with IndexedDB itself instead of Dexie: the sign-in gate knows who is signed
// in while the database code is still loading, instead of after it (the visits list's start
// waited for both in turn). Reads only: a database that does not exist is not created.
import type { Session } from '../../shared/auth';
import { dbName } from '../db/db-name';
import { META } from '../db/meta-keys';
import { openExisting } from '../db/open-existing';
import { type StorageDeps, lastUserId } from './pointer';

export type ReadDeps = StorageDeps & { indexedDB?: IDBFactory };

/** The session stored for the last user, read without any network; null when signed out. */
export async function loadSession(d: ReadDeps = {}): Promise<Session | null> {
  const id = lastUserId(d);
  if (!id) return null;
  const factory = d.indexedDB ?? globalThis.indexedDB;
  const db = await openExisting(factory, dbName(id));
  if (!db) return null;
  try {
    if (!db.objectStoreNames.contains('meta')) return null;
    const [s, u] = await readMeta(db, [META.session, META.user]);
    return asSession(s, u, id);
  } finally {
    db.close();
  }
}

/** The `value` of each meta row (one read-only transaction), undefined where there is none. */
function readMeta(db: IDBDatabase, keys: string[]): Promise<unknown[]> {
  return new Promise((ok, fail) => {
    const tx = db.transaction('meta', 'readonly');
    const store = tx.objectStore('meta');
    const reqs = keys.map((k) => store.get(k));
    tx.oncomplete = () => ok(reqs.map((r) => (r.result as { value?: unknown } | undefined)?.value));
    tx.onerror = () => fail(tx.error);
    tx.onabort = () => fail(tx.error);
  });
}

/** The stored parts, checked by hand: the gate must not load the zod schemas on start. */
function asSession(stored: unknown, user: unknown, id: string): Session | null {
  const st = stored as { token?: unknown; expiresAt?: unknown } | undefined;
  const u = user as Session['user'] | undefined;
  if (
    typeof st?.token !== 'string' ||
    typeof st.expiresAt !== 'string' ||
    !u ||
    u.id !== id ||
    typeof u.email !== 'string'
  )
    return null;
  return { token: st.token, expiresAt: st.expiresAt, user: u };
}
