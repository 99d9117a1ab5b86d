// The frame of the store contract: every case runs once per store of storesUnderTest() (SQLite
// always, PostgreSQL when the run has a cluster), through ServerDb only, and expects SQLite's
// answers. A block shares one fresh store between its cases (each works on ids of its own)
// unless it asks for a fresh store per case.
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import type { ServerDb, StoreTx } from '../../../src/server/store/types';
import { type OpenedStore, storesUnderTest } from '../../support/store-under-test';

export type StoreHandle = {
  /** The store of the running case. */
  readonly store: OpenedStore;
  readonly db: ServerDb;
  /** One write transaction. */
  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** One read snapshot. */
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
};

/**
 * `describe` per store: `body` declares the cases against the handle. fresh: 'case' opens a new
 * store for every case (the cases count or list everything stored), else one per block.
 */
export function eachStore(
  title: string,
  body: (s: StoreHandle) => void,
  opts: { fresh?: 'case' | 'block' } = {},
): void {
  describe.each(storesUnderTest().map((s) => [s.kind, s] as const))(
    `${title} (%s)`,
    (_kind, underTest) => {
      describe.skipIf(underTest.missing !== null)(underTest.missing ?? 'store', () => {
        let opened: OpenedStore | null = null;
        const open = async () => {
          opened = await underTest.open();
        };
        const close = async () => {
          await opened?.close();
          opened = null;
        };
        if (opts.fresh === 'case') {
          beforeEach(open);
          afterEach(close);
        } else {
          beforeAll(open);
          afterAll(close);
        }
        const current = () => {
          if (!opened) throw new Error('no store open');
          return opened;
        };
        body({
          get store() {
            return current();
          },
          get db() {
            return current().db;
          },
          write: (fn) => current().db.writeTx(fn),
          read: (fn) => current().db.readTx(fn),
        });
      });
    },
  );
}
