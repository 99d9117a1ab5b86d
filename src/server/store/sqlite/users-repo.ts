// Accounts, bearer tokens and invite codes in SQLite. Secrets are stored only as hashes
// (tokens and invite codes: SHA-256; passwords: scrypt, see auth/passwords.ts); an open invite
// code also sealed under a key kept outside the database (auth/secrets.ts), dropped once the
// invite is used or voided.
import type Database from 'better-sqlite3';
import type { User } from '../../../shared/auth';
import type {
  AccountRecord,
  InviteRecord,
  NewUser,
  OpenInvite,
  TokenRecord,
  UsersStore,
} from '../types';
import {
  type AccountRow,
  type InviteRow,
  type OpenInviteRow,
  type TokenRow,
  type UserRow,
  toAccounts,
  toInvite,
  toOpenInvite,
  toToken,
  toUser,
} from '../user-rows';

export function makeUsersRepo(db: Database.Database): UsersStore {
  const q = {
    count: db.prepare('SELECT count(*) AS n FROM users'),
    byId: db.prepare('SELECT * FROM users WHERE id = ?'),
    byEmail: db.prepare('SELECT * FROM users WHERE email = ?'),
    all: db.prepare('SELECT * FROM users ORDER BY email'),
    insert:
      db.prepare(`INSERT INTO users (id, email, name, role, site_id, disabled, password_hash, created_at)
      VALUES (@id, @email, @name, @role, @siteId, 0, @passwordHash, @createdAt)`),
    update: db.prepare(
      'UPDATE users SET name = @name, role = @role, site_id = @siteId, disabled = @disabled WHERE id = @id',
    ),
    setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
    coordinatorsWithPassword: db.prepare(
      "SELECT count(*) AS n FROM users WHERE role = 'coordinator' AND password_hash IS NOT NULL AND disabled = 0",
    ),
    insertToken: db.prepare(
      'INSERT INTO tokens (hash, user_id, created_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?)',
    ),
    token: db.prepare(
      'SELECT t.user_id, t.created_at, t.expires_at, t.last_used_at, t.revoked FROM tokens t WHERE t.hash = ?',
    ),
    touchToken: db.prepare('UPDATE tokens SET last_used_at = ?, expires_at = ? WHERE hash = ?'),
    revokeToken: db.prepare('UPDATE tokens SET revoked = 1 WHERE hash = ?'),
    revokeUserTokens: db.prepare('UPDATE tokens SET revoked = 1 WHERE user_id = ? AND revoked = 0'),
    purgeTokens: db.prepare('DELETE FROM tokens WHERE expires_at < ? OR revoked = 1'),
    voidInvites: db.prepare(
      'UPDATE invites SET used_at = ?, code_sealed = NULL WHERE user_id = ? AND used_at IS NULL',
    ),
    insertInvite: db.prepare(
      'INSERT INTO invites (hash, user_id, created_at, expires_at, code_sealed) VALUES (?, ?, ?, ?, ?)',
    ),
    invite: db.prepare('SELECT user_id, expires_at, used_at FROM invites WHERE hash = ?'),
    useInvite: db.prepare(
      'UPDATE invites SET used_at = ?, code_sealed = NULL WHERE hash = ? AND used_at IS NULL',
    ),
    openInvite: db.prepare(
      `SELECT hash, created_at, expires_at, code_sealed FROM invites
       WHERE user_id = ? AND used_at IS NULL ORDER BY expires_at DESC LIMIT 1`,
    ),
    // One pass over each table: an account's last sync is the newest of its devices' syncs
    // (clients.last_seen_at, stamped by every sync anyway); at most one invite is open per account.
    accounts: db.prepare(
      `SELECT u.*, s.last_sync_at, i.hash AS invite_hash, i.created_at AS invite_created_at,
         i.expires_at AS invite_expires_at, i.code_sealed
       FROM users u
       LEFT JOIN (SELECT user_id, max(last_seen_at) AS last_sync_at FROM clients GROUP BY user_id) s
         ON s.user_id = u.id
       LEFT JOIN invites i ON i.user_id = u.id AND i.used_at IS NULL
       ORDER BY u.email, i.expires_at DESC`,
    ),
    noteSignIn: db.prepare('UPDATE users SET last_sign_in_at = ? WHERE id = ?'),
  };

  return {
    count: () => (q.count.get() as { n: number }).n,
    hasUsableCoordinator: () => (q.coordinatorsWithPassword.get() as { n: number }).n > 0,
    byId: (id: string) => {
      const r = q.byId.get(id) as UserRow | undefined;
      return r ? toUser(r) : null;
    },
    byEmail: (email: string) => {
      const r = q.byEmail.get(email) as UserRow | undefined;
      return r ? toUser(r) : null;
    },
    all: () => (q.all.all() as UserRow[]).map(toUser),
    insert(u: NewUser) {
      q.insert.run(u);
    },
    update(u: User) {
      q.update.run({
        id: u.id,
        name: u.name,
        role: u.role,
        siteId: u.siteId,
        disabled: u.disabled ? 1 : 0,
      });
    },
    setPassword: (userId: string, hash: string) => {
      q.setPassword.run(hash, userId);
    },

    insertToken: (hash: string, userId: string, now: number, expiresAt: number) => {
      q.insertToken.run(hash, userId, now, expiresAt, now);
    },
    token(hash: string): TokenRecord | null {
      const r = q.token.get(hash) as TokenRow | undefined;
      return r ? toToken(r) : null;
    },
    touchToken: (hash: string, now: number, expiresAt: number) => {
      q.touchToken.run(now, expiresAt, hash);
    },
    revokeToken: (hash: string) => {
      q.revokeToken.run(hash);
    },
    revokeUserTokens: (userId: string) => q.revokeUserTokens.run(userId).changes,
    purgeTokens: (now: number) => {
      q.purgeTokens.run(now);
    },

    replaceInvite(hash, userId, now, expiresAt, sealed) {
      db.transaction(() => {
        q.voidInvites.run(now, userId);
        q.insertInvite.run(hash, userId, now, expiresAt, sealed);
      }).immediate();
    },
    invite(hash: string): InviteRecord | null {
      const r = q.invite.get(hash) as InviteRow | undefined;
      return r ? toInvite(r) : null;
    },
    /** Marks the invite used; false when it was used concurrently. */
    useInvite: (hash: string, now: number) => q.useInvite.run(now, hash).changes === 1,
    openInvite(userId: string): OpenInvite | null {
      const r = q.openInvite.get(userId) as OpenInviteRow | undefined;
      return r ? toOpenInvite(r) : null;
    },
    accounts: (): AccountRecord[] => toAccounts(q.accounts.all() as AccountRow[]),
    noteSignIn: (userId: string, at: string) => {
      q.noteSignIn.run(at, userId);
    },
  };
}
