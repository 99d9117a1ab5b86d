// POST /api/v1/sync (docs/architecture.md §Push, §Pull): push mutations and pull changes in one round trip.
// Rate-limited per device (clientId), so one chatty device cannot slow down the others.
import { Hono } from 'hono';
import type { RateLimiter } from '../auth/rate-limit';
import type { ServerDb } from '../store/store';
import type { AppEnv } from '../http/auth-middleware';
import { ApiHttpError, rateLimited } from '../http/errors';
import { readJson } from '../http/json-body';
import { IncomingSyncRequest } from '../sync/incoming';
import { SyncHttpError, handleSync } from '../sync/sync-service';

export function syncRoutes(db: ServerDb, clock: () => Date, deviceLimiter: RateLimiter | null) {
  const app = new Hono<AppEnv>();
  app.post('/', async (c) => {
    const req = await readJson(c, IncomingSyncRequest);
    const wait = deviceLimiter?.take(req.clientId) ?? 0;
    if (wait > 0)
      return rateLimited(c, wait, `too many syncs from this device; retry in ${wait} s`);
    try {
      return c.json(await handleSync(db, c.var.user, req, clock()));
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
