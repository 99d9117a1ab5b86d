// Accounts, bearer tokens and invite codes in PostgreSQL, answering exactly as the SQLite store
// does (store/sqlite/users-repo.ts). Secrets are stored only as hashes (tokens and invite codes:
// SHA-256; passwords: scrypt, see auth/passwords.ts); an open invite code also sealed under a key
// kept outside the database (auth/secrets.ts), dropped once the invite is used or voided. Texts
// collate "C" (schema.ts), so e-mails order byte-wise as in SQLite; epoch-millisecond bigints
// come from the driver as strings and are turned into numbers here.
import type { User } from '../../../shared/auth';
import type {
  AccountRecord,
  Async,
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
import type { Queryable } from './queryable';

const USER_COLUMNS = 'id, email, name, role, site_id, disabled, password_hash';

export function makeUsersRepo(db: Queryable): Async<UsersStore> {
  return {
    count: async () => Number((await db.one<{ n: string }>('SELECT count(*) AS n FROM users'))!.n),
    hasUsableCoordinator: async () =>
      (await db.one(
        `SELECT 1 FROM users
         WHERE role = 'coordinator' AND password_hash IS NOT NULL AND NOT disabled LIMIT 1`,
      )) !== null,
    byId: async (id: string) => {
      const r = await db.one<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
      return r ? toUser(r) : null;
    },
    byEmail: async (email: string) => {
      const r = await db.one<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1`, [
        email,
      ]);
      return r ? toUser(r) : null;
    },
    all: async () =>
      (await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY email`)).map(toUser),
    async insert(u: NewUser) {
      await db.run(
        `INSERT INTO users (id, email, name, role, site_id, disabled, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, false, $6, $7)`,
        [u.id, u.email, u.name, u.role, u.siteId, u.passwordHash, u.createdAt],
      );
    },
    async update(u: User) {
      await db.run(
        'UPDATE users SET name = $2, role = $3, site_id = $4, disabled = $5 WHERE id = $1',
        [u.id, u.name, u.role, u.siteId, u.disabled],
      );
    },
    async setPassword(userId: string, hash: string) {
      await db.run('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, hash]);
    },

    async insertToken(hash: string, userId: string, now: number, expiresAt: number) {
      await db.run(
        `INSERT INTO tokens (hash, user_id, created_at, expires_at, last_used_at)
         VALUES ($1, $2, $3, $4, $3)`,
        [hash, userId, now, expiresAt],
      );
    },
    async token(hash: string): Promise<TokenRecord | null> {
      const r = await db.one<TokenRow>(
        'SELECT user_id, created_at, expires_at, last_used_at, revoked FROM tokens WHERE hash = $1',
        [hash],
      );
      return r ? toToken(r) : null;
    },
    async touchToken(hash: string, now: number, expiresAt: number) {
      await db.run('UPDATE tokens SET last_used_at = $2, expires_at = $3 WHERE hash = $1', [
        hash,
        now,
        expiresAt,
      ]);
    },
    async revokeToken(hash: string) {
      await db.run('UPDATE tokens SET revoked = true WHERE hash = $1', [hash]);
    },
    revokeUserTokens: (userId: string) =>
      db.run('UPDATE tokens SET revoked = true WHERE user_id = $1 AND NOT revoked', [userId]),
    async purgeTokens(now: number) {
      await db.run('DELETE FROM tokens WHERE expires_at < $1 OR revoked', [now]);
    },

    // Runs in the caller's transaction (SQLite's twin opens its own: there every call outside a
    // transaction commits at once; here every call belongs to a StoreTx).
    async replaceInvite(hash, userId, now, expiresAt, sealed) {
      await db.run(
        'UPDATE invites SET used_at = $2, code_sealed = NULL WHERE user_id = $1 AND used_at IS NULL',
        [userId, now],
      );
      await db.run(
        `INSERT INTO invites (hash, user_id, created_at, expires_at, code_sealed)
         VALUES ($1, $2, $3, $4, $5)`,
        [hash, userId, now, expiresAt, sealed],
      );
    },
    async invite(hash: string): Promise<InviteRecord | null> {
      const r = await db.one<InviteRow>(
        'SELECT user_id, expires_at, used_at FROM invites WHERE hash = $1',
        [hash],
      );
      return r ? toInvite(r) : null;
    },
    // Under READ COMMITTED a second UPDATE of the same row waits for the first transaction and
    // then re-checks `used_at IS NULL` on the committed row: only one of two concurrent uses wins.
    useInvite: async (hash: string, now: number) =>
      (await db.run(
        'UPDATE invites SET used_at = $2, code_sealed = NULL WHERE hash = $1 AND used_at IS NULL',
        [hash, now],
      )) === 1,
    async openInvite(userId: string): Promise<OpenInvite | null> {
      const r = await db.one<OpenInviteRow>(
        `SELECT hash, created_at, expires_at, code_sealed FROM invites
         WHERE user_id = $1 AND used_at IS NULL ORDER BY expires_at DESC LIMIT 1`,
        [userId],
      );
      return r ? toOpenInvite(r) : null;
    },
    // One pass over each table: an account's last sync is the newest of its devices' syncs
    // (clients.last_seen_at); at most one invite is open per account.
    async accounts(): Promise<AccountRecord[]> {
      const rows = await db.query<AccountRow>(
        `SELECT u.id, u.email, u.name, u.role, u.site_id, u.disabled, u.password_hash,
           u.created_at, u.last_sign_in_at, s.last_sync_at, i.hash AS invite_hash,
           i.created_at AS invite_created_at, i.expires_at AS invite_expires_at, i.code_sealed
         FROM users u
         LEFT JOIN (SELECT user_id, max(last_seen_at) AS last_sync_at
           FROM clients GROUP BY user_id) s ON s.user_id = u.id
         LEFT JOIN invites i ON i.user_id = u.id AND i.used_at IS NULL
         ORDER BY u.email, i.expires_at DESC NULLS LAST`,
      );
      return toAccounts(rows);
    },
    async noteSignIn(userId: string, at: string) {
      await db.run('UPDATE users SET last_sign_in_at = $2 WHERE id = $1', [userId, at]);
    },
  };
}
