// The gate's session read without Dexie (src/client/session/read-session.ts): it must find what
// the Dexie store wrote, create nothing when there is nothing, and leave the database free for
// the app's own connection (a later schema upgrade must not be blocked by it).
import { describe, expect, it } from 'vitest';
import { IDBKeyRange } from 'fake-indexeddb';
import { AppDb } from '../../../src/client/db/schema';
import { loadSession } from '../../../src/client/session/read-session';
import { saveSession } from '../../../src/client/session/store';
import { IDBFactory, upgradeNotBlocked } from '../../support/fake-db';
import { memoryStorage, sessionFor } from './fixtures';

function deps() {
  const factory = new IDBFactory();
  return {
    storage: memoryStorage(),
    indexedDB: factory,
    openDb: (n: string) => new AppDb(n, { indexedDB: factory, IDBKeyRange }),
  };
}

describe('reading the stored session without Dexie', () => {
  it('finds the session the store saved, and the app opens the same database afterwards', async () => {
    const d = deps();
    await saveSession(sessionFor('carla'), d);
    expect(await loadSession(d)).toEqual(sessionFor('carla'));
    const db = d.openDb('standortbesuch-carla');
    expect((await db.meta.get('user'))?.value).toMatchObject({ id: 'carla' });
    db.close();
  });

  it('creates no database for a pointer whose database is gone', async () => {
    const d = deps();
    d.storage.setItem('sb-session-user', 'ghost');
    expect(await loadSession(d)).toBeNull();
    expect((await d.indexedDB.databases()).map((x) => x.name)).not.toContain(
      'standortbesuch-ghost',
    );
  });

  it('is null for a database without a meta table, or with a user of another id', async () => {
    const d = deps();
    await new Promise<void>((ok) => {
      const req = d.indexedDB.open('standortbesuch-bare', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('other');
      req.onsuccess = () => {
        req.result.close();
        ok();
      };
    });
    d.storage.setItem('sb-session-user', 'bare');
    expect(await loadSession(d)).toBeNull();

    await saveSession(sessionFor('dora'), d);
    const db = d.openDb('standortbesuch-dora');
    await db.meta.put({ key: 'user', value: { ...sessionFor('dora').user, id: 'eve' } });
    db.close();
    expect(await loadSession(d)).toBeNull();
  });

  it('closes its connection: an upgrade right after it is not blocked', async () => {
    const d = deps();
    await saveSession(sessionFor('finn'), d);
    await loadSession(d);
    expect(await upgradeNotBlocked(d.indexedDB, 'standortbesuch-finn')).toBe(1000);
  });
});
