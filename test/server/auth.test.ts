import { afterEach, describe, expect, it } from 'vitest';
import { TOKEN_MAX_AGE_MS, TOKEN_TTL_MS } from '../../src/server/auth/accounts';
import { runCli } from '../../src/server/cli';
import { type Harness, PASSWORD, makeHarness } from '../support/server';

let h: Harness;
afterEach(() => h.close());

const login = (email: string, password: string) =>
  h.req('/api/v1/auth/login', { method: 'POST', json: { email, password } });
const me = (token: string) => h.req('/api/v1/auth/me', { token });

describe('accounts', () => {
  it('signs in with the password and answers /me; a wrong password is 401', async () => {
    h = await makeHarness();
    const u = await h.user('member', null, 'anna@example.org');
    expect((await me(u.token)).status).toBe(200);
    expect(await (await me(u.token)).json()).toMatchObject({
      user: { email: 'anna@example.org', role: 'member' },
    });
    expect((await login('anna@example.org', 'wrong password!')).status).toBe(401);
    expect((await login('nobody@example.org', PASSWORD)).status).toBe(401);
    expect((await me('x'.repeat(43))).status).toBe(401);
    expect((await h.req('/api/v1/auth/me')).status).toBe(401);
  });

  it('an invite code signs in once, sets the password, and is void afterwards', async () => {
    h = await makeHarness();
    const { inviteCode } = await h.app.accounts.createUser({
      email: 'neu@example.org',
      name: 'Neu',
      role: 'member',
      siteId: null,
    });
    const redeem = (code: string) =>
      h.req('/api/v1/auth/redeem', {
        method: 'POST',
        json: { inviteCode: code, password: 'a new password 1' },
      });
    const first = await redeem(inviteCode!.toLowerCase().replace(/-/g, ' '));
    expect(first.status).toBe(200);
    expect((await redeem(inviteCode!)).status).toBe(401);
    expect((await login('neu@example.org', 'a new password 1')).status).toBe(200);
  });

  it('a new invite voids the previous one', async () => {
    h = await makeHarness();
    const { user, inviteCode } = await h.app.accounts.createUser({
      email: 'neu@example.org',
      name: 'Neu',
      role: 'member',
      siteId: null,
    });
    await h.app.accounts.invite(user.id);
    const res = await h.req('/api/v1/auth/redeem', {
      method: 'POST',
      json: { inviteCode, password: 'a new password 1' },
    });
    expect(res.status).toBe(401);
  });

  it('tokens expire after the TTL without use, slide while used, and logout revokes them', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    h = await makeHarness({ clock: () => new Date(now), tokenMaxAgeMs: 10 * TOKEN_TTL_MS });
    const u = await h.user('member');
    now += TOKEN_TTL_MS - 3600_000;
    expect((await me(u.token)).status).toBe(200);
    now += TOKEN_TTL_MS - 3600_000;
    expect((await me(u.token)).status).toBe(200);
    now += TOKEN_TTL_MS + 1;
    expect((await me(u.token)).status).toBe(401);

    const v = await h.user('member');
    expect((await h.req('/api/v1/auth/logout', { method: 'POST', token: v.token })).status).toBe(
      204,
    );
    expect((await me(v.token)).status).toBe(401);
  });

  it('a token used every hour still ends at its absolute lifetime (injected clock)', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    h = await makeHarness({ clock: () => new Date(now) });
    const u = await h.user('member');
    const statuses: number[] = [];
    for (let hours = 0; hours <= TOKEN_MAX_AGE_MS / 3600_000 + 48; hours += 2) {
      now = Date.parse('2026-01-01T00:00:00Z') + hours * 3600_000;
      statuses.push((await me(u.token)).status);
    }
    const lastOk = statuses.lastIndexOf(200);
    expect(statuses.indexOf(401)).toBe(lastOk + 1);
    expect(statuses.slice(lastOk + 1).every((s) => s === 401)).toBe(true);
    expect(lastOk * 2 * 3600_000).toBeLessThan(TOKEN_MAX_AGE_MS);
    expect((lastOk + 1) * 2 * 3600_000).toBeGreaterThanOrEqual(TOKEN_MAX_AGE_MS - 3600_000);
    // A new sign-in is a new token with its own lifetime.
    const again = await login(u.email, PASSWORD);
    expect(again.status).toBe(200);
    const { token, expiresAt } = (await again.json()) as { token: string; expiresAt: string };
    expect(Date.parse(expiresAt)).toBe(now + TOKEN_MAX_AGE_MS);
    expect((await me(token)).status).toBe(200);
  });

  it('an invite redeemed for an existing account revokes its older tokens; issuing one does not', async () => {
    h = await makeHarness();
    const u = await h.user('member', null, 'vergessen@example.org');
    const code = await h.app.accounts.invite(u.id);
    expect((await me(u.token)).status).toBe(200);
    const res = await h.req('/api/v1/auth/redeem', {
      method: 'POST',
      json: { inviteCode: code, password: 'a new password 1' },
    });
    expect(res.status).toBe(200);
    expect((await me(u.token)).status).toBe(401);
    expect((await login('vergessen@example.org', PASSWORD)).status).toBe(401);
    const { token } = (await res.json()) as { token: string };
    expect((await me(token)).status).toBe(200);
  });

  it('guards: a role change applies to existing tokens at once; logout ends only its own token', async () => {
    h = await makeHarness();
    const coord = await h.user('coordinator');
    const other = await h.user('coordinator');
    expect((await h.req('/api/v1/users', { token: other.token })).status).toBe(200);
    const res = await h.req(`/api/v1/users/${other.id}`, {
      method: 'PATCH',
      token: coord.token,
      json: { role: 'member' },
    });
    expect(res.status).toBe(200);
    expect((await h.req('/api/v1/users', { token: other.token })).status).toBe(403);
    expect(await (await me(other.token)).json()).toMatchObject({ user: { role: 'member' } });
    const second = await login(other.email, PASSWORD);
    const { token: secondToken } = (await second.json()) as { token: string };
    await h.req('/api/v1/auth/logout', { method: 'POST', token: other.token });
    expect((await me(other.token)).status).toBe(401);
    expect((await me(secondToken)).status).toBe(200);
  });

  it('disabling a user revokes its tokens and refuses sign-in', async () => {
    h = await makeHarness();
    const coord = await h.user('coordinator');
    const u = await h.user('member', null, 'weg@example.org');
    const res = await h.req(`/api/v1/users/${u.id}`, {
      method: 'PATCH',
      token: coord.token,
      json: { disabled: true },
    });
    expect(res.status).toBe(200);
    expect((await me(u.token)).status).toBe(401);
    expect((await login('weg@example.org', PASSWORD)).status).toBe(401);
  });

  it('a coordinator cannot lock itself out', async () => {
    h = await makeHarness();
    const coord = await h.user('coordinator');
    const res = await h.req(`/api/v1/users/${coord.id}`, {
      method: 'PATCH',
      token: coord.token,
      json: { disabled: true },
    });
    expect(res.status).toBe(409);
  });

  it('rate-limits repeated sign-in attempts per IP and e-mail with 429 and Retry-After', async () => {
    h = await makeHarness({ limits: { login: { burst: 5, perSecond: 1 / 60 } } });
    await h.user('member', null, 'ziel@example.org');
    const statuses = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await login('ziel@example.org', 'guess number ' + i)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await login('ziel@example.org', PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: 'rate_limited' });
    expect((await login('someone-else@example.org', 'guess')).status).toBe(401);
  });

  it('first run: bootstrap issues a coordinator invite until a coordinator has a password', async () => {
    h = await makeHarness();
    const first = await h.app.accounts.bootstrap({});
    expect(first?.inviteCode).toBeTruthy();
    const res = await h.req('/api/v1/auth/redeem', {
      method: 'POST',
      json: { inviteCode: first!.inviteCode, password: 'the admin password' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { role: 'coordinator' } });
    expect(await h.app.accounts.bootstrap({})).toBeNull();
  });

  it('first run with ADMIN_EMAIL/ADMIN_PASSWORD creates a coordinator that can sign in', async () => {
    h = await makeHarness();
    await h.app.accounts.bootstrap({ email: 'chefin@example.org', password: 'the admin password' });
    expect((await login('chefin@example.org', 'the admin password')).status).toBe(200);
  });

  it('CLI: create-user, list-users, invite, revoke-tokens', async () => {
    h = await makeHarness();
    const lines: string[] = [];
    const out = (l: string) => lines.push(l);
    await runCli(
      [
        'create-user',
        '--email',
        'qm@example.org',
        '--name',
        'QM',
        '--role',
        'quartiersmanagement',
        '--site',
        'site-1',
      ],
      h.dbFile,
      out,
    );
    expect(lines.join('\n')).toMatch(/invite code: [A-Z0-9]{4}-/);
    await runCli(['list-users'], h.dbFile, out);
    expect(lines.at(-1)).toBe('qm@example.org\tquartiersmanagement\tsite-1\tactive\tQM');
    const u = await h.user('member', null, 'cli@example.org');
    await runCli(['revoke-tokens', '--email', 'cli@example.org'], h.dbFile, out);
    expect(lines.at(-1)).toMatch(/revoked 1 token/);
    expect((await me(u.token)).status).toBe(401);
    await runCli(['invite', '--email', 'cli@example.org'], h.dbFile, out);
    expect(lines.at(-1)).toMatch(/invite code for cli@example.org: /);
    await expect(
      runCli(
        ['create-user', '--email', 'x@example.org', '--name', 'X', '--role', 'quartiersmanagement'],
        h.dbFile,
        out,
      ),
    ).rejects.toThrow(/site/);
  });
});

