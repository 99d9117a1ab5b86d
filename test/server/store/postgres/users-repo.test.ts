// The PostgreSQL users store against a real cluster: accounts, tokens and invites in domain shape
// (booleans, epoch-millisecond numbers past 2^31, null for "not there"), e-mail order as bytes,
// and an invite code used by two transactions at once: exactly one of them wins.
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../src/server/store/postgres/migrate';
import { type Queryable, queryableOf } from '../../../../src/server/store/postgres/queryable';
import { makeUsersRepo } from '../../../../src/server/store/postgres/users-repo';
import type { NewUser } from '../../../../src/server/store/types';
import { testDatabase } from '../../../support/postgres';

/** Epoch milliseconds of 2026: far past 2^31, so a bigint read as a 32-bit int would show. */
const T = Date.UTC(2026, 0, 1);

let database: Awaited<ReturnType<typeof testDatabase>>;
let pool: pg.Pool;
let client: pg.PoolClient;
let q: Queryable;

beforeAll(async () => {
  database = await testDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 12 });
  await migrate(pool);
  client = await pool.connect();
  q = queryableOf(client);
});
beforeEach(async () => {
  for (const table of ['invites', 'tokens', 'clients', 'users'])
    await q.run(`DELETE FROM ${table}`);
});
afterAll(async () => {
  client?.release();
  await pool?.end();
  await database?.release();
});

