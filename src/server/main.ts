// Starts the product: one process serving the API and the built PWA.
// Env: PORT (8080), HOST (127.0.0.1), DATA_DIR (./data: SQLite file + photos/), DIST_DIR (./dist),
// ADMIN_EMAIL / ADMIN_PASSWORD (first run only: create the first coordinator directly),
// TRUST_PROXY=1 (behind your own reverse proxy: per-IP limits use X-Forwarded-For),
// PHOTO_QUOTA_BYTES (2 GiB: photo bytes one account may store; see blobs/blob-store.ts),
// ORPHAN_GRACE_DAYS (7: photo bytes no row references are deleted this long after upload),
// RETENTION_DAYS (30: deleted visits are purged this long after the delete; see retention.ts),
// TOKEN_MAX_AGE_DAYS (30: a sign-in token ends this long after issue, however often it is used).
// Several processes (README "Larger deployments"): DATABASE_URL, DATABASE_POOL_SIZE
// (store/open-store.ts), S3_* (blobs/photo-storage-config.ts), INVITE_KEY / INVITE_KEY_FILE
// (auth/invite-key.ts); the periodic jobs and the first start's coordinator account belong to
// the one process that leads.
// The first stdout line is JSON {"event":"listening","url","port"} for scripts and tests; on
// PostgreSQL the next says whether this process leads ({"event":"maintenance","leader"}).
// First: the schemas every later import builds are compiled (zod-jit.ts).
import './zod-jit';
import { serve } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from './app';
import { tokenMaxAgeFromEnv } from './auth/accounts';
import { inviteKeyFromEnv } from './auth/invite-key';
import { openPhotoStorage, photoStorageConfig } from './blobs/photo-storage-config';
import { ROOT, dataPaths } from './config';
import { makeJobRunner } from './periodic-jobs';
import { orphanGraceDays, purgeExpired, retentionDays, sweepOrphans } from './retention';
import { openStoreFromEnv } from './store/open-store';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/** The lock of the periodic jobs: one process runs all of them. */
const MAINTENANCE = 'maintenance';

const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
const port = Number(process.env['PORT'] ?? 8080);
const host = process.env['HOST'] ?? '127.0.0.1';
const distDir = resolve(process.env['DIST_DIR'] ?? resolve(ROOT, 'dist'));
const { dataDir, dbFile, photosDir } = dataPaths();
const retention = retentionDays();
const orphanGrace = orphanGraceDays();

const photos = await openPhotoStorage(photoStorageConfig(photosDir));
const db = await openStoreFromEnv(dbFile);
const inviteKey = inviteKeyFromEnv(process.env, { dataDir, store: db.kind });
if (inviteKey.note) console.warn(JSON.stringify({ event: 'invite_key', note: inviteKey.note }));
const app = createApp({
  db,
  photosDir,
  photos,
  distDir,
  version: pkg.version,
  trustProxy: process.env['TRUST_PROXY'] === '1',
  tokenMaxAgeMs: tokenMaxAgeFromEnv(),
  inviteKey: inviteKey.key,
});
// Of several processes starting on a fresh database, only the leader makes the first account
// (one invite code printed, not one per process that voids the one before).
const bootstrap = (await db.lead(MAINTENANCE))
  ? await app.accounts.bootstrap({
      email: process.env['ADMIN_EMAIL'],
      password: process.env['ADMIN_PASSWORD'],
    })
  : null;
let listening = false;
const jobs = makeJobRunner(
  db,
  [
    { name: 'token_purge', everyMs: DAY_MS, run: () => app.accounts.purgeTokens() },
    { name: 'upload_sweep', everyMs: HOUR_MS, run: () => app.blobs.sweepExpired() },
    {
      name: 'retention_purge',
      everyMs: DAY_MS,
      async run() {
        const report = await purgeExpired(db, app.blobs.storage, new Date(), retention);
        if (report.visits)
          console.log(
            JSON.stringify({ event: 'retention_purge', retentionDays: retention, ...report }),
          );
        const orphans = await sweepOrphans(db, app.blobs.storage, new Date(), orphanGrace);
        if (orphans.photoFiles)
          console.log(
            JSON.stringify({ event: 'orphan_sweep', graceDays: orphanGrace, ...orphans }),
          );
      },
    },
  ],
  {
    lock: MAINTENANCE,
    // Changes after start-up (a takeover); the start-up state is printed after `listening`.
    onLeadChange: (leader) => {
      if (listening) console.log(JSON.stringify({ event: 'maintenance', leader }));
    },
  },
);
await jobs.tick();
const ticks = setInterval(() => void jobs.tick(), HOUR_MS);
ticks.unref();

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  const url = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${info.port}`;
  console.log(JSON.stringify({ event: 'listening', url, port: info.port }));
  if (db.kind !== 'sqlite')
    console.log(JSON.stringify({ event: 'maintenance', leader: jobs.leading }));
  listening = true;
  console.log(`Standortbesuch läuft auf ${url} (Daten: ${db.location})`);
  if (bootstrap?.inviteCode) {
    console.log(
      `Erste Anmeldung: ${url} öffnen, „Ich habe einen Einladungscode" wählen und den Code ${bootstrap.inviteCode} eingeben`,
    );
    console.log(
      `(Konto ${bootstrap.email}, Rolle Koordination; der Code gilt 14 Tage und nur einmal.)`,
    );
  } else if (bootstrap) {
    console.log(
      `Erste Anmeldung: ${url} öffnen und mit ${bootstrap.email} und ADMIN_PASSWORD anmelden.`,
    );
  }
});

let closing = false;
let dbClosed: Promise<void> | null = null;
/** Closes the database once (pending pull bookkeeping is written first), then exits. */
function closeDbAndExit() {
  dbClosed ??= db.close();
  dbClosed.then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(JSON.stringify({ event: 'db_close_failed', error: String(e) }));
      process.exit(1);
    },
  );
}
function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: shutting down`);
  clearInterval(ticks);
  server.close(closeDbAndExit);
  // Keep-alive connections may hold close() open; the DB is closed either way.
  setTimeout(closeDbAndExit, 5000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
