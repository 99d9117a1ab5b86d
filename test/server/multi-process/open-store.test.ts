// Which store the server and the CLI open (store/open-store.ts): SQLite in DATA_DIR when nothing
// is set, PostgreSQL with DATABASE_URL (and DATABASE_POOL_SIZE), and clear start-up errors for
// settings that cannot work. The single SQLite process runs every job and keeps its rate limits
// in memory (ServerDb.lead, ServerDb.rateLimiter).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  StoreConfigError,
  openStoreFromEnv,
  storeConfig,
} from '../../../src/server/store/open-store';

const FILE = '/data/standortbesuch.sqlite';

describe('storeConfig', () => {
  it('is SQLite in DATA_DIR when no DATABASE_URL is set (empty counts as unset)', () => {
    expect(storeConfig(FILE, {})).toEqual({ kind: 'sqlite', file: FILE });
    expect(storeConfig(FILE, { DATABASE_URL: '  ' })).toEqual({ kind: 'sqlite', file: FILE });
  });

  it('is PostgreSQL with DATABASE_URL, with the pool size when given', () => {
    const url = 'postgres://sb:pw@db.internal:5432/standortbesuch';
    expect(storeConfig(FILE, { DATABASE_URL: url })).toEqual({ kind: 'postgres', url });
    expect(
      storeConfig(FILE, { DATABASE_URL: 'postgresql://h/db', DATABASE_POOL_SIZE: '20' }),
    ).toEqual({ kind: 'postgres', url: 'postgresql://h/db', poolSize: 20 });
  });

  it('refuses settings that cannot work, naming the variable', () => {
    expect(() => storeConfig(FILE, { DATABASE_POOL_SIZE: '5' })).toThrow(
      /DATABASE_POOL_SIZE set, but PostgreSQL is used only with DATABASE_URL/,
    );
    expect(() => storeConfig(FILE, { DATABASE_URL: 'mysql://h/db' })).toThrow(StoreConfigError);
    expect(() => storeConfig(FILE, { DATABASE_URL: '/var/lib/sb.sqlite' })).toThrow(
      /DATABASE_URL must be a PostgreSQL URL/,
    );
    for (const size of ['0', '-1', '2.5', 'ten'])
      expect(() =>
        storeConfig(FILE, { DATABASE_URL: 'postgres://h/db', DATABASE_POOL_SIZE: size }),
      ).toThrow(`DATABASE_POOL_SIZE must be a whole number ≥ 1, got "${size}"`);
  });
});

describe('openStoreFromEnv without DATABASE_URL', () => {
  it('opens the SQLite file; its one process leads every job and limits in memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-open-store-'));
    const file = join(dir, 'standortbesuch.sqlite');
    const db = await openStoreFromEnv(file, {});
    try {
      expect(db.kind).toBe('sqlite');
      expect(db.location).toBe(file);
      expect(await db.lead('maintenance')).toBe(true);
      expect(await db.lead('maintenance')).toBe(true);

      const limit = { burst: 2, perSecond: 1 / 3600 };
      const first = db.rateLimiter('sign-in-ip', limit);
      expect([await first.take('k'), await first.take('k')]).toEqual([0, 0]);
      expect(await first.take('k')).toBe(3600);
      await first.reset('k');
      expect(await first.take('k')).toBe(0);
      // In memory: each limiter has buckets of its own (one app, one set).
      expect(await db.rateLimiter('sign-in-ip', limit).take('k')).toBe(0);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
