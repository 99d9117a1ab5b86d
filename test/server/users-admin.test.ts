// Account administration for coordinators (docs/architecture.md §Auth): the list shows each
// account's role, site binding, last activity and invite state; an open invite code can be shown
// again until it is redeemed, replaced or expired; a Quartiersmanagement account always has a
// live site; nobody but a coordinator reads any of it.
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountSummary } from '../../src/shared/auth';
import { INVITE_TTL_MS, makeAccounts } from '../../src/server/auth/accounts';
import { type Harness, makeDevice, makeHarness, seedVisit } from '../support/server';

// Each test signs several people in (scrypt): generous on a loaded machine.
vi.setConfig({ testTimeout: 30_000 });

let h: Harness;
afterEach(() => h.close());

const T0 = Date.parse('2026-03-02T09:00:00Z');
let now = T0;
const clock = () => new Date(now);

async function setUp() {
  now = T0;
  h = await makeHarness({ clock });
  const coord = await h.user('coordinator');
  const { site, visit } = await seedVisit(makeDevice(h, coord.token));
  return { coord, site, visit };
}

const list = async (token: string) => {
  const res = await h.req('/api/v1/users', { token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { users: AccountSummary[] }).users;
};
const entry = async (token: string, id: string) => (await list(token)).find((u) => u.id === id)!;
const create = (token: string, body: Record<string, unknown>) =>
  h.req('/api/v1/users', { method: 'POST', token, json: body });
const showInvite = (token: string, id: string) => h.req(`/api/v1/users/${id}/invite`, { token });
const reissue = (token: string, id: string) =>
  h.req(`/api/v1/users/${id}/invite`, { method: 'POST', token });
const redeem = (inviteCode: string) =>
  h.req('/api/v1/auth/redeem', {
    method: 'POST',
    json: { inviteCode, password: 'a new password 1' },
  });
/** Read-only SQL on the harness's database file (a second connection, as an operator would look). */
function sql<T>(query: string, ...params: unknown[]): T | undefined {
  const ro = new Database(h.dbFile, { readonly: true });
  try {
    return ro.prepare(query).get(...params) as T | undefined;
  } finally {
    ro.close();
  }
}
const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

describe('the account list', () => {
  it('shows role, site binding, invite state and last activity (sign-in and sync, server time)', async () => {
    const { coord, site } = await setUp();
    const res = await create(coord.token, {
      email: 'qm@example.org',
      name: 'QM Nord',
      role: 'quartiersmanagement',
      siteId: site.id,
    });
    expect(res.status).toBe(201);
    const { user, inviteCode } = (await res.json()) as { user: { id: string }; inviteCode: string };

    const invited = await entry(coord.token, user.id);
    expect(invited).toMatchObject({
      role: 'quartiersmanagement',
      siteId: site.id,
      status: 'invited',
      lastSignInAt: null,
      lastSyncAt: null,
      invite: {
        issuedAt: new Date(T0).toISOString(),
        expiresAt: new Date(T0 + INVITE_TTL_MS).toISOString(),
        showable: true,
      },
    });

    now += 3600_000;
    const redeemed = await redeem(inviteCode);
    expect(redeemed.status).toBe(200);
    const { token } = (await redeemed.json()) as { token: string };
    const signedIn = await entry(coord.token, user.id);
    expect(signedIn).toMatchObject({
      status: 'active',
      invite: null,
      lastSignInAt: new Date(now).toISOString(),
      lastSyncAt: null,
    });

    now += 3600_000;
    await makeDevice(h, token).sync();
    expect(await entry(coord.token, user.id)).toMatchObject({
      lastSignInAt: new Date(now - 3600_000).toISOString(),
      lastSyncAt: new Date(now).toISOString(),
    });
    // A password sign-in is recorded too.
    now += 60_000;
    const login = await h.req('/api/v1/auth/login', {
      method: 'POST',
      json: { email: 'qm@example.org', password: 'a new password 1' },
    });
    expect(login.status).toBe(200);
    expect((await entry(coord.token, user.id)).lastSignInAt).toBe(new Date(now).toISOString());

    // Disabled accounts say so.
    await h.req(`/api/v1/users/${user.id}`, {
      method: 'PATCH',
      token: coord.token,
      json: { disabled: true },
    });
    expect((await entry(coord.token, user.id)).status).toBe('disabled');
  });

  it('recording sync activity adds no write: the account row is untouched by a sync', async () => {
    const { coord } = await setUp();
    const before = sql('SELECT * FROM users WHERE id = ?', coord.id);
    now += 120_000;
    await makeDevice(h, coord.token).sync();
    expect(sql('SELECT * FROM users WHERE id = ?', coord.id)).toEqual(before);
    expect((await entry(coord.token, coord.id)).lastSyncAt).toBe(new Date(now).toISOString());
  });
});

describe('showing an invite code again', () => {
  it('answers the same code until it is redeemed; then it is gone', async () => {
    const { coord } = await setUp();
    const res = await create(coord.token, { email: 'm@example.org', name: 'M', role: 'member' });
    const { user, inviteCode, expiresAt } = (await res.json()) as {
      user: { id: string };
      inviteCode: string;
      expiresAt: string;
    };
    expect(expiresAt).toBe(new Date(T0 + INVITE_TTL_MS).toISOString());
    // Another account created afterwards does not hide the first one's code.
    await create(coord.token, { email: 'n@example.org', name: 'N', role: 'member' });
    for (let i = 0; i < 2; i++) {
      const shown = await showInvite(coord.token, user.id);
      expect(shown.status).toBe(200);
      expect(await shown.json()).toEqual({
        inviteCode,
        issuedAt: new Date(T0).toISOString(),
        expiresAt,
      });
    }
    expect((await redeem(inviteCode)).status).toBe(200);
    const gone = await showInvite(coord.token, user.id);
    expect(gone.status).toBe(404);
    expect(await errorOf(gone)).toBe('no_open_invite');
  });

  it('a new invite voids the old code: the new one is shown, the old one no longer redeems', async () => {
    const { coord } = await setUp();
    const res = await create(coord.token, { email: 'm@example.org', name: 'M', role: 'member' });
    const { user, inviteCode: first } = (await res.json()) as {
      user: { id: string };
      inviteCode: string;
    };
    now += 60_000;
    const again = await reissue(coord.token, user.id);
    expect(again.status).toBe(200);
    const { inviteCode: second, expiresAt } = (await again.json()) as {
      inviteCode: string;
      expiresAt: string;
    };
    expect(second).not.toBe(first);
    expect(expiresAt).toBe(new Date(now + INVITE_TTL_MS).toISOString());
    expect(
      ((await (await showInvite(coord.token, user.id)).json()) as { inviteCode: string })
        .inviteCode,
    ).toBe(second);
    expect(await errorOf(await redeem(first))).toBe('invalid_invite');
    expect((await redeem(second)).status).toBe(200);
  });

  it('an expired code is neither shown nor redeemed; the list says expired', async () => {
    const { coord } = await setUp();
    const res = await create(coord.token, { email: 'm@example.org', name: 'M', role: 'member' });
    const { user, inviteCode } = (await res.json()) as { user: { id: string }; inviteCode: string };
    now += INVITE_TTL_MS + 1;
    const shown = await showInvite(coord.token, user.id);
    expect(shown.status).toBe(410);
    expect(await errorOf(shown)).toBe('invite_expired');
    expect((await entry(coord.token, user.id)).status).toBe('invite_expired');
    const refused = await redeem(inviteCode);
    expect(refused.status).toBe(401);
    expect(await errorOf(refused)).toBe('invalid_invite');
    // A new invite makes the account invited again.
    expect((await reissue(coord.token, user.id)).status).toBe(200);
    expect((await entry(coord.token, user.id)).status).toBe('invited');
  });

  it('the database holds no readable code, and a code sealed under another key is not shown', async () => {
    const { coord } = await setUp();
    const res = await create(coord.token, { email: 'm@example.org', name: 'M', role: 'member' });
    const { user, inviteCode } = (await res.json()) as { user: { id: string }; inviteCode: string };
    const bytes = [h.dbFile, `${h.dbFile}-wal`]
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f).toString('latin1'))
      .join('');
    expect(bytes).toContain(user.id); // the files are readable as text at all
    expect(bytes).not.toContain(inviteCode);
    expect(bytes).not.toContain(inviteCode.replace(/-/g, ''));

    // The same database opened by a server with another key (its key file was lost).
    const other = makeAccounts(h.db, clock, { inviteKey: Buffer.alloc(32, 7) });
    await expect(other.showInvite(user.id)).rejects.toThrow(
      expect.objectContaining({ code: 'invite_unreadable' }),
    );
    expect((await other.listAccounts()).find((u) => u.id === user.id)?.invite?.showable).toBe(
      false,
    );
    // The code itself still works: only its hash is needed to redeem.
    expect((await redeem(inviteCode)).status).toBe(200);
    // Once redeemed, the sealed code is gone from the database too.
    expect(sql('SELECT count(*) AS n FROM invites WHERE code_sealed IS NOT NULL')).toEqual({
      n: 0,
    });
  });
});

