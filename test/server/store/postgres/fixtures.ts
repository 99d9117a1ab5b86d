// The PostgreSQL store next to an in-memory SQLite store, for tests that run the same calls on
// both and expect the same answers; plus rows built by hand (records, conflicts, rejections).
import { openPostgresServerDb } from '../../../../src/server/store/postgres/open';
import { openServerDb } from '../../../../src/server/store/store';
import type {
  NewUser,
  ServerDb,
  StoredConflict,
  StoredRecord,
  StoredRejection,
} from '../../../../src/server/store/types';
import type { EntityName } from '../../../../src/shared/domain/schemas';
import { testDatabase } from '../../../support/postgres';

export type BothStores = {
  pg: ServerDb;
  sqlite: ServerDb;
  /** Runs fn on each store (PostgreSQL first) and answers both results. */
  each<T>(fn: (db: ServerDb) => Promise<T>): Promise<{ pg: T; sqlite: T }>;
  close(): Promise<void>;
};

export async function openBothStores(): Promise<BothStores> {
  const database = await testDatabase();
  // Both continue from small seqs (an in-memory SQLite database has no file to restore, and a
  // PostgreSQL start at clock 0 skips nothing), so their answers compare seq for seq.
  const pg = await openPostgresServerDb(database.url, { poolSize: 4, now: () => 0 });
  const sqlite = openServerDb(':memory:');
  return {
    pg,
    sqlite,
    async each(fn) {
      return { pg: await fn(pg), sqlite: await fn(sqlite) };
    },
    async close() {
      await pg.close();
      await sqlite.close();
      await database.release();
    },
  };
}

export const AT = '2026-12-01T10:00:00.000Z';

export const person = (id: string, name = id): NewUser => ({
  id,
  email: `${id}@example.org`,
  name,
  role: 'coordinator',
  siteId: null,
  passwordHash: null,
  createdAt: AT,
});

export function recordOf(
  entity: EntityName,
  id: string,
  seq: number,
  o: Partial<StoredRecord> = {},
): StoredRecord {
  const data = o.data ?? { id, note: `${entity} ${id}` };
  const versions = Object.fromEntries(Object.keys(data).map((k) => [k, seq]));
  return {
    entity,
    id,
    siteId: null,
    visitId: null,
    data,
    fieldVersions: versions,
    fieldWriters: Object.fromEntries(Object.keys(data).map((k) => [k, 'device-1'])),
    version: seq,
    createdSeq: seq,
    seq,
    deleted: false,
    deletedSeq: null,
    deletedByCascade: false,
    createdBy: 'u1',
    updatedBy: 'u1',
    createdAt: AT,
    updatedAt: AT,
    ...o,
  };
}

export function conflictOf(id: string, o: Partial<StoredConflict> = {}): StoredConflict {
  return {
    id,
    entity: 'observation',
    entityId: `obs-${id}`,
    siteId: null,
    kind: 'field',
    field: 'text',
    serverValue: 'server text',
    clientValue: 'client text',
    mutationId: `m-${id}`,
    author: 'Person Eins',
    authorId: 'u1',
    serverAuthorId: 'u2',
    clientId: 'device-1',
    status: 'open',
    resolution: null,
    createdAt: AT,
    ...o,
  };
}

export function rejectionOf(id: string, o: Partial<StoredRejection> = {}): StoredRejection {
  return {
    id,
    mutationId: `m-${id}`,
    clientId: 'device-1',
    userId: 'u1',
    entity: 'visit',
    entityId: `visit-${id}`,
    code: 'invalid',
    message: 'date: expected a date',
    path: 'date',
    payload: { date: 'gestern' },
    createdAt: AT,
    ...o,
  };
}
