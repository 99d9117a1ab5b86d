// The part of the session store (store.ts) that needs no database: the localStorage pointer to
// the last signed-in user and the expiry check. The sign-in gate reads it on start, so that a
// signed-out device shows the form without loading the database code (Dexie).
import type { Session } from '../../shared/auth';

/** localStorage key of the last signed-in user id. Stored: do not rename. */
export const POINTER_KEY = 'sb-session-user';

export type StorageDeps = {
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
};

export function storageOf(d: StorageDeps): StorageDeps['storage'] {
  if (d.storage !== undefined) return d.storage;
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function lastUserId(d: StorageDeps = {}): string | null {
  try {
    return storageOf(d)?.getItem(POINTER_KEY) ?? null;
  } catch {
    return null;
  }
}

export function clearPointer(d: StorageDeps = {}): void {
  try {
    storageOf(d)?.removeItem(POINTER_KEY);
  } catch {
    /* private mode */
  }
}

export function isExpired(s: Session, now = Date.now()): boolean {
  return Date.parse(s.expiresAt) <= now;
}
