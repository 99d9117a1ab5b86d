// Opening a user's database with IndexedDB itself, before Dexie has loaded (the stored session,
// the visits list's first screen): read only, never created, never upgraded.

/** Opens the database at whatever version it has; null when there is none (never creates it). */
export function openExisting(factory: IDBFactory, name: string): Promise<IDBDatabase | null> {
  return new Promise((ok, fail) => {
    const req = factory.open(name);
    let missing = false;
    req.onupgradeneeded = () => {
      // Version 0: no such database. Aborting the upgrade leaves nothing behind.
      missing = true;
      req.transaction?.abort();
    };
    req.onsuccess = () => {
      const db = req.result;
      // A newer tab that upgrades the schema must not wait for this short-lived connection.
      db.onversionchange = () => db.close();
      ok(db);
    };
    req.onerror = (e) => {
      if (!missing) return fail(req.error);
      e.preventDefault();
      ok(null);
    };
  });
}
