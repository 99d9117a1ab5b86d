// How the SQLite store keeps a record's writers (field_writers): a record one device wrote whole
// holds that device's id once, not once per field, so rows stay small; an edit by another device
// stores the map per field again. What the store answers is checked on both stores by the
// contract suite (test/stores/contract/sync.test.ts); this is SQLite's own encoding.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openServerDb, type StoredRecord } from '../../../src/server/store/store';
import { recordOf } from './postgres/fixtures';

const site = (seq: number, fieldWriters: Record<string, string>): StoredRecord =>
  recordOf('site', 's1', seq, {
    siteId: 's1',
    data: { id: 's1', name: 'Nord', tags: ['a'] },
    fieldVersions: { id: 1, name: seq, tags: 1 },
    fieldWriters,
    createdSeq: 1,
  });

describe('SQLite record writers', () => {
  it('stores the writers of a record one device wrote whole as that one id, per field once another device edits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-store-'));
    const db = openServerDb(join(dir, 'db.sqlite'));
    const stored = () => {
      const raw = new Database(db.location, { readonly: true });
      try {
        const text = raw
          .prepare("SELECT field_writers FROM records WHERE entity = 'site' AND id = 's1'")
          .pluck()
          .get() as string;
        return JSON.parse(text) as unknown;
      } finally {
        raw.close();
      }
    };
    try {
      await db.writeTx(async (tx) =>
        tx.sync.writeRecord(site(await tx.sync.nextSeq(), { id: 'c1', name: 'c1', tags: 'c1' })),
      );
      expect(stored()).toBe('c1');
      await db.writeTx(async (tx) =>
        tx.sync.writeRecord(site(await tx.sync.nextSeq(), { id: 'c1', name: 'c2', tags: 'c1' })),
      );
      expect(stored()).toEqual({ id: 'c1', name: 'c2', tags: 'c1' });
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