const newUser = (id: string, over: Partial<NewUser> = {}): NewUser => ({
  id,
  email: `${id}@example.org`,
  name: id.toUpperCase(),
  role: 'member',
  siteId: null,
  passwordHash: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('accounts', () => {
  it('answers users in domain shape, all of them in byte order of their e-mail', async () => {
    const users = makeUsersRepo(q);
    await users.insert(newUser('acc-b', { email: 'b@example.org' }));
    await users.insert(newUser('acc-upper', { email: 'Z@example.org', siteId: 's1' }));
    await users.insert(newUser('acc-a', { email: 'a@example.org', role: 'coordinator' }));
    expect(await users.byId('acc-upper')).toEqual({
      id: 'acc-upper',
      email: 'Z@example.org',
      name: 'ACC-UPPER',
      role: 'member',
      siteId: 's1',
      disabled: false,
      passwordHash: null,
    });
    expect((await users.byEmail('a@example.org'))?.id).toBe('acc-a');
    expect(await users.byEmail('A@example.org')).toBeNull();
    expect(await users.byId('nobody')).toBeNull();
    expect(await users.count()).toBe(3);
    // 'Z' (0x5A) sorts before 'a' (0x61) as bytes, after it in a natural-language collation.
    expect((await users.all()).map((u) => u.email)).toEqual([
      'Z@example.org',
      'a@example.org',
      'b@example.org',
    ]);

    await users.update({
      id: 'acc-b',
      email: 'ignored@example.org',
      name: 'Bea',
      role: 'quartiersmanagement',
      siteId: 's2',
      disabled: true,
    });
    expect(await users.byId('acc-b')).toMatchObject({
      email: 'b@example.org',
      name: 'Bea',
      role: 'quartiersmanagement',
      siteId: 's2',
      disabled: true,
    });
  });

  it('has a usable coordinator only when one is enabled and has a password', async () => {
    const users = makeUsersRepo(q);
    await users.insert(newUser('coord', { role: 'coordinator' }));
    await users.insert(newUser('member-pw', { passwordHash: 'scrypt$x' }));
    expect(await users.hasUsableCoordinator()).toBe(false);
    await users.setPassword('coord', 'scrypt$y');
    expect((await users.byId('coord'))?.passwordHash).toBe('scrypt$y');
    expect(await users.hasUsableCoordinator()).toBe(true);
    const coord = (await users.byId('coord'))!;
    await users.update({ ...coord, disabled: true });
    expect(await users.hasUsableCoordinator()).toBe(false);
  });

  it('lists accounts with last sign-in, newest device sync and open invite, by e-mail', async () => {
    const users = makeUsersRepo(q);
    await users.insert(newUser('list-b', { email: 'b@example.org' }));
    await users.insert(newUser('list-a', { email: 'a@example.org' }));
    await users.noteSignIn('list-a', '2026-02-01T09:00:00.000Z');
    await q.run(
      `INSERT INTO clients (client_id, user_id, last_seen_at) VALUES
        ('c1', 'list-a', '2026-02-03T00:00:00.000Z'), ('c2', 'list-a', '2026-02-04T00:00:00.000Z'),
        ('c3', 'list-a', NULL)`,
    );
    await users.replaceInvite('inv-b', 'list-b', T, T + 1000, 'sealed-b');
    const [a, b] = await users.accounts();
    expect(a).toEqual({
      ...(await users.byId('list-a')),
      createdAt: '2026-01-01T00:00:00.000Z',
      lastSignInAt: '2026-02-01T09:00:00.000Z',
      lastSyncAt: '2026-02-04T00:00:00.000Z',
      invite: null,
    });
    expect(b).toMatchObject({
      id: 'list-b',
      lastSignInAt: null,
      lastSyncAt: null,
      invite: { hash: 'inv-b', createdAt: T, expiresAt: T + 1000, sealed: 'sealed-b' },
    });
    expect(await users.accounts()).toHaveLength(2);
  });
});

describe('tokens', () => {
  it('issues, touches, revokes and purges tokens; times come back as numbers', async () => {
    const users = makeUsersRepo(q);
    await users.insert(newUser('tok'));
    await users.insert(newUser('tok-other'));
    await users.insertToken('h1', 'tok', T, T + 5000);
    expect(await users.token('h1')).toEqual({
      userId: 'tok',
      createdAt: T,
      expiresAt: T + 5000,
      lastUsedAt: T,
      revoked: false,
    });
    await users.touchToken('h1', T + 100, T + 9000);
    expect(await users.token('h1')).toMatchObject({
      createdAt: T,
      lastUsedAt: T + 100,
      expiresAt: T + 9000,
    });
    expect(await users.token('missing')).toBeNull();

    await users.insertToken('h2', 'tok', T, T + 5000);
    await users.insertToken('h3', 'tok', T, T + 5000);
    await users.insertToken('h-other', 'tok-other', T, T + 5000);
    await users.revokeToken('h2');
    expect((await users.token('h2'))?.revoked).toBe(true);
    // Only the live ones count: h1 and h3 (h2 was revoked already).
    expect(await users.revokeUserTokens('tok')).toBe(2);
    expect(await users.revokeUserTokens('tok')).toBe(0);
    expect((await users.token('h-other'))?.revoked).toBe(false);

    await users.insertToken('h-expired', 'tok-other', T, T + 10);
    await users.purgeTokens(T + 11);
    expect(await users.token('h1')).toBeNull(); // revoked
    expect(await users.token('h-expired')).toBeNull(); // expired
    expect(await users.token('h-other')).not.toBeNull();
    await users.purgeTokens(T + 5000); // expires_at < now only: expiring at `now` is still valid
    expect(await users.token('h-other')).not.toBeNull();
  });
});

describe('invites', () => {
  it('a new invite voids the open one; using it drops its sealed code', async () => {
    const users = makeUsersRepo(q);
    await users.insert(newUser('inv'));
    expect(await users.openInvite('inv')).toBeNull();
    await users.replaceInvite('i1', 'inv', T, T + 9000, 'sealed-1');
    expect(await users.invite('i1')).toEqual({ userId: 'inv', expiresAt: T + 9000, usedAt: null });
    await users.replaceInvite('i2', 'inv', T + 50, T + 9050, null);
    expect(await users.invite('i1')).toEqual({
      userId: 'inv',
      expiresAt: T + 9000,
      usedAt: T + 50,
    });
    expect(await q.one('SELECT code_sealed FROM invites WHERE hash = $1', ['i1'])).toEqual({
      code_sealed: null,
    });
    expect(await users.openInvite('inv')).toEqual({
      hash: 'i2',
      createdAt: T + 50,
      expiresAt: T + 9050,
      sealed: null,
    });
    expect(await users.useInvite('i2', T + 60)).toBe(true);
    expect(await users.useInvite('i2', T + 70)).toBe(false);
    expect((await users.invite('i2'))?.usedAt).toBe(T + 60);
    expect(await users.openInvite('inv')).toBeNull();
    expect(await users.invite('missing')).toBeNull();
  });

  it('one code used by two transactions at once: the second waits for the first, then loses', async () => {
    const users = makeUsersRepo(q);
    await users.insert(newUser('race'));
    await users.replaceInvite('race-code', 'race', T, T + 9000, 'sealed');
    const [a, b] = [await pool.connect(), await pool.connect()];
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      expect(await makeUsersRepo(queryableOf(a)).useInvite('race-code', T + 1)).toBe(true);
      let settled = false;
      const second = makeUsersRepo(queryableOf(b))
        .useInvite('race-code', T + 2)
        .finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false); // blocked on the first transaction's row lock
      await a.query('COMMIT');
      expect(await second).toBe(false);
      await b.query('COMMIT');
    } finally {
      a.release();
      b.release();
    }
    expect((await users.invite('race-code'))?.usedAt).toBe(T + 1);

    // Eight at once, each in its own transaction: exactly one wins.
    await users.replaceInvite('race-8', 'race', T, T + 9000, 'sealed');
    const clients = await Promise.all(Array.from({ length: 8 }, () => pool.connect()));
    try {
      const wins = await Promise.all(
        clients.map(async (c, i) => {
          await c.query('BEGIN');
          const won = await makeUsersRepo(queryableOf(c)).useInvite('race-8', T + 10 + i);
          await c.query('COMMIT');
          return won;
        }),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
    } finally {
      for (const c of clients) c.release();
    }
  });
});
