// Bearer authentication for API routes: sets c.var.user or answers 401 { error: 'unauthorized' }.
import type { MiddlewareHandler } from 'hono';
import type { User } from '../../shared/auth';
import type { Accounts } from '../auth/accounts';
import { apiError } from './errors';

export type AppEnv = { Variables: { user: User; token: string } };

export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/.exec(header ?? '');
  return m ? m[1]! : null;
}

export function requireAuth(accounts: Accounts): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    const user = token ? await accounts.authenticate(token) : null;
    if (!token || !user)
      return apiError(c, 401, 'unauthorized', 'Bitte erneut anmelden', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    c.set('user', user);
    c.set('token', token);
    await next();
  };
}
