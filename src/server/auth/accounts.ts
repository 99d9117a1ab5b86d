// Accounts: sign-in, invite codes, bearer tokens, user administration. Shared by the HTTP
// routes and the CLI. Tokens are 32 random bytes, stored as SHA-256, valid TOKEN_TTL_MS and
// sliding (each use after a quiet hour extends them), but never longer than the absolute
// lifetime (tokenMaxAgeMs, env TOKEN_MAX_AGE_DAYS) from their issue, so a stolen token that is
// used does not live for ever. Revoked on logout, on disable, by the CLI, and all of an
// account's older tokens when an invite code is redeemed (a password reset ends the old
// sessions). Invite codes are single-use, expire after INVITE_TTL_MS, and a new one voids the
// old (issuing one revokes nothing: the person may be working offline with a valid token).
import { v7 as uuidv7 } from 'uuid';
import type { Session, User } from '../../shared/auth';
import type { Role } from '../../shared/domain/schemas';
import { type ServerDb, publicUser } from '../store/store';
import { hashPassword, verifyPassword } from './passwords';
import { newInviteCode, newToken, normaliseInviteCode, sha256Hex } from './secrets';
import type { ApiErrorCode } from '../../shared/protocol';

export const TOKEN_TTL_MS = 30 * 24 * 3600_000;
/** Absolute token lifetime from issue, however often the token is used (default 30 days). */
export const TOKEN_MAX_AGE_MS = 30 * 24 * 3600_000;
export const INVITE_TTL_MS = 14 * 24 * 3600_000;
const SLIDE_AFTER_MS = 3600_000;
export const BOOTSTRAP_EMAIL = 'koordination@standortbesuch.local';

export class AccountError extends Error {
  override name = 'AccountError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409,
    readonly code: ApiErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

/** TOKEN_MAX_AGE_DAYS (a positive number, fractions allowed) in ms; unset: TOKEN_MAX_AGE_MS. */
export function tokenMaxAgeFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['TOKEN_MAX_AGE_DAYS'];
  if (raw === undefined || raw === '') return TOKEN_MAX_AGE_MS;
  const days = Number(raw);
  if (!Number.isFinite(days) || days <= 0)
    throw new Error(`TOKEN_MAX_AGE_DAYS must be a positive number of days, not ${raw}`);
  return Math.round(days * 24 * 3600_000);
}

