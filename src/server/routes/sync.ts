// POST /api/v1/sync (docs/architecture.md §Push, §Pull): push mutations and pull changes in one round trip.
// Rate-limited per device (clientId), so one chatty device cannot slow down the others, and per
// account (all its devices together, so rotating clientIds gains nothing). Order: a clientId of
// another account is 403 (charged to the caller's account only) before any device is charged,
// so no one can get another person's device answered 429; then the device, then the account,
// so a device refused for flooding does not use up its person's other devices' budget.
import { Hono } from 'hono';
import type { ServerDb } from '../store/store';
import type { Async, RateLimitStore } from '../store/types';
import type { AppEnv } from '../http/auth-middleware';
import { ApiHttpError, rateLimited } from '../http/errors';
import { readJson } from '../http/json-body';
import { IncomingSyncRequest } from '../sync/incoming';
import { SyncHttpError, handleSync } from '../sync/sync-service';

export type SyncLimiters = {
  perDevice: Async<RateLimitStore> | null;
  perAccount: Async<RateLimitStore> | null;
};

export function syncRoutes(db: ServerDb, clock: () => Date, limiters: SyncLimiters) {
  const app = new Hono<AppEnv>();
  app.post('/', async (c) => {
    const req = await readJson(c, IncomingSyncRequest);
    const user = c.var.user;
    const accountBudget = async () => {
      const wait = (await limiters.perAccount?.take(user.id)) ?? 0;
      return wait > 0
        ? rateLimited(c, wait, `too many syncs from this account; retry in ${wait} s`)
        : null;
    };
    // The same check handleSync makes (and keeps): before the device's budget is charged.
    const owner = (await db.readTx((tx) => tx.sync.client(req.clientId)))?.userId;
    if (owner !== undefined && owner !== user.id) {
      const limited = await accountBudget();
      if (limited) return limited;
      throw new ApiHttpError(
        403,
        'forbidden',
        'this clientId belongs to another account; use a new clientId per account',
      );
    }
    const wait = (await limiters.perDevice?.take(req.clientId)) ?? 0;
    if (wait > 0)
      return rateLimited(c, wait, `too many syncs from this device; retry in ${wait} s`);
    const limited = await accountBudget();
    if (limited) return limited;
    try {
      return c.json(await handleSync(db, user, req, clock()));
    } catch (e) {
      if (e instanceof SyncHttpError) {
        const { error, message, ...extra } = e.body;
        throw new ApiHttpError(e.status, error, message, undefined, {}, extra);
      }
      throw e;
    }
  });
  return app;
}
