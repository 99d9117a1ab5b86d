// /api/v1/auth: sign-in with password or invite code, sign-out, who am I (src/shared/auth.ts).
// Sign-in attempts are rate-limited per client IP + e-mail (429 + Retry-After), so guessing one
// account's password is slow without letting a stranger lock others out from elsewhere, and
// per IP with a 10× larger budget, so trying one password on many accounts is slow too.
import { type Context, Hono } from 'hono';
import { LoginRequest, RedeemRequest } from '../../shared/auth';
import type { Accounts } from '../auth/accounts';
import type { RateLimiter } from '../auth/rate-limit';
import { type AppEnv, requireAuth } from '../http/auth-middleware';
import { apiError } from '../http/errors';
import { readJson } from '../http/json-body';

export function authRoutes(
  accounts: Accounts,
  loginLimiter: RateLimiter,
  ipLimiter: RateLimiter,
  clientIp: (c: Context) => string,
) {
  const app = new Hono<AppEnv>();
  app.post('/login', async (c) => {
    const body = await readJson(c, LoginRequest);
    const key = `${clientIp(c)}|${body.email}`;
    const wait = Math.max(loginLimiter.take(key), ipLimiter.take(clientIp(c)));
    if (wait > 0)
      return apiError(
        c,
        429,
        'rate_limited',
        `Zu viele Anmeldeversuche; bitte in ${wait} s erneut versuchen`,
        undefined,
        { 'Retry-After': String(wait) },
      );
    const session = await accounts.login(body.email, body.password);
    loginLimiter.reset(key);
    return c.json(session);
  });
  app.post('/redeem', async (c) => {
    const body = await readJson(c, RedeemRequest);
    const key = `${clientIp(c)}|invite`;
    const wait = Math.max(loginLimiter.take(key), ipLimiter.take(clientIp(c)));
    if (wait > 0)
      return apiError(
        c,
        429,
        'rate_limited',
        `Zu viele Versuche; bitte in ${wait} s erneut versuchen`,
        undefined,
        { 'Retry-After': String(wait) },
      );
    const session = await accounts.redeem(body.inviteCode, body.password, body.name);
    loginLimiter.reset(key);
    return c.json(session);
  });
  app.post('/logout', requireAuth(accounts), (c) => {
    accounts.logout(c.var.token);
    return c.body(null, 204);
  });
  app.get('/me', requireAuth(accounts), (c) => c.json({ user: c.var.user }));
  return app;
}
