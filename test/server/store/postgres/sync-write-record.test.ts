// The PostgreSQL store's record write, beyond the store contract (test/stores/contract/sync.test.ts
// checks the bytes charged): the old row's bytes, the write and the writer's charge go to the
// database as ONE statement. A push holds the seq counter while it writes, so every round trip
// of a write is one that every server process waits for.
import { describe, expect, it } from 'vitest';
import { makeSyncRepo } from '../../../../src/server/store/postgres/sync-repo';
import type { Queryable } from '../../../../src/server/store/postgres/queryable';
import { postgresAvailable } from '../../../support/postgres';
import { recordOf, usePostgresConnection } from './fixtures';

describe.skipIf(!postgresAvailable())('PostgreSQL record write', () => {
  const db = usePostgresConnection(2);

  /** The repo on the block's connection, counting the statements it sends. */
  function counted() {
    let statements = 0;
    const q: Queryable = {
      query: (sql, params) => (statements++, db.q.query(sql, params)),
      one: (sql, params) => (statements++, db.q.one(sql, params)),
      run: (sql, params) => (statements++, db.q.run(sql, params)),
    };
    const sync = makeSyncRepo(q);
    // This connection has no bigint parser (the store's pool has): the sum may come as text.
    const usage = async () => Number(await sync.usage('writer'));
    return { sync, usage, statements: () => statements };
  }

  it('a create and an update are one statement each, and charge the writer the difference', async () => {
    const { sync, usage, statements } = counted();
    const first = recordOf('observation', 'wr-1', 9001, {
      data: { id: 'wr-1', text: 'ä'.repeat(10) },
      updatedBy: 'writer',
    });
    await sync.writeRecord(first, true);
    expect(statements()).toBe(1);
    const createdBytes = Buffer.byteLength(JSON.stringify(first.data));
    expect(await usage()).toBe(createdBytes);

    const grown = {
      ...first,
      data: { id: 'wr-1', text: 'ä'.repeat(50) },
      version: 9002,
      seq: 9002,
    };
    await sync.writeRecord(grown);
    expect(statements()).toBe(3); // the write, and usage() above
    expect(await usage()).toBe(Buffer.byteLength(JSON.stringify(grown.data)));
    expect(await sync.record('observation', 'wr-1')).toMatchObject({ data: grown.data });

    // Nobody's write (a seeded row) charges nobody; a shrinking write frees what it drops.
    const grownBytes = Buffer.byteLength(JSON.stringify(grown.data));
    await sync.writeRecord({ ...first, updatedBy: null, version: 9003, seq: 9003 });
    expect(await usage()).toBe(grownBytes);
    const small = { id: 'wr-1', text: '' };
    await sync.writeRecord({ ...first, data: small, version: 9004, seq: 9004 });
    expect(await usage()).toBe(
      grownBytes + Buffer.byteLength(JSON.stringify(small)) - createdBytes,
    );
  });
});
