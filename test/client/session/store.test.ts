import { describe, expect, it } from 'vitest';
import { IDBKeyRange } from 'fake-indexeddb';
import { AppDb } from '../../../src/client/db/schema';
import { isExpired, lastUserId } from '../../../src/client/session/pointer';
import { loadSession } from '../../../src/client/session/read-session';
import { saveSession } from '../../../src/client/session/store';
import { IDBFactory } from '../../support/fake-db';
import { memoryStorage, sessionFor } from './fixtures';

describe('session store', () => {
  it("a saved session is found again without network, from the last user's own database", async () => {
    const factory = new IDBFactory();
    const storage = memoryStorage();
    const d = {
      storage,
      indexedDB: factory,
      openDb: (n: string) => new AppDb(n, { indexedDB: factory, IDBKeyRange }),
    };
    await saveSession(sessionFor('alice'), d);
    await saveSession(sessionFor('bob'), d);
    expect(lastUserId(d)).toBe('bob');
    expect((await loadSession(d))?.user.id).toBe('bob');
    const names = (await factory.databases()).map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(['standortbesuch-alice', 'standortbesuch-bob']));
    storage.setItem('sb-session-user', 'alice');
    expect(await loadSession(d)).toMatchObject({
      token: sessionFor('alice').token,
      user: { email: 'alice@example.org' },
    });
  });

  it('no pointer or no stored session means signed out', async () => {
    const factory = new IDBFactory();
    const storage = memoryStorage();
    const d = {
      storage,
      indexedDB: factory,
      openDb: (n: string) => new AppDb(n, { indexedDB: factory, IDBKeyRange }),
    };
    expect(await loadSession(d)).toBeNull();
    storage.setItem('sb-session-user', 'ghost');
    expect(await loadSession(d)).toBeNull();
  });

  it('expiry is read from expiresAt', () => {
    expect(isExpired(sessionFor('a', '2020-01-01T00:00:00.000Z'))).toBe(true);
    expect(isExpired(sessionFor('a'))).toBe(false);
  });
});
