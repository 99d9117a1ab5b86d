// Logout is the one place where local data is deleted, so it is guarded: refused while
// any change still waits in the outbox (docs/architecture.md §Device safety); otherwise the token is
// revoked (best effort), the user's database, the pointer and cached API data are removed.
import type { AppDb } from '../db/schema';
import { outboxCount } from '../db/sync-queries';
import { type ApiOptions, revoke } from './api';
import { type Deps, clearPointer, openUserDb } from './store';

/** Changes still wait for the server: logging out now would lose them. */
export class LogoutBlockedError extends Error {
  override name = 'LogoutBlockedError';
  constructor(readonly waiting: number) {
    super(`${waiting} changes not yet synced`);
  }
}

/** Throws LogoutBlockedError when anything waits. Call before tearing down the UI. */
export async function assertCanLogout(db: AppDb): Promise<void> {
  const n = await outboxCount(db);
  if (n > 0) throw new LogoutBlockedError(n);
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
