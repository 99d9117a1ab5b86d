// Accounts: sign-in, invite codes, bearer tokens, user administration. Shared by the HTTP
// routes and the CLI. Tokens are 32 random bytes, stored as SHA-256, valid TOKEN_TTL_MS and
// sliding (each use after a quiet hour extends them), but never longer than the absolute
// lifetime (tokenMaxAgeMs, env TOKEN_MAX_AGE_DAYS) from their issue, so a stolen token that is
// used does not live for ever. Revoked on logout, on disable, by the CLI, and all of an
// account's older tokens when an invite code is redeemed (a password reset ends the old
// sessions). Invite codes are single-use, expire after INVITE_TTL_MS, and a new one voids the
// old (issuing one revokes nothing: the person may be working offline with a valid token).
// A coordinator can show an open code again (showInvite): it is kept sealed under the server's
// invite key (secrets.ts) until it is used or voided. The account list (listAccounts) adds each
// account's status, open invite and last activity: sign-ins are recorded here, syncs are the
// devices' own last-seen times (docs/architecture.md §Auth).
import { v7 as uuidv7 } from 'uuid';
import type { AccountStatus, AccountSummary, InviteIssued, Session, User } from '../../shared/auth';
import type { Role } from '../../shared/domain/schemas';
import { type AccountRecord, type OpenInvite, type ServerDb, publicUser } from '../store/store';
import { hashPassword, verifyPassword } from './passwords';
import {
  newInviteCode,
  newInviteKey,
  newToken,
  normaliseInviteCode,
  openInviteCode,
  sealInviteCode,
  sha256Hex,
} from './secrets';
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
    readonly status: 400 | 401 | 403 | 404 | 409 | 410,
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

const iso = (ms: number) => new Date(ms).toISOString();

