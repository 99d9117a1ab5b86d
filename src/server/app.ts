// The whole HTTP surface of the product: the API under /api/v1 and the built PWA.
//
// Stable API (used by main.ts, the tests and the in-process multi-device simulation):
//   const db = openServerDb(':memory:' | '/path/file.sqlite');       // src/server/store/store.ts
//   const app = createApp({ db, photosDir, distDir, clock?, limits?, version?, trustProxy? });  // a Hono app
//                                                   // plus app.accounts and app.blobs (sweepExpired)
//   await app.request('/api/v1/sync', { method: 'POST', headers, body });  // or app.fetch(request)
//   await app.accounts.createUser({ email, name, role, siteId, password })  // a user that can log in
//   POST /api/v1/auth/login { email, password } → { token, user, expiresAt }
//   await db.close()                                                // the caller owns the db
// No port is needed. Sync requests that arrive together share one write transaction (group
// commit, each request its own savepoint); answers leave after the COMMIT. `clock` stamps times (createdAt of conflicts, token expiry, serverTime).
// `limits` tune or disable (null) the per-device and per-account sync and the sign-in rate limits;
// a simulation that syncs one device faster than `limits.sync` allows should pass { sync: null }.
//
// Endpoints: GET /api/v1/health; /api/v1/auth/{login,redeem,logout,me}; /api/v1/users[/:id[/invite]];
// POST /api/v1/sync; HEAD/GET /api/v1/blobs/:sha256; POST/HEAD/PATCH /api/v1/uploads[/:id];
// GET /api/v1/activity (coordinators); GET /api/v1/history/:entity/:id.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { makeAccounts } from './auth/accounts';
import type { RateLimit } from './auth/rate-limit';
import { BlobStore, photoQuotaBytes } from './blobs/blob-store';
import type { PhotoStorage } from './blobs/photo-storage';
import type { ServerDb } from './store/store';
import { type AppEnv, requireAuth } from './http/auth-middleware';
import { makeClientIp } from './http/client-ip';
import { compressApi } from './http/compress';
import { inflateRequest } from './http/inflate';
import { apiError, onError } from './http/errors';
import { securityHeaders } from './http/security-headers';
import { makeStaticHandler } from './http/static';
import { activityRoutes } from './routes/activity';
import { authRoutes } from './routes/auth';
import { blobRoutes } from './routes/blobs';
import { historyRoutes } from './routes/history';
import { syncRoutes } from './routes/sync';
import { uploadRoutes } from './routes/uploads';
import { userRoutes } from './routes/users';

export const MAX_JSON_BODY_BYTES = 1024 * 1024;

export type AppLimits = {
  /** Per clientId token bucket for POST /sync; null disables it. */
  sync?: RateLimit | null;
  /** Per IP+e-mail token bucket for sign-in attempts (per IP: 10×); null disables both. */
  login?: RateLimit | null;
  /** Per account (all its devices together) for POST /sync; default: off when `sync` is null. */
  syncAccount?: RateLimit | null;
  /** Per e-mail sign-in attempts from any IP; default: off when `login` is null. */
  loginAccount?: RateLimit | null;
};

export type AppOptions = {
  db: ServerDb;
  /** Folder for photo files (created if missing): photos/ab/cd/<sha256>, uploads in photos/tmp. */
  photosDir: string;
  /** Where photo bytes live instead (blobs/photo-storage-config.ts: an S3 bucket from S3_*). */
  photos?: PhotoStorage;
  distDir: string;
  version?: string;
  clock?: () => Date;
  limits?: AppLimits;
  /** Take the client address for per-IP limits from X-Forwarded-For (only behind your own proxy). */
  trustProxy?: boolean;
  /** Photo bytes one account may store (default: env PHOTO_QUOTA_BYTES, else 2 GiB). */
  photoQuotaBytes?: number;
  /** Absolute token lifetime from issue (env TOKEN_MAX_AGE_DAYS; default 30 days). */
  tokenMaxAgeMs?: number;
  /** Seals invite codes a coordinator may show again (auth/secrets.ts loadInviteKey; default: one per process). */
  inviteKey?: Buffer;
};

