// The PostgreSQL activity log against a real cluster, beyond the store contract
// (test/stores/contract/activity.test.ts): stored JSON whose text PostgreSQL's json type refuses
// (a NUL, a lone surrogate) never keeps the log from reading a site's names or a visit's date,
// and a long string value with a NUL comes cut with U+FFFD in its place (PostgreSQL text cannot
// hold NUL; SQLite shows it as it is).
import { describe, expect, it } from 'vitest';
import type { ServerDb } from '../../../../src/server/store/types';
import { postgresAvailable } from '../../../support/postgres';
import { person, recordOf, usePostgresDatabase } from './fixtures';

const AT = '2026-11-02T12:00:00.000Z';
const VALUE_MAX = 20;

describe.skipIf(!postgresAvailable())('PostgreSQL activity log', () => {
  const database = usePostgresDatabase();

  it('reads names and dates past a NUL elsewhere in the record, and cuts a value with NUL as U+FFFD', async () => {
    const store: ServerDb = await database.open();
    await store.writeTx(async (tx) => {
      await tx.users.insert(person('u1', 'Cora'));
      const site = { id: 's1', municipality: 'Offenbach', quarter: 'Nordend', notes: '\u0000' };
      const visit = { id: 'v1', date: '2026-11-02', goals: 'lone \ud800' };
      await tx.sync.writeRecord(recordOf('site', 's1', await tx.sync.nextSeq(), { data: site }));
      await tx.sync.writeRecord(recordOf('visit', 'v1', await tx.sync.nextSeq(), { data: visit }));
      await tx.history.insert([
        {
          ...{ entity: 'observation', entityId: 'o1', siteId: 's1', visitId: 'v1', op: 'create' },
          ...{ field: 'text', value: `a\u0000${'b'.repeat(100)}`, userId: 'u1', clientId: null },
          ...{ at: AT, conflictId: null },
        },
      ]);
    });
    const { rows } = await store.readTx((tx) =>
      tx.activity.page({
        filter: {},
        before: null,
        limit: 10,
        maxBytes: 1 << 20,
        valueMax: VALUE_MAX,
      }),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      visitDate: '2026-11-02',
      site: { id: 's1', municipality: 'Offenbach', quarter: 'Nordend' },
      by: { id: 'u1', name: 'Cora', role: 'coordinator' },
      value: null,
      valueCut: `a\ufffd${'b'.repeat(VALUE_MAX - 2)}`,
    });
  });
});
