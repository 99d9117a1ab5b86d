// Asks the browser once to keep this origin's data (navigator.storage.persist()), at the
// moment it matters: after the first visit was saved. Firefox shows a prompt, Chrome and
// Safari decide silently; either way the answer is recorded in meta so we never nag.
import { META } from '../db/meta-keys';
import type { AppDb } from '../db/schema';
import { localWrites } from '../db/local-writes';

export type PersistRecord = { granted: boolean; at: string };

type StorageLike = Partial<Pick<StorageManager, 'persist' | 'persisted'>>;

export async function persistRecord(db: AppDb): Promise<PersistRecord | null> {
  const row = await db.meta.get(META.persistAsked);
  return (row?.value as PersistRecord | undefined) ?? null;
}

/** Asks now if a visit exists and we never asked; returns the recorded answer (or null). */
export async function askPersistIfDue(
  db: AppDb,
  storage: StorageLike | undefined = globalThis.navigator?.storage,
): Promise<PersistRecord | null> {
  const done = await persistRecord(db);
  if (done) return done;
  if (!storage?.persist) return null;
  if ((await db.visits.count()) === 0) return null;
  let granted = false;
  try {
    granted = (await storage.persisted?.()) || (await storage.persist());
  } catch {
    /* counts as not granted; Settings offers to ask again */
  }
  const rec: PersistRecord = { granted, at: new Date().toISOString() };
  await db.meta.put({ key: META.persistAsked, value: rec });
  return rec;
}

/** Asks again on the user's request (Settings button), recording the new answer. */
export async function askPersistNow(
  db: AppDb,
  storage: StorageLike | undefined = globalThis.navigator?.storage,
): Promise<boolean> {
  let granted = false;
  try {
    granted = (await storage?.persist?.()) ?? false;
  } catch {
    /* not granted */
  }
  await db.meta.put({
    key: META.persistAsked,
    value: { granted, at: new Date().toISOString() } satisfies PersistRecord,
  });
  return granted;
}

/** Watches local writes and asks once after the first saved visit. Returns a cleanup. */
export function makePersistOnFirstVisit(db: AppDb, storage?: StorageLike): () => void {
  let busy = false;
  let done = false;
  const check = () => {
    if (busy || done) return;
    busy = true;
    askPersistIfDue(db, storage)
      .then((r) => {
        done = r !== null;
      })
      .catch(() => {
        /* the db may be closing; the next write retries */
      })
      .finally(() => {
        busy = false;
      });
  };
  const onWrite = (e: Event) => {
    if ((e as CustomEvent<{ db: string }>).detail?.db === db.name) check();
  };
  localWrites.addEventListener('write', onWrite);
  check();
  return () => localWrites.removeEventListener('write', onWrite);
}
