// Fault injection for one Dexie table method. The write path binds every table to its
// transaction (bindToTransaction), so patching `db.outbox.add` on the database object would not
// reach the bound copy: the method is replaced on Dexie's Table prototype instead, for the named
// table of this database only. Returns the function that puts the original back.
import type { Table } from 'dexie';
import type { AppDb } from '../../src/client/db/schema';

type Method = 'add' | 'put' | 'update' | 'delete' | 'bulkAdd' | 'bulkPut';

export function breakTable(
  db: AppDb,
  name: string,
  method: Method,
  fail: (call: () => Promise<unknown>) => Promise<unknown>,
): () => void {
  const proto = Object.getPrototypeOf(db.table(name)) as Record<
    Method,
    (...args: unknown[]) => Promise<unknown>
  >;
  const original = proto[method];
  proto[method] = function (this: Table, ...args: unknown[]) {
    const call = () => original.apply(this, args);
    return this.name === name && this.db === db ? fail(call) : call();
  };
  return () => {
    proto[method] = original;
  };
}
