// Logout is the one place where local data is deleted, so it is guarded: refused while any
// change or photo's bytes still wait for the server (docs/architecture.md §Device safety);
// otherwise the token is revoked (best effort), the user's database, the pointer and cached API
// data are removed.
import type { AppDb } from '../db/schema';
import { waitingForServer } from '../db/sync-queries';
import { type ApiOptions, revoke } from './api';
import { clearPointer } from './pointer';
import { type Deps, openUserDb } from './store';

/** Changes or photo bytes still wait for the server: logging out now would lose them. */
export class LogoutBlockedError extends Error {
  override name = 'LogoutBlockedError';
  constructor(
    readonly waiting: number,
    /** Photos whose bytes the server has not verified yet. */
    readonly photos = 0,
  ) {
    super(`${waiting} changes not yet synced, ${photos} photos not yet uploaded`);
  }
}

/**
 * Throws LogoutBlockedError while anything waits for the server (waitingForServer: outbox entries
 * and photo bytes not yet verified). Call before tearing down the UI. Switching accounts is a
 * logout followed by a sign-in, so it is refused by the same guard.
 */
export async function assertCanLogout(db: AppDb): Promise<void> {
  const w = await waitingForServer(db);
  if (w.changes > 0 || w.photos > 0) throw new LogoutBlockedError(w.changes, w.photos);
}

/** Cache Storage entries other than the app shell's precache (API data, photos). */
async function clearApiCaches(): Promise<void> {
  if (typeof caches === 'undefined') return;
  for (const name of await caches.keys()) {
    if (!name.startsWith('workbox-precache')) await caches.delete(name);
  }
}

export async function logout(
  userId: string,
  token: string | null,
  d: Deps & { api?: ApiOptions } = {},
): Promise<void> {
  const db = openUserDb(userId, d);
  try {
    await assertCanLogout(db);
  } finally {
    db.close();
  }
  if (token)
    await revoke({ ...d.api, token }).catch(() => {
      /* offline or already revoked: the server expires it */
    });
  clearPointer(d);
  await openUserDb(userId, d).delete();
  await clearApiCaches().catch(() => {});
}
