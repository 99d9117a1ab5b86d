import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MigrationError, SCHEMA_USER_VERSION } from '../../src/server/store/sqlite/migrations';
import { openServerDb } from '../../src/server/store/sqlite/open';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempFile = () => {
  const d = mkdtempSync(join(tmpdir(), 'sb-mig-'));
  dirs.push(d);
  return join(d, 'db.sqlite');
};

describe('server database', () => {
  it('migrates a new file, reopens it cleanly with its data, in WAL mode with synchronous=FULL', async () => {
    const file = tempFile();
    const db = openServerDb(file);
    const written = await db.writeTx(async (tx) => {
      await tx.sync.nextSeq();
      return tx.sync.nextSeq();
    });
    await db.writeTx((tx) =>
      tx.users.insert({
        id: 'u1',
        email: 'a@example.org',
        name: 'A',
        role: 'member',
        siteId: null,
        passwordHash: null,
        createdAt: new Date().toISOString(),
      }),
    );
    await db.close();
    const again = openServerDb(file);
    // Every open continues the seq at least from the clock (restore-marker.ts): never below it.
    expect(await again.readTx((tx) => tx.feed.currentSeq())).toBeGreaterThanOrEqual(written);
    expect((await again.readTx((tx) => tx.users.byId('u1')))?.email).toBe('a@example.org');
    await again.close();
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_USER_VERSION);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('refuses a database written by a newer server instead of corrupting it', async () => {
    const file = tempFile();
    await openServerDb(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_USER_VERSION + 1}`);
    raw.close();
    expect(() => openServerDb(file)).toThrow(MigrationError);
  });

  it('rolls back a failed write transaction completely', async () => {
    const db = openServerDb(tempFile());
    const seq = () => db.readTx((tx) => tx.feed.currentSeq());
    const before = await seq();
    await expect(
      db.writeTx(async (tx) => {
        await tx.sync.nextSeq();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await seq()).toBe(before);
    // The writer's own view agrees (the failed transaction left nothing open on it).
    expect(await db.writeTx((tx) => tx.sync.currentSeq())).toBe(before);
    await db.close();
  });
});
