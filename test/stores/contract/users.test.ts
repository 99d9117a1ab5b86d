// The store contract, accounts: users in domain shape (booleans, null for "not there"), listed in
// byte order of their e-mail with their last sign-in, newest device sync and open invite; bearer
// tokens issued, slid, revoked and purged (times in epoch milliseconds past 2^31); invite codes
// replaced, used once, their sealed code dropped with their use.
import { expect, it } from 'vitest';
import type { NewUser, StoreTx } from '../../../src/server/store/types';
import { eachStore } from './each-store';

/** 2026 in epoch milliseconds: a time read back as a 32-bit integer would show. */
const T = Date.UTC(2026, 0, 1);

const newUser = (id: string, extra: Partial<NewUser> = {}): NewUser => ({
  id,
  email: `${id}@example.org`,
  name: `Name ${id}`,
  role: 'member',
  siteId: null,
  passwordHash: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

eachStore(
  'users',
  (s) => {
    const inserted = (...users: NewUser[]) =>
      s.write(async (tx) => {
        for (const u of users) await tx.users.insert(u);
      });

    it('answers users, tokens and invites in domain shape', async () => {
      await inserted(newUser('u1', { email: 'a@example.org', name: 'A' }));
      expect(await s.read((tx) => tx.users.byId('u1'))).toEqual({
        id: 'u1',
        email: 'a@example.org',
        name: 'A',
        role: 'member',
        siteId: null,
        disabled: false,
        passwordHash: null,
      });
      expect(await s.read((tx) => tx.users.byEmail('a@example.org'))).toMatchObject({ id: 'u1' });
      expect(await s.read((tx) => tx.users.byEmail('nobody@example.org'))).toBeNull();
      expect(await s.read((tx) => tx.users.byEmail('A@example.org'))).toBeNull(); // exact, case too

      await s.write((tx) => tx.users.insertToken('h1', 'u1', 1000, 5000));
      expect(await s.read((tx) => tx.users.token('h1'))).toEqual({
        userId: 'u1',
        createdAt: 1000,
        expiresAt: 5000,
        lastUsedAt: 1000,
        revoked: false,
      });
      await s.write((tx) => tx.users.revokeToken('h1'));
      expect((await s.read((tx) => tx.users.token('h1')))?.revoked).toBe(true);
      expect(await s.read((tx) => tx.users.token('missing'))).toBeNull();

      await s.write((tx) => tx.users.replaceInvite('i1', 'u1', 1000, 9000, 'sealed-code'));
      expect(await s.read((tx) => tx.users.invite('i1'))).toEqual({
        userId: 'u1',
        expiresAt: 9000,
        usedAt: null,
      });
      expect(await s.read((tx) => tx.users.openInvite('u1'))).toEqual({
        hash: 'i1',
        createdAt: 1000,
        expiresAt: 9000,
        sealed: 'sealed-code',
      });
      expect(await s.write((tx) => tx.users.useInvite('i1', 2000))).toBe(true);
      expect((await s.read((tx) => tx.users.invite('i1')))?.usedAt).toBe(2000);
      expect(await s.read((tx) => tx.users.openInvite('u1'))).toBeNull(); // used: its sealed code is gone with it
    });

    it('lists accounts in byte order of their e-mail, with sign-in, newest device sync and open invite', async () => {
      await inserted(
        newUser('lower', { email: 'b@example.org' }),
        newUser('upper', { email: 'B@example.org', siteId: 'site-1' }),
        newUser('first', { email: 'a@example.org' }),
      );
      await s.write(async (tx) => {
        await tx.users.noteSignIn('first', '2026-02-01T07:00:00.000Z');
        for (const [device, now] of [
          ['first-phone', '2026-02-02T00:00:00.000Z'],
          ['first-tablet', '2026-02-05T00:00:00.000Z'],
        ] as const) {
          await tx.sync.insertClient(device, 'first');
          await tx.sync.clientSeen(device, {
            outboxHighWater: 0,
            appVersion: '1.0.0',
            schemaVersion: 1,
            scopeKey: 'all',
            now,
          });
        }
        await tx.sync.insertClient('lower-phone', 'lower'); // never synced
        await tx.users.replaceInvite('inv-lower', 'lower', T, T + 60_000, 'sealed');
      });
      const accounts = await s.read((tx) => tx.users.accounts());
      // 'B' (0x42) before 'a' (0x61) before 'b': bytes, not a natural-language collation.
      expect(accounts.map((a) => a.id)).toEqual(['upper', 'first', 'lower']);
      expect((await s.read((tx) => tx.users.all())).map((u) => u.id)).toEqual([
        'upper',
        'first',
        'lower',
      ]);
      expect(accounts[1]).toEqual({
        ...(await s.read((tx) => tx.users.byId('first'))),
        createdAt: '2026-01-01T00:00:00.000Z',
        lastSignInAt: '2026-02-01T07:00:00.000Z',
        lastSyncAt: '2026-02-05T00:00:00.000Z',
        invite: null,
      });
      expect(accounts[2]).toMatchObject({
        lastSignInAt: null,
        lastSyncAt: null,
        invite: { hash: 'inv-lower', createdAt: T, expiresAt: T + 60_000, sealed: 'sealed' },
      });
      expect(accounts[0]).toMatchObject({ siteId: 'site-1', invite: null });
      expect(await s.read((tx) => tx.users.count())).toBe(3);
    });

    it('updates name, role, site and disabled (never the e-mail); a usable coordinator is enabled and has a password', async () => {
      const usable = () => s.read((tx) => tx.users.hasUsableCoordinator());
      await inserted(
        newUser('coord', { role: 'coordinator' }),
        newUser('member-with-password', { passwordHash: 'scrypt$m' }),
      );
      expect(await usable()).toBe(false);
      await s.write((tx) => tx.users.setPassword('coord', 'scrypt$c'));
      expect(await usable()).toBe(true);
      const coord = (await s.read((tx) => tx.users.byId('coord')))!;
      await s.write((tx) =>
        tx.users.update({ ...coord, email: 'other@example.org', name: 'Cora', disabled: true }),
      );
      expect(await s.read((tx) => tx.users.byId('coord'))).toEqual({
        ...coord,
        name: 'Cora',
        disabled: true,
      });
      expect(await usable()).toBe(false);
      await s.write((tx) =>
        tx.users.update({ ...coord, role: 'quartiersmanagement', siteId: 's9', disabled: false }),
      );
      expect(await s.read((tx) => tx.users.byId('coord'))).toMatchObject({
        role: 'quartiersmanagement',
        siteId: 's9',
        passwordHash: 'scrypt$c',
      });
      expect(await usable()).toBe(false);
    });

    it("slides, revokes and purges tokens: revoking an account's tokens counts only the live ones", async () => {
      await inserted(newUser('holder'), newUser('bystander'));
      const token = (hash: string) => s.read((tx) => tx.users.token(hash));
      await s.write(async (tx) => {
        for (const hash of ['t1', 't2', 't3'])
          await tx.users.insertToken(hash, 'holder', T, T + 100);
        await tx.users.insertToken('t-other', 'bystander', T, T + 100);
        await tx.users.insertToken('t-short', 'bystander', T, T + 10);
        await tx.users.touchToken('t1', T + 50, T + 500);
        await tx.users.revokeToken('t2');
      });
      expect(await token('t1')).toEqual({
        userId: 'holder',
        createdAt: T,
        expiresAt: T + 500,
        lastUsedAt: T + 50,
        revoked: false,
      });
      const revoke = (tx: StoreTx) => tx.users.revokeUserTokens('holder');
      expect(await s.write(revoke)).toBe(2);
      expect(await s.write(revoke)).toBe(0);
      expect((await token('t-other'))?.revoked).toBe(false);
      // Expired strictly before `now`; revoked whatever their expiry.
      await s.write((tx) => tx.users.purgeTokens(T + 10));
      expect(await token('t-short')).not.toBeNull();
      await s.write((tx) => tx.users.purgeTokens(T + 11));
      expect(
        await Promise.all(
          ['t1', 't2', 't3', 't-other', 't-short'].map(async (h) => !!(await token(h))),
        ),
      ).toEqual([false, false, false, true, false]);
    });

    it('a new invite voids the open one and drops its sealed code; a code is used once', async () => {
      await inserted(newUser('invited'));
      await s.write((tx) =>
        tx.users.replaceInvite('first-code', 'invited', T, T + 900, 'sealed-1'),
      );
      await s.write((tx) => tx.users.replaceInvite('second-code', 'invited', T + 7, T + 907, null));
      expect(await s.read((tx) => tx.users.invite('first-code'))).toEqual({
        userId: 'invited',
        expiresAt: T + 900,
        usedAt: T + 7,
      });
      expect(await s.read((tx) => tx.users.openInvite('invited'))).toEqual({
        hash: 'second-code',
        createdAt: T + 7,
        expiresAt: T + 907,
        sealed: null,
      });
      expect(await s.write((tx) => tx.users.useInvite('first-code', T + 8))).toBe(false);
      expect(await s.write((tx) => tx.users.useInvite('second-code', T + 9))).toBe(true);
      expect(await s.write((tx) => tx.users.useInvite('second-code', T + 10))).toBe(false);
      expect(await s.read((tx) => tx.users.invite('second-code'))).toMatchObject({ usedAt: T + 9 });
      expect(await s.read((tx) => tx.users.invite('no-such-code'))).toBeNull();
      expect((await s.read((tx) => tx.users.accounts()))[0]!.invite).toBeNull();
    });
  },
  { fresh: 'case' },
);
