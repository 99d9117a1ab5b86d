// A fresh, isolated IndexedDB per call (fake-indexeddb): unit tests only.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { AppDb } from '../../src/client/db/schema';

let n = 0;
export function makeTestDb(factory: IDBFactory = new IDBFactory(), name = `test-${++n}`): AppDb {
  return new AppDb(name, { indexedDB: factory, IDBKeyRange });
}
export { IDBFactory };

/**
 * Opens `name` at a higher version and resolves with the version reached; rejects when an open
 * connection blocks the upgrade (a read that forgot to close its connection).
 */
export function upgradeNotBlocked(factory: IDBFactory, name: string): Promise<number> {
  return new Promise<number>((ok, fail) => {
    const req = factory.open(name, 1000);
    req.onblocked = () => fail(new Error('blocked by an open connection'));
    req.onsuccess = () => {
      req.result.close();
      ok(req.result.version);
    };
    req.onerror = () => fail(req.error);
  });
}
