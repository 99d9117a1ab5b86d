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
  it('migrates a new file, reopens it cleanly with its data, in WAL mode with synchronous=FULL', () => {
    const file = tempFile();
    const db = openServerDb(file);
    const written = db.writeTx(() => {
      db.sync.nextSeq();
      return db.sync.nextSeq();
    });
    db.users.insert({
      id: 'u1',
      email: 'a@example.org',
      name: 'A',
      role: 'member',
      siteId: null,
      passwordHash: null,
      createdAt: new Date().toISOString(),
    });
    db.close();
    const again = openServerDb(file);
    // Every open continues the seq at least from the clock (restore-marker.ts): never below it.
    expect(again.sync.currentSeq()).toBeGreaterThanOrEqual(written);
    expect(again.users.byId('u1')?.email).toBe('a@example.org');
    again.close();
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_USER_VERSION);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('refuses a database written by a newer server instead of corrupting it', () => {
    const file = tempFile();
    openServerDb(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_USER_VERSION + 1}`);
    raw.close();
    expect(() => openServerDb(file)).toThrow(MigrationError);
  });

  it('rolls back a failed write transaction completely', () => {
    const db = openServerDb(tempFile());
    const before = db.sync.currentSeq();
    expect(() =>
      db.writeTx(() => {
        db.sync.nextSeq();
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(db.sync.currentSeq()).toBe(before);
    db.close();
  });
});
