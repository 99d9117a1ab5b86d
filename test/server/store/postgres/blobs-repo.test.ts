// The PostgreSQL blobs store against a real cluster, beyond the store contract
// (test/stores/contract/blobs.test.ts): two server processes leasing one upload at once, as two
// transactions on their own connections; the second waits for the first's row lock and loses.
import { describe, expect, it } from 'vitest';
import { makeBlobsRepo } from '../../../../src/server/store/postgres/blobs-repo';
import { postgresAvailable } from '../../../support/postgres';
import { raceOnRowLock, usePostgresConnection } from './fixtures';

/** Epoch milliseconds of 2026: far past 2^31, so a bigint read as a 32-bit int would show. */
const T = Date.UTC(2026, 0, 1);

describe.skipIf(!postgresAvailable())('PostgreSQL upload leases', () => {
  const db = usePostgresConnection();

  it('two processes leasing at once: the second waits for the first, then loses', async () => {
    await makeBlobsRepo(db.q).insertUpload({
      id: 'up-race',
      userId: 'u1',
      sha256: 'ab',
      length: 10,
      createdAt: T,
      expiresAt: T + 60_000,
    });
    const race = await raceOnRowLock(
      db.pool,
      (q) => makeBlobsRepo(q).leaseUpload('up-race', 'A', T + 1000, T),
      (q) => makeBlobsRepo(q).leaseUpload('up-race', 'B', T + 1000, T),
    );
    expect(race).toEqual({ first: true, second: false, secondWaited: true });
  });
});
