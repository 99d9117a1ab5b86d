import { afterEach, describe, expect, it } from 'vitest';
import { createSite, createVisit } from '../../../src/client/db/mutators';
import { META } from '../../../src/client/db/meta-keys';
import {
  type DbLifecycleDetail,
  dbLifecycle,
  watchDbLifecycle,
} from '../../../src/client/db/lifecycle';
import type { AppDb } from '../../../src/client/db/schema';
import { askPersistIfDue, makePersistOnFirstVisit } from '../../../src/client/device/persist';
import { IDBFactory, makeTestDb } from '../../support/fake-db';

const dbs: AppDb[] = [];
afterEach(() => {
  dbs.splice(0).forEach((d) => d.close());
});

function fakeStorage(grant: boolean) {
  const s = {
    asked: 0,
    persisted: async () => false,
    persist: async () => {
      s.asked++;
      return grant;
    },
  };
  return s;
}

describe('persistent storage is requested once, after the first saved visit', () => {
  it('does not ask before a visit exists, asks after, records the answer and never asks again', async () => {
    const db = makeTestDb();
    dbs.push(db);
    const storage = fakeStorage(true);
    const stop = makePersistOnFirstVisit(db, storage);
    const site = await createSite(db, { municipality: 'Gießen', quarter: 'Nord' });
    await new Promise((r) => setTimeout(r, 20)); // not a wait for something: the window in which a wrong ask would show
    expect(storage.asked).toBe(0);
    await createVisit(db, { siteId: site.id, date: '2026-06-01' });
    await expect.poll(() => storage.asked).toBe(1);
    await expect
      .poll(async () => (await db.meta.get(META.persistAsked))?.value)
      .toMatchObject({ granted: true });
    await createVisit(db, { siteId: site.id, date: '2026-06-02' });
    await new Promise((r) => setTimeout(r, 20)); // the window in which a second ask would show
    expect(storage.asked).toBe(1);
    stop();
    expect(await askPersistIfDue(db, storage)).toMatchObject({ granted: true });
    expect(storage.asked).toBe(1);
  });
});

describe('another tab upgrades or deletes the database', () => {
  it('closes this connection for good and tells the UI', async () => {
    const factory = new IDBFactory();
    const db = makeTestDb(factory, 'shared');
    dbs.push(db);
    watchDbLifecycle(db);
    await db.open();
    const seen: DbLifecycleDetail[] = [];
    dbLifecycle.addEventListener('lifecycle', (e) =>
      seen.push((e as CustomEvent<DbLifecycleDetail>).detail),
    );
    // A newer app version in another tab opens the same database with a higher version.
    await new Promise<void>((ok, fail) => {
      const req = factory.open('shared', 999);
      req.onsuccess = () => {
        req.result.close();
        ok();
      };
      req.onerror = () => fail(req.error);
    });
    expect(seen).toContainEqual({ db: 'shared', kind: 'versionchange' });
    expect(db.isOpen()).toBe(false);
    await expect(db.sites.count()).rejects.toThrow(); // no silent reopen against a newer schema
  });
});

describe('this tab must upgrade while an older tab keeps the database open', () => {
  it('reports blocked, then ready once the old tab let go', async () => {
    const factory = new IDBFactory();
    const old = await new Promise<IDBDatabase>((ok, fail) => {
      const req = factory.open('upgrade-me', 1); // an older app version's connection, ignoring versionchange
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const seen: string[] = [];
    const listen = (e: Event) => {
      const d = (e as CustomEvent<DbLifecycleDetail>).detail;
      if (d.db === 'upgrade-me') seen.push(d.kind);
    };
    dbLifecycle.addEventListener('lifecycle', listen);
    const db = makeTestDb(factory, 'upgrade-me');
    dbs.push(db);
    watchDbLifecycle(db);
    const opened = db.open();
    await expect.poll(() => seen).toContain('blocked');
    old.close();
    await opened;
    await expect.poll(() => seen.at(-1)).toBe('ready');
    dbLifecycle.removeEventListener('lifecycle', listen);
  });
});
