// Starts the product: one process serving the API and the built PWA.
// Env: PORT (8080), HOST (127.0.0.1), DATA_DIR (./data: SQLite file + photos/), DIST_DIR (./dist),
// ADMIN_EMAIL / ADMIN_PASSWORD (first run only: create the first coordinator directly),
// TRUST_PROXY=1 (behind your own reverse proxy: per-IP limits use X-Forwarded-For),
// PHOTO_QUOTA_BYTES (2 GiB: photo bytes one account may store; see blobs/blob-store.ts),
// ORPHAN_GRACE_DAYS (7: photo bytes no row references are deleted this long after upload),
// RETENTION_DAYS (30: deleted visits are purged this long after the delete; see retention.ts),
// TOKEN_MAX_AGE_DAYS (30: a sign-in token ends this long after issue, however often it is used).
// The first stdout line is JSON {"event":"listening","url","port"} for scripts and tests.
import { serve } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from './app';
import { tokenMaxAgeFromEnv } from './auth/accounts';
import { loadInviteKey } from './auth/secrets';
import { ROOT, dataPaths } from './config';
import { openServerDb } from './store/store';
import { orphanGraceDays, purgeExpired, retentionDays, sweepOrphans } from './retention';

const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
const port = Number(process.env['PORT'] ?? 8080);
const host = process.env['HOST'] ?? '127.0.0.1';
const distDir = resolve(process.env['DIST_DIR'] ?? resolve(ROOT, 'dist'));
const { dbFile, photosDir } = dataPaths();
const retention = retentionDays();
const orphanGrace = orphanGraceDays();

const db = openServerDb(dbFile);
const app = createApp({
  db,
  photosDir,
  distDir,
  version: pkg.version,
  trustProxy: process.env['TRUST_PROXY'] === '1',
  tokenMaxAgeMs: tokenMaxAgeFromEnv(),
  inviteKey: loadInviteKey(dbFile),
});
const bootstrap = await app.accounts.bootstrap({
  email: process.env['ADMIN_EMAIL'],
  password: process.env['ADMIN_PASSWORD'],
});
await app.accounts.purgeTokens();
await app.blobs.sweepExpired();
const sweep = setInterval(() => {
  app.blobs.sweepExpired().catch((e: unknown) => {
    console.error(JSON.stringify({ event: 'upload_sweep_failed', error: String(e) }));
  });
}, 3600_000);
sweep.unref();
const purge = async () => {
  const report = await purgeExpired(db, app.blobs.pathFor, new Date(), retention);
  if (report.visits)
    console.log(JSON.stringify({ event: 'retention_purge', retentionDays: retention, ...report }));
  const orphans = await sweepOrphans(db, app.blobs.pathFor, new Date(), orphanGrace);
  if (orphans.photoFiles)
    console.log(JSON.stringify({ event: 'orphan_sweep', graceDays: orphanGrace, ...orphans }));
};
await purge();
const daily = setInterval(() => {
  purge().catch((e: unknown) => console.error('retention purge failed', e));
}, 86_400_000);
daily.unref();

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  const url = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${info.port}`;
  console.log(JSON.stringify({ event: 'listening', url, port: info.port }));
  console.log(`Standortbesuch läuft auf ${url} (Daten: ${dbFile})`);
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
  clearInterval(sweep);
  clearInterval(daily);
  server.close(closeDbAndExit);
  // Keep-alive connections may hold close() open; the DB is closed either way.
  setTimeout(closeDbAndExit, 5000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
