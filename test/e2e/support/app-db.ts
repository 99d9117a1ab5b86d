// Reads the app's IndexedDB database from outside: the raw IndexedDB API in the page, no app code.
import type { Page } from 'playwright-core';

/** What a page-side reader gets: the app's database and two plain readers on it. */
export type AppDb = {
  db: IDBDatabase;
  all: <T = unknown>(store: string) => Promise<T[]>;
  get: <T = unknown>(store: string, key: IDBValidKey) => Promise<T>;
};

/** Runs in the page: opens the app's own database (the first named standortbesuch-…). */
async function openAppDb(): Promise<AppDb> {
  const name = (await indexedDB.databases())
    .map((d) => d.name ?? '')
    .find((n) => n.startsWith('standortbesuch-'))!;
  const db = await new Promise<IDBDatabase>((ok, fail) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
  const request = <T>(store: string, read: (s: IDBObjectStore) => IDBRequest) =>
    new Promise<T>((ok, fail) => {
      const r = read(db.transaction(store).objectStore(store));
      r.onsuccess = () => ok(r.result as T);
      r.onerror = () => fail(r.error);
    });
  return {
    db,
    all: (store) => request(store, (s) => s.getAll()),
    get: (store, key) => request(store, (s) => s.get(key)),
  };
}

/**
 * Runs `read` in the page on the app's database, opened with the raw IndexedDB API, and closes
 * the database afterwards. `read` runs in the page: it sees only its arguments (`arg` goes
 * through JSON), like any function given to `page.evaluate`.
 */
export function readAppDb<R, A = undefined>(
  page: Page,
  read: (app: AppDb, arg: A) => Promise<R>,
  arg?: A,
): Promise<R> {
  return page.evaluate<R>(`(async () => {
    const app = await (${openAppDb.toString()})();
    try {
      return await (${read.toString()})(app, ${JSON.stringify(arg)});
    } finally {
      app.db.close();
    }
  })()`);
}
