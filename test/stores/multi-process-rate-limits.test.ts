// Rate limits shared by the server processes of one PostgreSQL database (ServerDb.rateLimiter,
// store/postgres/rate-limit-repo.ts), on a real cluster: two ServerDbs (two processes' worth of
// pools) draw on one bucket, so a burst spread over both is refused past the limit; refill at
// the rate, Retry-After in whole seconds, reset, separate names; full buckets pruned; and the
// app's sign-in limit counting attempts made through two apps on one database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app';
import { openPostgresServerDb } from '../../src/server/store/postgres/open';
import { PRUNE_EVERY_MS, makeRateLimiters } from '../../src/server/store/postgres/rate-limit-repo';
import type { ServerDb } from '../../src/server/store/types';
import { PG_URL_ENV, postgresAvailable, testDatabase } from '../support/postgres';

const available = Boolean(process.env[PG_URL_ENV]) || postgresAvailable();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!available)('rate limits across processes (PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let one: ServerDb;
  let two: ServerDb;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await testDatabase();
    [one, two] = await Promise.all([
      openPostgresServerDb(database.url, { poolSize: 4 }),
      openPostgresServerDb(database.url, { poolSize: 4 }),
    ]);
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
  }, 60_000);
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await pool?.end();
    await database?.release();
  });

  it('a burst from two processes together is refused past the limit', async () => {
    const limit = { burst: 10, perSecond: 1 / 3600 };
    const a = one.rateLimiter('burst', limit);
    const b = two.rateLimiter('burst', limit);
    // 15 takes from each process, all in flight at once.
    const waits = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).take('device-1')),
    );
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
    expect(waits.filter((w) => w > 0)).toHaveLength(20);
    // Another key has its own bucket.
    expect(await b.take('device-2')).toBe(0);
    const started = performance.now();
    for (let i = 0; i < 50; i++) await a.take(`timing-${i % 5}`);
    console.log(`one take: ${((performance.now() - started) / 50).toFixed(2)} ms`);
  });

  it('refills at its rate and answers the wait in whole seconds', async () => {
    const slow = one.rateLimiter('slow', { burst: 1, perSecond: 1 / 90 });
    expect(await slow.take('k')).toBe(0);
    expect(await two.rateLimiter('slow', { burst: 1, perSecond: 1 / 90 }).take('k')).toBe(90);

    const fast = { burst: 2, perSecond: 10 };
    expect([
      await one.rateLimiter('fast', fast).take('k'),
      await two.rateLimiter('fast', fast).take('k'),
      await one.rateLimiter('fast', fast).take('k'),
    ]).toEqual([0, 0, 1]);
    await sleep(150); // 1.5 tokens back
    expect(await two.rateLimiter('fast', fast).take('k')).toBe(0);
    expect(await one.rateLimiter('fast', fast).take('k')).toBe(1);
  });

  it('a reset in one process clears the key for all; other names keep their counts', async () => {
    const limit = { burst: 1, perSecond: 1 / 3600 };
    expect(await one.rateLimiter('login', limit).take('ip|a@example.org')).toBe(0);
    expect(await one.rateLimiter('other', limit).take('ip|a@example.org')).toBe(0);
    expect(await two.rateLimiter('login', limit).take('ip|a@example.org')).toBeGreaterThan(0);
    await two.rateLimiter('login', limit).reset('ip|a@example.org');
    expect(await one.rateLimiter('login', limit).take('ip|a@example.org')).toBe(0);
    expect(await one.rateLimiter('other', limit).take('ip|a@example.org')).toBeGreaterThan(0);
  });

  it('deletes buckets that are full again, at most every few minutes per process', async () => {
    let now = 0;
    const limiters = makeRateLimiters(pool, () => now);
    const rows = async (name: string) =>
      (
        await pool.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM rate_limit_buckets WHERE name = $1',
          [name],
        )
      ).rows[0]!.n;
    const quick = limiters('prune-quick', { burst: 1, perSecond: 20 });
    const kept = limiters('prune-kept', { burst: 1, perSecond: 1 / 3600 });
    for (let i = 0; i < 20; i++) await quick.take(`spray-${i}`);
    await kept.take('victim');
    expect(await rows('prune-quick')).toBe(20);
    await sleep(100); // the quick buckets are full again after 50 ms
    now += PRUNE_EVERY_MS - 1;
    await kept.take('victim'); // not due yet
    expect(await rows('prune-quick')).toBe(20);
    now += 1;
    await kept.take('victim');
    expect(await rows('prune-quick')).toBe(0);
    // The bucket under attack is not full: it stays, and still refuses.
    expect(await rows('prune-kept')).toBe(1);
    expect(await kept.take('victim')).toBeGreaterThan(0);
  });

  it("the app's sign-in limit counts attempts made through two processes together", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-rate-'));
    try {
      const options = { photosDir: join(dir, 'photos'), distDir: join(dir, 'dist') };
      const apps = [createApp({ db: one, ...options }), createApp({ db: two, ...options })];
      await apps[0]!.accounts.createUser({
        email: 'rate@example.org',
        name: 'Rate',
        role: 'coordinator',
        siteId: null,
        password: 'the right password',
      });
      const attempt = (i: number) =>
        apps[i % 2]!.request('/api/v1/auth/login', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: 'rate@example.org', password: 'a wrong password' }),
        });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await attempt(i)).status);
      // Five attempts per address and e-mail (DEFAULT_LIMITS.login), whichever process took them.
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