export function makeAccounts(
  db: ServerDb,
  clock: () => Date,
  /** inviteKey: the server's invite key (secrets.ts loadInviteKey); default: one for this process. */
  opts: { tokenMaxAgeMs?: number; inviteKey?: Buffer } = {},
) {
  const now = () => clock().getTime();
  const maxAge = opts.tokenMaxAgeMs ?? TOKEN_MAX_AGE_MS;
  const inviteKey = opts.inviteKey ?? newInviteKey();

  function issueSession(user: User): Session {
    const token = newToken();
    const expiresAt = now() + Math.min(TOKEN_TTL_MS, maxAge);
    db.users.insertToken(sha256Hex(token), user.id, now(), expiresAt);
    db.users.noteSignIn(user.id, iso(now()));
    return { token, user, expiresAt: iso(expiresAt) };
  }

  function issueInvite(userId: string): InviteIssued {
    const code = newInviteCode();
    const hash = sha256Hex(normaliseInviteCode(code));
    const issuedAt = now();
    const expiresAt = issuedAt + INVITE_TTL_MS;
    db.users.replaceInvite(
      hash,
      userId,
      issuedAt,
      expiresAt,
      sealInviteCode(code, inviteKey, hash),
    );
    return { inviteCode: code, issuedAt: iso(issuedAt), expiresAt: iso(expiresAt) };
  }

  const openCode = (invite: OpenInvite) =>
    invite.sealed === null ? null : openInviteCode(invite.sealed, inviteKey, invite.hash);

  function summary(a: AccountRecord): AccountSummary {
    const { createdAt, lastSignInAt, lastSyncAt, invite, ...record } = a;
    const open = invite !== null && invite.expiresAt > now();
    const status: AccountStatus = a.disabled
      ? 'disabled'
      : a.passwordHash !== null
        ? 'active'
        : open
          ? 'invited'
          : 'invite_expired';
    return {
      ...publicUser(record),
      createdAt,
      lastSignInAt,
      lastSyncAt,
      status,
      invite: invite && {
        issuedAt: invite.createdAt === null ? null : iso(invite.createdAt),
        expiresAt: iso(invite.expiresAt),
        showable: open && openCode(invite) !== null,
      },
    };
  }

  /**
   * A Quartiersmanagement account is bound to one site; other roles to none. `live`: the site
   * must exist and not be deleted (the API, where a coordinator picks a synced site; the CLI and
   * test seeding may prepare accounts for a site before it syncs).
   */
  function checkSite(role: Role, siteId: string | null, live: boolean) {
    if (role !== 'quartiersmanagement') return;
    if (!siteId)
      throw new AccountError(400, 'site_required', 'Quartiersmanagement needs a site', 'siteId');
    if (!live) return;
    const place = db.sync.place('site', siteId);
    if (!place || place.deleted || place.purged)
      throw new AccountError(400, 'unknown_site', 'no such site', 'siteId');
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
    /** Every account with status, open invite and last activity (the coordinators' list). */
    listAccounts: (): AccountSummary[] => db.users.accounts().map(summary),

    /** The open invite code of `id` again, until it is redeemed, replaced or expired. */
    showInvite(id: string): InviteIssued {
      if (!db.users.byId(id)) throw new AccountError(404, 'not_found', 'No such user');
      const invite = db.users.openInvite(id);
      if (!invite)
        throw new AccountError(404, 'no_open_invite', 'no open invite (redeemed or replaced)');
      if (invite.expiresAt <= now())
        throw new AccountError(410, 'invite_expired', 'the invite has expired');
      const code = openCode(invite);
      if (code === null)
        throw new AccountError(
          409,
          'invite_unreadable',
          'the code was issued under another invite key; issue a new invite',
        );
      return {
        inviteCode: code,
        issuedAt: invite.createdAt === null ? null : iso(invite.createdAt),
        expiresAt: iso(invite.expiresAt),
      };
    },
    byEmail: (email: string) => {
      const u = db.users.byEmail(email);
      return u ? publicUser(u) : null;
    },

    async createUser(
      input: {
        email: string;
        name: string;
        role: Role;
        siteId: string | null;
        password?: string;
      },
      opts: { liveSite?: boolean } = {},
    ): Promise<{ user: User; inviteCode: string | null; invite: InviteIssued | null }> {
      if (db.users.byEmail(input.email))
        throw new AccountError(
          409,
          'email_taken',
          'Diese E-Mail-Adresse hat schon ein Konto',
          'email',
        );
      checkSite(input.role, input.siteId, opts.liveSite ?? false);
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
      const invite = input.password ? null : issueInvite(user.id);
      return { user, inviteCode: invite?.inviteCode ?? null, invite };
    },

    updateUser(
      id: string,
      patch: { name?: string; role?: Role; siteId?: string | null; disabled?: boolean },
      opts: { liveSite?: boolean } = {},
    ): User {
      const current = db.users.byId(id);
      if (!current) throw new AccountError(404, 'not_found', 'No such user');
      const next: User = { ...publicUser(current), ...patch };
      if (next.role !== 'quartiersmanagement') next.siteId = null;
      // An unchanged binding stays valid even if its site was deleted since (it can be restored).
      else
        checkSite(
          next.role,
          next.siteId,
          (opts.liveSite ?? false) && next.siteId !== current.siteId,
        );
      db.users.update(next);
      if (next.disabled && !current.disabled) db.users.revokeUserTokens(id);
      return next;
    },

    /** A new invite code for `id`; the open one becomes void. */
    newInvite(id: string): InviteIssued {
      const user = db.users.byId(id);
      if (!user) throw new AccountError(404, 'not_found', 'No such user');
      return issueInvite(id);
    },
    /** newInvite, just the code (CLI, tests). */
    invite(id: string): string {
      return this.newInvite(id).inviteCode;
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
      return { email, inviteCode: issueInvite(user.id).inviteCode };
    },
  };
}
export type Accounts = ReturnType<typeof makeAccounts>;
