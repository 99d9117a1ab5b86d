// A fresh, isolated IndexedDB per call (fake-indexeddb): unit tests only.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { AppDb } from '../../src/client/db/schema';

let n = 0;
export function makeTestDb(factory: IDBFactory = new IDBFactory(), name = `test-${++n}`): AppDb {
  return new AppDb(name, { indexedDB: factory, IDBKeyRange });
}
export { IDBFactory };
