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
import {
  type AccountRecord,
  type OpenInvite,
  type ServerDb,
  type StoreTx,
  publicUser,
} from '../store/store';
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

  async function issueSession(tx: StoreTx, user: User): Promise<Session> {
    const token = newToken();
    const expiresAt = now() + Math.min(TOKEN_TTL_MS, maxAge);
    await tx.users.insertToken(sha256Hex(token), user.id, now(), expiresAt);
    await tx.users.noteSignIn(user.id, iso(now()));
    return { token, user, expiresAt: iso(expiresAt) };
  }

  async function issueInvite(tx: StoreTx, userId: string): Promise<InviteIssued> {
    const code = newInviteCode();
    const hash = sha256Hex(normaliseInviteCode(code));
    const issuedAt = now();
    const expiresAt = issuedAt + INVITE_TTL_MS;
    await tx.users.replaceInvite(
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
  async function checkSite(tx: StoreTx, role: Role, siteId: string | null, live: boolean) {
    if (role !== 'quartiersmanagement') return;
    if (!siteId)
      throw new AccountError(400, 'site_required', 'Quartiersmanagement needs a site', 'siteId');
    if (!live) return;
    const place = await tx.sync.place('site', siteId);
    if (!place || place.deleted || place.purged)
      throw new AccountError(400, 'unknown_site', 'no such site', 'siteId');
  }

  const invalidInvite = (message: string) =>
    new AccountError(401, 'invalid_invite', message, 'inviteCode');

  type NewAccount = { email: string; name: string; role: Role; siteId: string | null };

  /**
   * Checks and inserts an account in the caller's write transaction, so a concurrent creation of
   * the same e-mail cannot pass the check too; without a password hash it gets an invite.
   */
  async function insertAccount(
    tx: StoreTx,
    input: NewAccount,
    passwordHash: string | null,
    liveSite: boolean,
  ): Promise<{ user: User; invite: InviteIssued | null }> {
    if (await tx.users.byEmail(input.email))
      throw new AccountError(
        409,
        'email_taken',
        'Diese E-Mail-Adresse hat schon ein Konto',
        'email',
      );
    await checkSite(tx, input.role, input.siteId, liveSite);
    const user: User = {
      id: uuidv7(),
      email: input.email,
      name: input.name,
      role: input.role,
      siteId: input.role === 'quartiersmanagement' ? input.siteId : null,
      disabled: false,
    };
    await tx.users.insert({ ...user, passwordHash, createdAt: clock().toISOString() });
    const invite = passwordHash === null ? await issueInvite(tx, user.id) : null;
    return { user, invite };
  }

  return {
    /**
     * The user behind a bearer token, or null (unknown, expired, revoked, disabled): one read
     * snapshot per request, so requests never wait for the writer; the sliding extension (at most
     * once an hour per token) is a write of its own, which never revives a revoked token.
     */
    async authenticate(token: string): Promise<User | null> {
      const hash = sha256Hex(token);
      const found = await db.readTx(async (tx) => {
        const t = await tx.users.token(hash);
        return t ? { t, user: await tx.users.byId(t.userId) } : null;
      });
      if (!found) return null;
      const { t, user } = found;
      const end = t.createdAt + maxAge;
      if (t.revoked || t.expiresAt <= now() || end <= now()) return null;
      if (!user || user.disabled) return null;
      if (now() - t.lastUsedAt > SLIDE_AFTER_MS)
        await db.writeTxOutsideFeed((tx) =>
          tx.users.touchToken(hash, now(), Math.min(now() + TOKEN_TTL_MS, end)),
        );
      return publicUser(user);
    },

    async login(email: string, password: string): Promise<Session> {
      const user = await db.readTx((tx) => tx.users.byEmail(email));
      const ok = await verifyPassword(password, user?.passwordHash ?? null);
      if (!user || !ok || user.disabled)
        throw new AccountError(401, 'invalid_credentials', 'E-Mail oder Passwort ist falsch');
      // The password was checked outside the writer (it is slow); the session is issued only if
      // the account is still enabled with that password when the write runs.
      return db.writeTx(async (tx) => {
        const current = await tx.users.byId(user.id);
        if (!current || current.disabled || current.passwordHash !== user.passwordHash)
          throw new AccountError(401, 'invalid_credentials', 'E-Mail oder Passwort ist falsch');
        return issueSession(tx, publicUser(current));
      });
    },

    async redeem(inviteCode: string, password: string, name?: string): Promise<Session> {
      const hash = sha256Hex(normaliseInviteCode(inviteCode));
      const usable = (
        invite: { usedAt: number | null; expiresAt: number } | null,
        user: { disabled: boolean } | null,
      ) =>
        invite !== null &&
        user !== null &&
        invite.usedAt === null &&
        invite.expiresAt > now() &&
        !user.disabled;
      const checked = await db.readTx(async (tx) => {
        const invite = await tx.users.invite(hash);
        const user = invite ? await tx.users.byId(invite.userId) : null;
        return usable(invite, user);
      });
      if (!checked) throw invalidInvite('Der Einladungscode ist ungültig oder abgelaufen');
      // Hashed before the write transaction (it is slow); everything after is one transaction:
      // the invite is checked and marked used, the password set and the older sessions ended
      // together, on the account as it is now.
      const passwordHash = await hashPassword(password);
      return db.writeTx(async (tx) => {
        const invite = await tx.users.invite(hash);
        const user = invite ? await tx.users.byId(invite.userId) : null;
        if (invite && invite.usedAt !== null)
          throw invalidInvite('Der Einladungscode wurde bereits verwendet');
        if (!usable(invite, user) || !user)
          throw invalidInvite('Der Einladungscode ist ungültig oder abgelaufen');
        if (!(await tx.users.useInvite(hash, now())))
          throw invalidInvite('Der Einladungscode wurde bereits verwendet');
        await tx.users.setPassword(user.id, passwordHash);
        // A new password ends every older session (a reset after a lost or stolen device).
        await tx.users.revokeUserTokens(user.id);
        const updated = { ...publicUser(user), ...(name ? { name } : {}) };
        if (name) await tx.users.update(updated);
        return issueSession(tx, updated);
      });
    },

    logout: (token: string): Promise<void> =>
      db.writeTx((tx) => tx.users.revokeToken(sha256Hex(token))),
    list: async (): Promise<User[]> => (await db.readTx((tx) => tx.users.all())).map(publicUser),
    /** Every account with status, open invite and last activity (the coordinators' list). */
    listAccounts: async (): Promise<AccountSummary[]> =>
      (await db.readTx((tx) => tx.users.accounts())).map(summary),

    /** The open invite code of `id` again, until it is redeemed, replaced or expired. */
    async showInvite(id: string): Promise<InviteIssued> {
      const { user, invite } = await db.readTx(async (tx) => ({
        user: await tx.users.byId(id),
        invite: await tx.users.openInvite(id),
      }));
      if (!user) throw new AccountError(404, 'not_found', 'No such user');
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
    byEmail: async (email: string): Promise<User | null> => {
      const u = await db.readTx((tx) => tx.users.byEmail(email));
      return u ? publicUser(u) : null;
    },

    async createUser(
      input: NewAccount & { password?: string },
      opts: { liveSite?: boolean } = {},
    ): Promise<{ user: User; inviteCode: string | null; invite: InviteIssued | null }> {
      const { password, ...account } = input;
      // Hashed before the write transaction (it is slow); the checks run inside it.
      const passwordHash = password ? await hashPassword(password) : null;
      const { user, invite } = await db.writeTx((tx) =>
        insertAccount(tx, account, passwordHash, opts.liveSite ?? false),
      );
      return { user, inviteCode: invite?.inviteCode ?? null, invite };
    },

    /** Reads, checks and writes the account in one transaction (no concurrent change is lost). */
    updateUser(
      id: string,
      patch: { name?: string; role?: Role; siteId?: string | null; disabled?: boolean },
      opts: { liveSite?: boolean } = {},
    ): Promise<User> {
      return db.writeTx(async (tx) => {
        const current = await tx.users.byId(id);
        if (!current) throw new AccountError(404, 'not_found', 'No such user');
        const next: User = { ...publicUser(current), ...patch };
        if (next.role !== 'quartiersmanagement') next.siteId = null;
        // An unchanged binding stays valid even if its site was deleted since (it can be restored).
        else
          await checkSite(
            tx,
            next.role,
            next.siteId,
            (opts.liveSite ?? false) && next.siteId !== current.siteId,
          );
        await tx.users.update(next);
        if (next.disabled && !current.disabled) await tx.users.revokeUserTokens(id);
        return next;
      });
    },

    /** A new invite code for `id`; the open one becomes void. */
    newInvite(id: string): Promise<InviteIssued> {
      return db.writeTx(async (tx) => {
        const user = await tx.users.byId(id);
        if (!user) throw new AccountError(404, 'not_found', 'No such user');
        return issueInvite(tx, id);
      });
    },
    /** newInvite, just the code (CLI, tests). */
    async invite(id: string): Promise<string> {
      return (await this.newInvite(id)).inviteCode;
    },

    revokeTokens: (id: string): Promise<number> =>
      db.writeTx((tx) => tx.users.revokeUserTokens(id)),
    /** Deletes expired and revoked token rows (they can never authenticate again). */
    purgeTokens: (): Promise<void> => db.writeTx((tx) => tx.users.purgeTokens(now())),

    /**
     * First run: with no usable coordinator, ADMIN_EMAIL + ADMIN_PASSWORD create one directly;
     * otherwise a coordinator account (ADMIN_EMAIL or BOOTSTRAP_EMAIL) gets a fresh invite code,
     * printed by main.ts. Each start without a usable coordinator issues a new code. The check
     * and the writes are one transaction, so processes starting together create one account.
     */
    async bootstrap(env: {
      email?: string;
      password?: string;
    }): Promise<{ email: string; inviteCode: string | null } | null> {
      if (await db.readTx((tx) => tx.users.hasUsableCoordinator())) return null;
      const email = (env.email ?? BOOTSTRAP_EMAIL).trim().toLowerCase();
      const passwordHash = env.password ? await hashPassword(env.password) : null;
      return db.writeTx(async (tx) => {
        if (await tx.users.hasUsableCoordinator()) return null;
        let user: User | null = await tx.users.byEmail(email);
        if (!user) {
          const account = {
            email,
            name: 'Koordination',
            role: 'coordinator',
            siteId: null,
          } as const;
          user = (await insertAccount(tx, account, null, false)).user;
        }
        if (passwordHash !== null) {
          await tx.users.setPassword(user.id, passwordHash);
          return { email, inviteCode: null };
        }
        return { email, inviteCode: (await issueInvite(tx, user.id)).inviteCode };
      });
    },
  };
}
export type Accounts = ReturnType<typeof makeAccounts>;
