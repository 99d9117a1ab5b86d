import { describe, expect, it, vi } from 'vitest';
import { IDBKeyRange } from 'fake-indexeddb';
import { AppDb } from '../../../src/client/db/schema';
import { refreshSessionUser } from '../../../src/client/session/refresh-user';
import { loadSession } from '../../../src/client/session/read-session';
import { saveSession } from '../../../src/client/session/store';
import type { User } from '../../../src/shared/auth';
import { IDBFactory } from '../../support/fake-db';
import { memoryStorage, sessionFor } from './fixtures';

const deps = () => {
  const factory = new IDBFactory();
  return {
    storage: memoryStorage(),
    indexedDB: factory,
    openDb: (n: string) => new AppDb(n, { indexedDB: factory, IDBKeyRange }),
  };
};
const answering =
  (body: unknown, status = 200): typeof fetch =>
  () =>
    Promise.resolve(new Response(JSON.stringify(body), { status }));

describe('the signed-in user follows the server', () => {
  it('a coordinator moving this QM account to another site changes the stored user the policy reads', async () => {
    const d = deps();
    const before = {
      ...sessionFor('qm'),
      user: { ...sessionFor('qm').user, role: 'quartiersmanagement', siteId: 'site-a' },
    } as const;
    await saveSession(before, d);
    const moved: User = { ...before.user, siteId: 'site-b' };
    const next = await refreshSessionUser(before, { ...d, fetchImpl: answering({ user: moved }) });
    expect(next?.user.siteId).toBe('site-b');
    expect(next?.token).toBe(before.token);
    expect((await loadSession(d))?.user).toEqual(moved);
  });

  it('keeps what it has when nothing changed, offline, signed out elsewhere or answered for another account', async () => {
    const d = deps();
    const s = sessionFor('mia');
    await saveSession(s, d);
    const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(
      await refreshSessionUser(s, { ...d, fetchImpl: answering({ user: s.user }) }),
    ).toBeNull();
    expect(await refreshSessionUser(s, { ...d, fetchImpl: offline })).toBeNull();
    expect(
      await refreshSessionUser(s, { ...d, fetchImpl: answering({ error: 'unauthorized' }, 401) }),
    ).toBeNull();
    const other = { ...s.user, id: 'someone-else', role: 'coordinator' as const };
    expect(await refreshSessionUser(s, { ...d, fetchImpl: answering({ user: other }) })).toBeNull();
    expect(
      await refreshSessionUser(s, { ...d, fetchImpl: answering({ user: { id: 1 } }) }),
    ).toBeNull();
    expect((await loadSession(d))?.user).toEqual(s.user);
  });

  it('asks nothing while the browser is certainly offline', async () => {
    const d = deps();
    const s = sessionFor('mia');
    await saveSession(s, d);
    const asked = vi.fn(answering({ user: { ...s.user, role: 'coordinator' } }));
    vi.stubGlobal('navigator', { onLine: false });
    try {
      expect(await refreshSessionUser(s, { ...d, fetchImpl: asked })).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
    expect(asked).not.toHaveBeenCalled();
    expect(await refreshSessionUser(s, { ...d, fetchImpl: asked })).not.toBeNull();
  });
});
