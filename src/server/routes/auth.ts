// /api/v1/auth: sign-in with password or invite code, sign-out, who am I (src/shared/auth.ts).
// Sign-in attempts are rate-limited per client IP + e-mail (429 + Retry-After), so guessing one
// account's password is slow without letting a stranger lock others out from elsewhere, per IP
// with a 10× larger budget, so trying one password on many accounts is slow too, and per e-mail
// from any IP (10 per 15 min, then one per 90 s), so guesses from many addresses are slow as
// well. The per-e-mail wait is short and stated (Retry-After); the person's tokens keep working,
// and an invite code (a separate budget) still lets them in. Unknown e-mails are limited the
// same way: the answers say nothing about which accounts exist.
import { type Context, Hono } from 'hono';
import { LoginRequest, RedeemRequest, type Session } from '../../shared/auth';
import type { Accounts } from '../auth/accounts';
import { type AppEnv, requireAuth } from '../http/auth-middleware';
import { rateLimited } from '../http/errors';
import { readJson } from '../http/json-body';
import type { Async, RateLimitStore } from '../store/types';

/** null: no such limit (tests that sign in many times). */
export type SignInLimiters = {
  perIpEmail: Async<RateLimitStore> | null;
  perIp: Async<RateLimitStore> | null;
  perEmail: Async<RateLimitStore> | null;
};

export function authRoutes(
  accounts: Accounts,
  limiters: SignInLimiters,
  clientIp: (c: Context) => string,
) {
  const app = new Hono<AppEnv>();
  /**
   * One sign-in attempt under the limiters, checked in order: per IP first (so one address
   * cannot fill the other limiters with keys), then IP + e-mail, then e-mail. An attempt refused
   * by one is not charged to the next, so one noisy address does not drain an account's budget
   * by itself; a success clears the attempt's budgets.
   */
  const attempt = async (
    c: Context<AppEnv>,
    key: string,
    email: string | null,
    tooMany: string,
    signIn: () => Promise<Session>,
  ) => {
    const wait =
      ((await limiters.perIp?.take(clientIp(c))) ?? 0) ||
      ((await limiters.perIpEmail?.take(key)) ?? 0) ||
      (email !== null ? ((await limiters.perEmail?.take(email)) ?? 0) : 0);
    if (wait > 0) return rateLimited(c, wait, `${tooMany}; bitte in ${wait} s erneut versuchen`);
    const session = await signIn();
    await limiters.perIpEmail?.reset(key);
    if (email !== null) await limiters.perEmail?.reset(email);
    return c.json(session);
  };
  app.post('/login', async (c) => {
    const body = await readJson(c, LoginRequest);
    return attempt(c, `${clientIp(c)}|${body.email}`, body.email, 'Zu viele Anmeldeversuche', () =>
      accounts.login(body.email, body.password),
    );
  });
  app.post('/redeem', async (c) => {
    const body = await readJson(c, RedeemRequest);
    return attempt(c, `${clientIp(c)}|invite`, null, 'Zu viele Versuche', () =>
      accounts.redeem(body.inviteCode, body.password, body.name),
    );
  });
  app.post('/logout', requireAuth(accounts), async (c) => {
    await accounts.logout(c.var.token);
    return c.body(null, 204);
  });
  app.get('/me', requireAuth(accounts), (c) => c.json({ user: c.var.user }));
  return app;
}