describe('names', () => {
  it('a name with a control character is refused with a clear error, and nothing is stored', async () => {
    const { coord } = await setUp();
    for (const name of ['Max\u0000Muster', 'Max\tMuster', 'Zeile\nzwei']) {
      const res = await create(coord.token, { email: 'nul@example.org', name, role: 'member' });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid', path: 'name' });
    }
    expect((await list(coord.token)).some((u) => u.email === 'nul@example.org')).toBe(false);
    const member = await h.user('member');
    const renamed = await h.req(`/api/v1/users/${member.id}`, {
      method: 'PATCH',
      token: coord.token,
      json: { name: 'A\u0000B' },
    });
    expect(renamed.status).toBe(400);
    expect((await entry(coord.token, member.id)).name).not.toContain('\u0000');
  });
});

describe('site binding', () => {
  it('a Quartiersmanagement account always has a live site (site_required, unknown_site)', async () => {
    const { coord, site } = await setUp();
    const noSite = await create(coord.token, {
      email: 'qm@example.org',
      name: 'QM',
      role: 'quartiersmanagement',
    });
    expect(noSite.status).toBe(400);
    expect(await noSite.json()).toMatchObject({ error: 'site_required', path: 'siteId' });
    const unknown = await create(coord.token, {
      email: 'qm@example.org',
      name: 'QM',
      role: 'quartiersmanagement',
      siteId: '01900000-0000-7000-8000-000000000000',
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'unknown_site', path: 'siteId' });

    const member = await h.user('member');
    const patch = (json: Record<string, unknown>) =>
      h.req(`/api/v1/users/${member.id}`, { method: 'PATCH', token: coord.token, json });
    const toQm = await patch({ role: 'quartiersmanagement' });
    expect(toQm.status).toBe(400);
    expect(await errorOf(toQm)).toBe('site_required');
    const ok = await patch({ role: 'quartiersmanagement', siteId: site.id });
    expect(ok.status).toBe(200);
    const unbind = await patch({ siteId: null });
    expect(unbind.status).toBe(400);
    expect(await errorOf(unbind)).toBe('site_required');
    expect((await entry(coord.token, member.id)).siteId).toBe(site.id);
    // Back to member: the binding goes with the role.
    expect((await patch({ role: 'member' })).status).toBe(200);
    expect((await entry(coord.token, member.id)).siteId).toBeNull();
  });

  it('moving an account to a deleted site is refused', async () => {
    const { coord } = await setUp();
    const d = makeDevice(h, coord.token);
    const { site } = await seedVisit(d);
    await d.sync([d.mutation('site', site.id, 'delete', {}, 1)]);
    const qm = await create(coord.token, {
      email: 'qm@example.org',
      name: 'QM',
      role: 'quartiersmanagement',
      siteId: site.id,
    });
    expect(qm.status).toBe(400);
    expect(await errorOf(qm)).toBe('unknown_site');
  });
});

describe('only coordinators', () => {
  it('member and Quartiersmanagement get 403 on every administration endpoint', async () => {
    const { coord, site } = await setUp();
    const target = await h.user('member');
    for (const who of [await h.user('member'), await h.user('quartiersmanagement', site.id)]) {
      for (const [path, init] of [
        ['/api/v1/users', {}],
        [`/api/v1/users/${target.id}/invite`, {}],
        [`/api/v1/users/${target.id}/invite`, { method: 'POST' }],
        [`/api/v1/users/${target.id}`, { method: 'PATCH', json: { siteId: site.id } }],
      ] as const) {
        const res = await h.req(path, { ...init, token: who.token });
        expect(res.status, `${who.role} ${path}`).toBe(403);
        expect(await errorOf(res)).toBe('forbidden');
      }
    }
    // The coordinator may: an account with a password and no open invite has nothing to show.
    const none = await showInvite(coord.token, target.id);
    expect(none.status).toBe(404);
    expect(await errorOf(none)).toBe('no_open_invite');
  });
});