describe('password spraying', () => {
  it('one IP trying many accounts is limited too (10× the per-account budget)', async () => {
    h = await makeHarness({ limits: { login: { burst: 2, perSecond: 1 / 600 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++)
      statuses.push((await login(`user${i}@example.org`, 'Sommer2026!')).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  }, 30_000);
});

describe('CLI maintenance', () => {
  it('check passes on a server after real syncs, and backup makes a copy that opens with the same data', async () => {
    h = await makeHarness();
    const { makeDevice, siteFields, visitFields, observationFields } =
      await import('../support/server');
    const d = makeDevice(h, (await h.user('coordinator')).token);
    const site = siteFields(),
      visit = visitFields(site.id),
      obs = observationFields(visit.id);
    await d.sync([
      d.mutation('site', site.id, 'create', site),
      d.mutation('visit', visit.id, 'create', visit),
      d.mutation('observation', obs.id, 'create', obs),
    ]);
    await d.sync([d.mutation('visit', visit.id, 'delete')]);
    const lines: string[] = [];
    await runCli(['check'], h.dbFile, (l) => lines.push(l));
    expect(lines.at(-1)).toMatch(/^ok/);
    const copy = `${h.dir}/backup.sqlite`;
    await runCli(['backup', '--to', copy], h.dbFile, (l) => lines.push(l));
    const { openServerDb } = await import('../../src/server/store/store');
    const restored = openServerDb(copy);
    expect(await restored.readTx((tx) => tx.sync.record('observation', obs.id))).toMatchObject({
      deleted: true,
      deletedByCascade: true,
    });
    await restored.close();
    // A visit tombstoned behind the cascade's back leaves a live child: check must notice.
    const v2 = visitFields(site.id),
      o2 = observationFields(v2.id);
    await d.sync([
      d.mutation('visit', v2.id, 'create', v2),
      d.mutation('observation', o2.id, 'create', o2),
    ]);
    const visitRow = (await h.record('visit', v2.id))!;
    await h.write(async (tx) => {
      const s = await tx.sync.nextSeq();
      await tx.sync.writeRecord({ ...visitRow, deleted: true, deletedSeq: s, seq: s, version: s });
    });
    await expect(runCli(['check'], h.dbFile, (l) => lines.push(l))).rejects.toThrow(
      /invariants broken/,
    );
    expect(lines.join('\n')).toContain(o2.id);
  });
});

describe('behind a reverse proxy', () => {
  it('with trustProxy, the per-IP limit follows X-Forwarded-For, so one client cannot lock out the others', async () => {
    h = await makeHarness({
      limits: { login: { burst: 1, perSecond: 1 / 600 } },
      trustProxy: true,
    });
    const from = (ip: string, email: string) =>
      h.req('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'X-Forwarded-For': `10.0.0.9, ${ip}` },
        json: { email, password: 'guess' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await from('203.0.113.7', `x${i}@example.org`)).status);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect((await from('198.51.100.1', 'x0@example.org')).status).toBe(401);
  }, 30_000);
});
