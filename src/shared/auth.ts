// Accounts API shapes, shared by client and server (docs/architecture.md §Auth).
//   POST /api/v1/auth/login   LoginRequest  → Session            (429 when rate-limited)
//   POST /api/v1/auth/redeem  RedeemRequest → Session            (first sign-in with an invite code; sets the password)
//   POST /api/v1/auth/logout  (bearer)      → 204                (revokes this token)
//   GET  /api/v1/auth/me      (bearer)      → { user: User }
//   GET  /api/v1/users        (coordinator) → { users: AccountSummary[] }
//   POST /api/v1/users        (coordinator) CreateUserRequest → { user: User } & InviteIssued
//   PATCH /api/v1/users/:id   (coordinator) UpdateUserRequest → { user: User }
//   POST /api/v1/users/:id/invite (coordinator) → InviteIssued   (new code, old one void)
//   GET  /api/v1/users/:id/invite (coordinator) → InviteIssued   (the open code again, until it is
//        redeemed or replaced: 404 no_open_invite; 410 invite_expired; 409 invite_unreadable)
// A Quartiersmanagement account always has a live site: 400 site_required / unknown_site (path siteId).
// Every authenticated request carries `Authorization: Bearer <token>`; an invalid,
// expired or revoked token answers 401 { error: 'unauthorized' }.
import { z } from './zod';
import { Id, Role } from './domain/schemas';

export const Email = z.string().trim().toLowerCase().email().max(200);
export const Password = z.string().min(10, 'at least 10 characters').max(200);
export const InviteCode = z.string().trim().min(6).max(64);
/** A person's name as typed: no control characters (a NUL cannot be stored, a tab or newline breaks lists and CSV). */
const PersonName = z
  .string()
  .trim()
  .max(200)
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters');

export const User = z.object({
  id: Id,
  email: Email,
  name: z.string().max(200),
  role: Role,
  /** Quartiersmanagement only: the one site this account may see. */
  siteId: Id.nullable(),
  disabled: z.boolean(),
});
export type User = z.infer<typeof User>;

export const LoginRequest = z.object({ email: Email, password: z.string().min(1).max(200) });
export const RedeemRequest = z.object({
  inviteCode: InviteCode,
  password: Password,
  name: PersonName.optional(),
});
export const Session = z.object({
  token: z.string().min(20),
  user: User,
  expiresAt: z.iso.datetime(),
});
export type Session = z.infer<typeof Session>;

// The server checks that a Quartiersmanagement account names a live site (site_required,
// unknown_site): the shape alone cannot know the sites.
export const CreateUserRequest = z.object({
  email: Email,
  name: PersonName.pipe(z.string().min(1)),
  role: Role,
  siteId: Id.nullable().default(null),
});

export const UpdateUserRequest = z.object({
  name: PersonName.pipe(z.string().min(1)).optional(),
  role: Role.optional(),
  siteId: Id.nullable().optional(),
  disabled: z.boolean().optional(),
});

/** An invite code as issued or shown again, with when it was issued (null: unknown) and expires. */
export const InviteIssued = z.object({
  inviteCode: z.string(),
  issuedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime(),
});
export type InviteIssued = z.infer<typeof InviteIssued>;

/**
 * Where an account stands: 'invited' (no password yet, its invite is open), 'invite_expired' (no
 * password, its invite expired or was never issued), 'active' (has a password; a new invite
 * may be open, e.g. a password reset), 'disabled'.
 */
export const AccountStatus = z.enum(['invited', 'invite_expired', 'active', 'disabled']);
export type AccountStatus = z.infer<typeof AccountStatus>;

/** One entry of the account list (coordinators only). Times are ISO, recorded by the server. */
export const AccountSummary = User.extend({
  createdAt: z.string(),
  /** The last sign-in with password or invite code. */
  lastSignInAt: z.iso.datetime().nullable(),
  /** The last sync of any of the account's devices. */
  lastSyncAt: z.iso.datetime().nullable(),
  status: AccountStatus,
  /** The open invite; showable: its code can be shown again (GET /users/:id/invite). */
  invite: z
    .object({
      issuedAt: z.iso.datetime().nullable(),
      expiresAt: z.iso.datetime(),
      showable: z.boolean(),
    })
    .nullable(),
});
export type AccountSummary = z.infer<typeof AccountSummary>;
