// /api/v1/auth: sign-in with password or invite code, sign-out, who am I (src/shared/auth.ts).
// Sign-in attempts are rate-limited per client IP + e-mail (429 + Retry-After), so guessing one
// account's password is slow without letting a stranger lock others out from elsewhere, and
// per IP with a 10× larger budget, so trying one password on many accounts is slow too.
import { type Context, Hono } from 'hono';
import { LoginRequest, RedeemRequest, type Session } from '../../shared/auth';
import type { Accounts } from '../auth/accounts';
import type { RateLimiter } from '../auth/rate-limit';
import { type AppEnv, requireAuth } from '../http/auth-middleware';
import { rateLimited } from '../http/errors';
import { readJson } from '../http/json-body';

export function authRoutes(
  accounts: Accounts,
  loginLimiter: RateLimiter,
  ipLimiter: RateLimiter,
  clientIp: (c: Context) => string,
) {
  const app = new Hono<AppEnv>();
  /** One sign-in attempt under both limiters; a success clears the key's budget. */
  const attempt = async (
    c: Context<AppEnv>,
    key: string,
    tooMany: string,
    signIn: () => Promise<Session>,
  ) => {
    const wait = Math.max(loginLimiter.take(key), ipLimiter.take(clientIp(c)));
    if (wait > 0) return rateLimited(c, wait, `${tooMany}; bitte in ${wait} s erneut versuchen`);
    const session = await signIn();
    loginLimiter.reset(key);
    return c.json(session);
  };
  app.post('/login', async (c) => {
    const body = await readJson(c, LoginRequest);
    return attempt(c, `${clientIp(c)}|${body.email}`, 'Zu viele Anmeldeversuche', () =>
      accounts.login(body.email, body.password),
    );
  });
  app.post('/redeem', async (c) => {
    const body = await readJson(c, RedeemRequest);
    return attempt(c, `${clientIp(c)}|invite`, 'Zu viele Versuche', () =>
      accounts.redeem(body.inviteCode, body.password, body.name),
    );
  });
  app.post('/logout', requireAuth(accounts), (c) => {
    accounts.logout(c.var.token);
    return c.body(null, 204);
  });
  app.get('/me', requireAuth(accounts), (c) => c.json({ user: c.var.user }));
  return app;
}