export const DEFAULT_LIMITS = {
  sync: { burst: 120, perSecond: 30 },
  login: { burst: 5, perSecond: 1 / 60 },
  // Two devices of one person catching up at full speed; rotating clientIds gains nothing.
  syncAccount: { burst: 240, perSecond: 40 },
  // 10 attempts per 15 minutes at one e-mail from anywhere: then one attempt every 90 s.
  loginAccount: { burst: 10, perSecond: 10 / 900 },
} as const satisfies Required<AppLimits>;

export function createApp(opts: AppOptions) {
  const clock = opts.clock ?? (() => new Date());
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  // An account limit follows its per-device/per-IP sibling when not set: off when that is off.
  const syncAccount =
    opts.limits?.syncAccount !== undefined
      ? opts.limits.syncAccount
      : limits.sync && DEFAULT_LIMITS.syncAccount;
  const loginAccount =
    opts.limits?.loginAccount !== undefined
      ? opts.limits.loginAccount
      : limits.login && DEFAULT_LIMITS.loginAccount;
  const accounts = makeAccounts(opts.db, clock, {
    tokenMaxAgeMs: opts.tokenMaxAgeMs,
    inviteKey: opts.inviteKey,
  });
  const blobs = new BlobStore(
    opts.photos ?? opts.photosDir,
    opts.db,
    clock,
    opts.photoQuotaBytes ?? photoQuotaBytes(),
  );
  // The buckets live where the store says (ServerDb.rateLimiter): in memory on SQLite, shared by
  // every process on PostgreSQL. A limit that is off has none.
  const limiter = (name: string, limit: RateLimit | null | undefined) =>
    limit ? opts.db.rateLimiter(name, limit) : null;
  const login = limits.login;
  const signInLimiters = {
    perIpEmail: limiter('sign-in-ip-email', login),
    perIp: limiter(
      'sign-in-ip',
      login && { burst: login.burst * 10, perSecond: login.perSecond * 10 },
    ),
    perEmail: limiter('sign-in-email', loginAccount),
  };
  const syncLimiters = {
    perDevice: limiter('sync-device', limits.sync),
    perAccount: limiter('sync-account', syncAccount),
  };

  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.use('*', securityHeaders);
  app.use('/api/*', compressApi); // JSON answers ≥ 1 KB brotli/gzip by Accept-Encoding (§Transport)
  // A gzip push is inflated first, so the body limit below counts the inflated bytes (§Transport).
  app.use('/api/v1/sync', inflateRequest(MAX_JSON_BODY_BYTES));
  const jsonLimit = bodyLimit({
    maxSize: MAX_JSON_BODY_BYTES,
    onError: (c) =>
      apiError(c, 413, 'payload_too_large', `the body exceeds ${MAX_JSON_BODY_BYTES} bytes`),
  });
  for (const p of ['/api/v1/auth/*', '/api/v1/users/*', '/api/v1/users', '/api/v1/sync'])
    app.use(p, jsonLimit);

  app.get('/api/v1/health', (c) => c.json({ ok: true, version: opts.version ?? 'dev' }));
  app.route(
    '/api/v1/auth',
    authRoutes(accounts, signInLimiters, makeClientIp(opts.trustProxy ?? false)),
  );
  app.route('/api/v1/users', userRoutes(accounts));
  app.use('/api/v1/sync', requireAuth(accounts));
  app.route('/api/v1/sync', syncRoutes(opts.db, clock, syncLimiters));
  app.use('/api/v1/blobs/*', requireAuth(accounts));
  app.route('/api/v1/blobs', blobRoutes(opts.db, blobs));
  app.use('/api/v1/uploads', requireAuth(accounts));
  app.use('/api/v1/uploads/*', requireAuth(accounts));
  app.route('/api/v1/uploads', uploadRoutes(opts.db, blobs, clock));
  app.use('/api/v1/activity', requireAuth(accounts));
  app.route('/api/v1/activity', activityRoutes(opts.db));
  app.use('/api/v1/history/*', requireAuth(accounts));
  app.route('/api/v1/history', historyRoutes(opts.db));
  app.all('/api/*', (c) => apiError(c, 404, 'not_found', 'No such endpoint'));
  app.get('*', makeStaticHandler(opts.distDir));
  return Object.assign(app, { accounts, blobs });
}
