// The accounts API seen from the device (shapes in src/shared/auth.ts). Every answer is
// parsed again here; failures become named errors the screens turn into messages.
import {
  AccountSummary,
  type CreateUserRequest,
  InviteIssued,
  Session,
  User,
  type UpdateUserRequest,
} from '../../shared/auth';
import { z } from '../../shared/zod';
import {
  ApiRequestError,
  NetworkError,
  RateLimitedError,
  UnauthorizedError,
  throwUnlessOk,
} from './errors';

export { ApiRequestError, NetworkError, RateLimitedError, UnauthorizedError };

export type ApiOptions = { baseUrl?: string; token?: string | null; fetch?: typeof fetch };

async function call<T>(
  path: string,
  schema: z.ZodType<T> | null,
  opts: ApiOptions,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(`${opts.baseUrl ?? ''}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new NetworkError(String((e as Error)?.message ?? e), { cause: e });
  }
  await throwUnlessOk(res);
  if (!schema) return undefined as T;
  return schema.parse(await res.json());
}

export const login = (email: string, password: string, o: ApiOptions = {}) =>
  call('/api/v1/auth/login', Session, o, { method: 'POST', body: { email, password } });

export const redeem = (
  inviteCode: string,
  password: string,
  name: string | undefined,
  o: ApiOptions = {},
) =>
  call('/api/v1/auth/redeem', Session, o, {
    method: 'POST',
    body: { inviteCode, password, ...(name ? { name } : {}) },
  });

export const revoke = (o: ApiOptions) => call('/api/v1/auth/logout', null, o, { method: 'POST' });

export const listUsers = (o: ApiOptions) =>
  call('/api/v1/users', z.object({ users: z.array(AccountSummary) }), o).then((r) => r.users);

export const createUser = (req: z.input<typeof CreateUserRequest>, o: ApiOptions) =>
  call('/api/v1/users', InviteIssued.extend({ user: User }), o, {
    method: 'POST',
    body: req,
  });

export const updateUser = (id: string, req: z.input<typeof UpdateUserRequest>, o: ApiOptions) =>
  call(`/api/v1/users/${encodeURIComponent(id)}`, z.object({ user: User }), o, {
    method: 'PATCH',
    body: req,
  });

/** A new invite code for the account; its open one becomes void. */
export const newInvite = (id: string, o: ApiOptions) =>
  call(`/api/v1/users/${encodeURIComponent(id)}/invite`, InviteIssued, o, { method: 'POST' });

/** The account's open invite code again (until redeemed, replaced or expired). */
export const showInvite = (id: string, o: ApiOptions) =>
  call(`/api/v1/users/${encodeURIComponent(id)}/invite`, InviteIssued, o);
