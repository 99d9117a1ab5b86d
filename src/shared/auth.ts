// Accounts API shapes, shared by client and server (docs/architecture.md §Auth).
//   POST /api/v1/auth/login   LoginRequest  → Session            (429 when rate-limited)
//   POST /api/v1/auth/redeem  RedeemRequest → Session            (first sign-in with an invite code; sets the password)
//   POST /api/v1/auth/logout  (bearer)      → 204                (revokes this token)
//   GET  /api/v1/auth/me      (bearer)      → { user: User }
//   GET  /api/v1/users        (coordinator) → { users: User[] }
//   POST /api/v1/users        (coordinator) CreateUserRequest → { user: User, inviteCode: string }
//   PATCH /api/v1/users/:id   (coordinator) UpdateUserRequest → { user: User }
//   POST /api/v1/users/:id/invite (coordinator) → { inviteCode: string }   (new code, old one void)
// Every authenticated request carries `Authorization: Bearer <token>`; an invalid,
// expired or revoked token answers 401 { error: 'unauthorized' }.
import { z } from './zod';
import { Id, Role } from './domain/schemas';

export const Email = z.string().trim().toLowerCase().email().max(200);
export const Password = z.string().min(10, 'at least 10 characters').max(200);
export const InviteCode = z.string().trim().min(6).max(64);

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
  name: z.string().trim().max(200).optional(),
});
export const Session = z.object({
  token: z.string().min(20),
  user: User,
  expiresAt: z.iso.datetime(),
});
export type Session = z.infer<typeof Session>;

export const CreateUserRequest = z
  .object({
    email: Email,
    name: z.string().trim().min(1).max(200),
    role: Role,
    siteId: Id.nullable().default(null),
  })
  .refine((u) => u.role !== 'quartiersmanagement' || u.siteId !== null, {
    message: 'Quartiersmanagement needs a site',
    path: ['siteId'],
  });

export const UpdateUserRequest = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  role: Role.optional(),
  siteId: Id.nullable().optional(),
  disabled: z.boolean().optional(),
});
