// The users store's rows read into domain types, for both stores (store/sqlite/users-repo.ts,
// store/postgres/users-repo.ts): accounts, bearer tokens and invite codes. Times are epoch
// milliseconds: SQLite answers them as numbers, PostgreSQL's bigint may come as text (a pool
// without the store's number parser), so each is read through Number. The SQL stays with each
// store.
import type { Role } from '../../shared/domain/schemas';
import { isSet, type StoredFlag } from './row-values';
import type { AccountRecord, InviteRecord, OpenInvite, TokenRecord, UserRecord } from './types';

/** An epoch-millisecond column as read. */
export type StoredMillis = number | string;

const millisOrNull = (n: StoredMillis | null): number | null => (n === null ? null : Number(n));

/** A users row as both stores answer it. */
export type UserRow = {
  id: string;
  email: string;
  name: string;
  role: string;
  site_id: string | null;
  disabled: StoredFlag;
  password_hash: string | null;
};

export const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role as Role,
  siteId: r.site_id,
  disabled: isSet(r.disabled),
  passwordHash: r.password_hash,
});

/** A tokens row (UsersStore.token). */
export type TokenRow = {
  user_id: string;
  created_at: StoredMillis;
  expires_at: StoredMillis;
  last_used_at: StoredMillis;
  revoked: StoredFlag;
};

export const toToken = (r: TokenRow): TokenRecord => ({
  userId: r.user_id,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  lastUsedAt: Number(r.last_used_at),
  revoked: isSet(r.revoked),
});

/** An invites row as UsersStore.invite reads it. */
export type InviteRow = { user_id: string; expires_at: StoredMillis; used_at: StoredMillis | null };

export const toInvite = (r: InviteRow): InviteRecord => ({
  userId: r.user_id,
  expiresAt: Number(r.expires_at),
  usedAt: millisOrNull(r.used_at),
});

/** An open invite's row (UsersStore.openInvite). */
export type OpenInviteRow = {
  hash: string;
  created_at: StoredMillis | null;
  expires_at: StoredMillis;
  code_sealed: string | null;
};

export const toOpenInvite = (r: OpenInviteRow): OpenInvite => ({
  hash: r.hash,
  createdAt: millisOrNull(r.created_at),
  expiresAt: Number(r.expires_at),
  sealed: r.code_sealed,
});

/** A row of the account list: a user, its activity and an open invite (if any) joined. */
export type AccountRow = UserRow & {
  created_at: string;
  last_sign_in_at: string | null;
  last_sync_at: string | null;
  invite_hash: string | null;
  invite_created_at: StoredMillis | null;
  invite_expires_at: StoredMillis | null;
  code_sealed: string | null;
};

/**
 * The account list (UsersStore.accounts) from its rows ordered by e-mail, then by the invite's
 * expiry, newest first: one account per user, with its newest open invite.
 */
export function toAccounts(rows: Iterable<AccountRow>): AccountRecord[] {
  const out: AccountRecord[] = [];
  for (const r of rows) {
    if (out.at(-1)?.id === r.id) continue; // an older open invite (replaceInvite leaves none)
    out.push({
      ...toUser(r),
      createdAt: r.created_at,
      lastSignInAt: r.last_sign_in_at,
      lastSyncAt: r.last_sync_at,
      invite:
        r.invite_hash !== null && r.invite_expires_at !== null
          ? toOpenInvite({
              hash: r.invite_hash,
              created_at: r.invite_created_at,
              expires_at: r.invite_expires_at,
              code_sealed: r.code_sealed,
            })
          : null,
    });
  }
  return out;
}