export function makeAccounts(
  db: ServerDb,
  clock: () => Date,
  opts: { tokenMaxAgeMs?: number } = {},
) {
  const now = () => clock().getTime();
  const maxAge = opts.tokenMaxAgeMs ?? TOKEN_MAX_AGE_MS;

  function issueSession(user: User): Session {
    const token = newToken();
    const expiresAt = now() + Math.min(TOKEN_TTL_MS, maxAge);
    db.users.insertToken(sha256Hex(token), user.id, now(), expiresAt);
    return { token, user, expiresAt: new Date(expiresAt).toISOString() };
  }

  function issueInvite(userId: string): string {
    const code = newInviteCode();
    db.users.replaceInvite(
      sha256Hex(normaliseInviteCode(code)),
      userId,
      now(),
      now() + INVITE_TTL_MS,
    );
    return code;
  }

  return {
    /** The user behind a bearer token, or null (unknown, expired, revoked, disabled). */
    authenticate(token: string): User | null {
      const hash = sha256Hex(token);
      const t = db.users.token(hash);
      const end = t ? t.createdAt + maxAge : 0;
      if (!t || t.revoked || t.expiresAt <= now() || end <= now()) return null;
      const user = db.users.byId(t.userId);
      if (!user || user.disabled) return null;
      if (now() - t.lastUsedAt > SLIDE_AFTER_MS)
        db.users.touchToken(hash, now(), Math.min(now() + TOKEN_TTL_MS, end));
      return publicUser(user);
    },

    async login(email: string, password: string): Promise<Session> {
      const user = db.users.byEmail(email);
      const ok = await verifyPassword(password, user?.passwordHash ?? null);
      if (!user || !ok || user.disabled)
        throw new AccountError(401, 'invalid_credentials', 'E-Mail oder Passwort ist falsch');
      return issueSession(publicUser(user));
    },

    async redeem(inviteCode: string, password: string, name?: string): Promise<Session> {
      const hash = sha256Hex(normaliseInviteCode(inviteCode));
      const invite = db.users.invite(hash);
      const user = invite ? db.users.byId(invite.userId) : null;
      if (
        !invite ||
        !user ||
        invite.usedAt !== null ||
        invite.expiresAt <= now() ||
        user.disabled
      ) {
        throw new AccountError(
          401,
          'invalid_invite',
          'Der Einladungscode ist ungültig oder abgelaufen',
          'inviteCode',
        );
      }
      const passwordHash = await hashPassword(password);
      if (!db.users.useInvite(hash, now()))
        throw new AccountError(
          401,
          'invalid_invite',
          'Der Einladungscode wurde bereits verwendet',
          'inviteCode',
        );
      db.users.setPassword(user.id, passwordHash);
      // A new password ends every older session (a reset after a lost or stolen device).
      db.users.revokeUserTokens(user.id);
      const updated = { ...publicUser(user), ...(name ? { name } : {}) };
      if (name) db.users.update(updated);
      return issueSession(updated);
    },

    logout: (token: string) => db.users.revokeToken(sha256Hex(token)),
    list: () => db.users.all().map(publicUser),
    byEmail: (email: string) => {
      const u = db.users.byEmail(email);
      return u ? publicUser(u) : null;
    },

    async createUser(input: {
      email: string;
      name: string;
      role: Role;
      siteId: string | null;
      password?: string;
    }): Promise<{ user: User; inviteCode: string | null }> {
      if (db.users.byEmail(input.email))
        throw new AccountError(
          409,
          'email_taken',
          'Diese E-Mail-Adresse hat schon ein Konto',
          'email',
        );
      if (input.role === 'quartiersmanagement' && !input.siteId)
        throw new AccountError(400, 'invalid', 'Quartiersmanagement needs a site', 'siteId');
      const user: User = {
        id: uuidv7(),
        email: input.email,
        name: input.name,
        role: input.role,
        siteId: input.role === 'quartiersmanagement' ? input.siteId : null,
        disabled: false,
      };
      const passwordHash = input.password ? await hashPassword(input.password) : null;
      db.users.insert({ ...user, passwordHash, createdAt: clock().toISOString() });
      return { user, inviteCode: input.password ? null : issueInvite(user.id) };
    },

    updateUser(
      id: string,
      patch: { name?: string; role?: Role; siteId?: string | null; disabled?: boolean },
    ): User {
      const current = db.users.byId(id);
      if (!current) throw new AccountError(404, 'not_found', 'No such user');
      const next: User = { ...publicUser(current), ...patch };
      if (next.role !== 'quartiersmanagement') next.siteId = null;
      else if (!next.siteId)
        throw new AccountError(400, 'invalid', 'Quartiersmanagement needs a site', 'siteId');
      db.users.update(next);
      if (next.disabled && !current.disabled) db.users.revokeUserTokens(id);
      return next;
    },

    invite(id: string): string {
      const user = db.users.byId(id);
      if (!user) throw new AccountError(404, 'not_found', 'No such user');
      return issueInvite(id);
    },

    revokeTokens: (id: string) => db.users.revokeUserTokens(id),
    /** Deletes expired and revoked token rows (they can never authenticate again). */
    purgeTokens: () => db.users.purgeTokens(now()),

    /**
     * First run: with no usable coordinator, ADMIN_EMAIL + ADMIN_PASSWORD create one directly;
     * otherwise a coordinator account (ADMIN_EMAIL or BOOTSTRAP_EMAIL) gets a fresh invite code,
     * printed by main.ts. Each start without a usable coordinator issues a new code.
     */
    async bootstrap(env: {
      email?: string;
      password?: string;
    }): Promise<{ email: string; inviteCode: string | null } | null> {
      if (db.users.hasUsableCoordinator()) return null;
      const email = (env.email ?? BOOTSTRAP_EMAIL).trim().toLowerCase();
      let user = db.users.byEmail(email);
      if (!user) {
        await this.createUser({ email, name: 'Koordination', role: 'coordinator', siteId: null });
        user = db.users.byEmail(email)!;
      }
      if (env.password) {
        db.users.setPassword(user.id, await hashPassword(env.password));
        return { email, inviteCode: null };
      }
      return { email, inviteCode: issueInvite(user.id) };
    },
  };
}
export type Accounts = ReturnType<typeof makeAccounts>;
