import { describe, expect, it } from 'vitest';
import { IDBKeyRange } from 'fake-indexeddb';
import { addObservation, createSite, createVisit } from '../../../src/client/db/mutators';
import { AppDb } from '../../../src/client/db/schema';
import { LogoutBlockedError, logout } from '../../../src/client/session/logout';
import { loadSession } from '../../../src/client/session/read-session';
import { saveSession } from '../../../src/client/session/store';
import { IDBFactory } from '../../support/fake-db';
import { memoryStorage, sessionFor } from './fixtures';

function deps() {
  const factory = new IDBFactory();
  const storage = memoryStorage();
  const calls: string[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push(`${init.method} ${url} ${(init.headers as Record<string, string>).authorization}`);
    return new Response(null, { status: 204 });
  }) as unknown as typeof globalThis.fetch;
  return {
    factory,
    storage,
    calls,
    indexedDB: factory,
    openDb: (n: string) => new AppDb(n, { indexedDB: factory, IDBKeyRange }),
    api: { fetch },
  };
}

async function dbNames(factory: IDBFactory) {
  return (await factory.databases()).map((d) => d.name);
}

describe('logout guard', () => {
  it('is refused while a change waits in the outbox; nothing is deleted and nothing revoked', async () => {
    const d = deps();
    const s = sessionFor('u1');
    await saveSession(s, d);
    const db = d.openDb('standortbesuch-u1');
    const site = await createSite(db, { municipality: 'Gießen', quarter: 'Nordstadt' });
    await addObservation(db, {
      visitId: (await createVisit(db, { siteId: site.id, date: '2026-05-04' }, [])).id,
      fieldId: 'housing',
    });
    db.close();
    const err = await logout('u1', s.token, d).catch((e) => e);
    expect(err).toBeInstanceOf(LogoutBlockedError);
    expect((err as LogoutBlockedError).waiting).toBe(3);
    expect(d.calls).toEqual([]);
    expect(await dbNames(d.factory)).toContain('standortbesuch-u1');
    expect(await loadSession(d)).toMatchObject({ token: s.token, user: { id: 'u1' } });
  });

  it("with nothing waiting: revokes the token, deletes that user's database and the pointer, keeps other users' data", async () => {
    const d = deps();
    await saveSession(sessionFor('u2'), d);
    const s = sessionFor('u1');
    await saveSession(s, d);
    expect(await dbNames(d.factory)).toEqual(
      expect.arrayContaining(['standortbesuch-u1', 'standortbesuch-u2']),
    );
    await logout('u1', s.token, d);
    expect(d.calls).toEqual([`POST /api/v1/auth/logout Bearer ${s.token}`]);
    expect(await dbNames(d.factory)).not.toContain('standortbesuch-u1');
    expect(await dbNames(d.factory)).toContain('standortbesuch-u2');
    expect(d.storage.getItem('sb-session-user')).toBeNull();
    expect(await loadSession(d)).toBeNull();
  });

  it('offline logout (revoke fails) still deletes the local data once nothing waits', async () => {
    const d = deps();
    const s = sessionFor('u1');
    await saveSession(s, d);
    const offline = {
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as unknown as typeof fetch,
    };
    await logout('u1', s.token, { ...d, api: offline });
    expect(await dbNames(d.factory)).not.toContain('standortbesuch-u1');
  });
});
