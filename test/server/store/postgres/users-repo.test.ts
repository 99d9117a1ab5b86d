// The PostgreSQL users store against a real cluster, beyond the store contract
// (test/stores/contract/users.test.ts): an invite code used by two transactions at once (exactly
// one wins, the second having waited for the first's row lock), and a voided invite's sealed code
// gone from its stored row.
import { describe, expect, it } from 'vitest';
import { queryableOf } from '../../../../src/server/store/postgres/queryable';
import { makeUsersRepo } from '../../../../src/server/store/postgres/users-repo';
import { postgresAvailable } from '../../../support/postgres';
import { person, raceOnRowLock, usePostgresConnection } from './fixtures';

/** Epoch milliseconds of 2026: far past 2^31, so a bigint read as a 32-bit int would show. */
const T = Date.UTC(2026, 0, 1);

describe.skipIf(!postgresAvailable())('PostgreSQL users store', () => {
  const db = usePostgresConnection(12);

  it('one code used by two transactions at once: the second waits for the first, then loses', async () => {
    const users = makeUsersRepo(db.q);
    await users.insert(person('race'));
    await users.replaceInvite('race-code', 'race', T, T + 9000, 'sealed');
    const race = await raceOnRowLock(
      db.pool,
      (q) => makeUsersRepo(q).useInvite('race-code', T + 1),
      (q) => makeUsersRepo(q).useInvite('race-code', T + 2),
    );
    expect(race).toEqual({ first: true, second: false, secondWaited: true });
    expect((await users.invite('race-code'))?.usedAt).toBe(T + 1);

    // Eight at once, each in its own transaction: exactly one wins.
    await users.replaceInvite('race-8', 'race', T, T + 9000, 'sealed');
    const clients = await Promise.all(Array.from({ length: 8 }, () => db.pool.connect()));
    try {
      const wins = await Promise.all(
        clients.map(async (c, i) => {
          await c.query('BEGIN');
          const won = await makeUsersRepo(queryableOf(c)).useInvite('race-8', T + 10 + i);
          await c.query('COMMIT');
          return won;
        }),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
    } finally {
      for (const c of clients) c.release();
    }
  });

  it('stores no sealed code for an invite a newer one voided', async () => {
    const users = makeUsersRepo(db.q);
    await users.insert(person('voided'));
    await users.replaceInvite('v1', 'voided', T, T + 9000, 'sealed-1');
    await users.replaceInvite('v2', 'voided', T + 50, T + 9050, 'sealed-2');
    const sealed = await db.q.query(
      "SELECT hash, code_sealed FROM invites WHERE user_id = 'voided' ORDER BY hash",
    );
    expect(sealed).toEqual([
      { hash: 'v1', code_sealed: null },
      { hash: 'v2', code_sealed: 'sealed-2' },
    ]);
  });
});
