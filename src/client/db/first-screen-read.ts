// The visits list's first screen read with IndexedDB itself, before Dexie has loaded: the
// visits, their sites, participants (the search reads them) and checklists (a card's progress)
// of the signed-in user's database. The list paints its cards from this, then Dexie loads and
// its live queries take over (app.tsx); Dexie is a third of the JavaScript before the first
// card otherwise. Read only: a database that does not exist is not created, and the connection
// is closed at once. Each row passes the same check as the Dexie path (lazy-row-check.ts), so
// this read never shows a record the live list would hide; the order is the live queries' too.
import type { ChecklistItem, Participant, Site, Visit } from '../../shared/domain/schemas';
import { dbName } from './db-name';
import { checkedRows } from './lazy-row-check';
import { openExisting } from './open-existing';
import { byChecklistOrder, bySiteName, byVisit, newestFirst, participantsGrouped } from './queries';
import type { Local } from './schema';

export type FirstScreen = {
  userId: string;
  visits: Local<Visit>[];
  sites: Local<Site>[];
  participants: Map<string, Participant[]>;
  /** Each visit's checklist items (checked rows, in list order). */
  checklists: Map<string, Local<ChecklistItem>[]>;
};

const STORES = ['visits', 'sites', 'participants', 'checklistItems'] as const;

/** The first screen of `userId`'s visits list; null when there is no such database (or store). */
export async function readFirstScreen(
  userId: string,
  factory: IDBFactory = globalThis.indexedDB,
): Promise<FirstScreen | null> {
  const db = await openExisting(factory, dbName(userId));
  if (!db) return null;
  try {
    if (!STORES.every((s) => db.objectStoreNames.contains(s))) return null;
    const [visits, sites, participants, items] = await getAll(db);
    const checklists = byVisit(
      byChecklistOrder(checkedRows('checklistItem', items as Local<ChecklistItem>[])),
    );
    return {
      userId,
      visits: newestFirst(checkedRows('visit', visits as Local<Visit>[])),
      sites: bySiteName(checkedRows('site', sites as Local<Site>[])),
      participants: participantsGrouped(
        checkedRows('participant', participants as Local<Participant>[]),
      ),
      checklists,
    };
  } finally {
    db.close();
  }
}

/** Every row of the four stores, in one read-only transaction. */
function getAll(db: IDBDatabase): Promise<unknown[][]> {
  return new Promise((ok, fail) => {
    const tx = db.transaction([...STORES], 'readonly');
    const reqs = STORES.map((s) => tx.objectStore(s).getAll());
    tx.oncomplete = () => ok(reqs.map((r) => r.result as unknown[]));
    tx.onerror = () => fail(tx.error);
    tx.onabort = () => fail(tx.error);
  });
}

export type EarlyRead = {
  userId: string;
  read: Promise<FirstScreen | null>;
  /** The answer once it arrived (undefined before): a list mounted later renders it at once. */
  value?: FirstScreen | null;
};

let early: EarlyRead | null = null;

/** Starts the read now (main.tsx, while the app's chunks load); the list takes it when it mounts. */
export function readFirstScreenEarly(userId: string): void {
  if (early?.userId === userId) return;
  const e: EarlyRead = { userId, read: readFirstScreen(userId).catch(() => null) };
  void e.read.then((v) => (e.value = v));
  early = e;
}

/** The early read for `userId`, or null when none was started for that user (or it was dropped). */
export function earlyFirstScreen(userId: string | undefined): EarlyRead | null {
  return early && early.userId === userId ? early : null;
}

/** Forgets the early read: once the live queries took over, no list may show it again. */
export function dropFirstScreen(): void {
  early = null;
}
