// The PostgreSQL history store against a real cluster, beyond the store contract
// (test/stores/contract/history.test.ts): the stored text of each value is exactly the JSON
// JSON.stringify wrote (key order, number spelling, escapes, NUL and lone surrogates included):
// a create's one row of its fields, and rows written together, null as no text, in one INSERT
// whose seqs follow the rows.
import { describe, expect, it } from 'vitest';
import { makeHistoryRepo } from '../../../../src/server/store/postgres/history-repo';
import { postgresAvailable } from '../../../support/postgres';
import { usePostgresConnection } from './fixtures';

const meta = {
  entity: 'observation',
  entityId: 'obs-1',
  siteId: 'site-1',
  visitId: 'visit-1',
  op: 'create' as const,
  userId: 'user-1',
  clientId: 'client-1',
  at: '2026-05-01T10:00:00.000Z',
  conflictId: null,
};

const values = {
  id: 'obs-1',
  text: 'Bänke fehlen, "Zitat" \\ Zeile\nzwei\t😀',
  nul: 'a\u0000b',
  lone: 'x\ud800y',
  rating: 4,
  lat: 52.520008,
  small: 0.1 + 0.2,
  big: 1e21,
  done: true,
  tags: ['a', 'b'],
  contact: { name: 'N', phone: '', z: 1, a: 2 },
  empty: '',
  gone: null,
  skipped: undefined,
};
const written = Object.entries(values).filter(([k, v]) => k !== 'id' && v !== undefined);

describe.skipIf(!postgresAvailable())('PostgreSQL history rows', () => {
  const db = usePostgresConnection(2);

  it("stores a create's fields as the JSON text JSON.stringify writes of them, in field order", async () => {
    await makeHistoryRepo(db.q).insert([
      { ...meta, field: null, value: Object.fromEntries(written) },
    ]);
    const stored = await db.q.query<{ field: string | null; value: string | null }>(
      'SELECT field, value FROM record_history ORDER BY seq',
    );
    expect(stored).toEqual([{ field: null, value: JSON.stringify(Object.fromEntries(written)) }]);
  });

  it('stores rows written together each as its JSON text, null as no text, seqs in row order', async () => {
    const patch = { ...meta, entityId: 'obs-2', op: 'patch' as const };
    await makeHistoryRepo(db.q).insert(
      written.map(([field, value]) => ({ ...patch, field, value })),
    );
    const stored = await db.q.query<{ field: string; value: string | null }>(
      "SELECT field, value FROM record_history WHERE entity_id = 'obs-2' ORDER BY seq",
    );
    expect(stored).toEqual(
      written.map(([field, v]) => ({ field, value: v === null ? null : JSON.stringify(v) })),
    );
  });
});
