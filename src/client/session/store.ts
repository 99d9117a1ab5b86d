// Where a session lives on the device: in the meta table of that user's own database
// (durable, deleted with it) plus a tiny localStorage pointer to the last user id, so the
// app can open the right database offline without asking the network (pointer.ts). The gate
// reads it back without Dexie (read-session.ts).
import { META } from '../db/meta-keys';
import { AppDb, dbName } from '../db/schema';
import type { Session } from '../../shared/auth';
import { POINTER_KEY, type StorageDeps, storageOf } from './pointer';

export type Deps = StorageDeps & {
  openDb?: (name: string) => AppDb;
};

export const openUserDb = (userId: string, d: Deps = {}): AppDb =>
  (d.openDb ?? ((n) => new AppDb(n)))(dbName(userId));

/** Persist a fresh session into its user's database and point at it. */
export async function saveSession(session: Session, d: Deps = {}): Promise<void> {
  const db = openUserDb(session.user.id, d);
  try {
    await db.transaction('rw', db.meta, async () => {
      await db.meta.put({
        key: META.session,
        value: { token: session.token, expiresAt: session.expiresAt },
      });
      await db.meta.put({ key: META.user, value: session.user });
    });
  } finally {
    db.close();
  }
  try {
    storageOf(d)?.setItem(POINTER_KEY, session.user.id);
  } catch {
    /* private mode: sign in again next time */
  }
}
