// record_history as the store writes it: a create's fields (insertFields) are stored exactly as
// the same values written one row at a time (insert), JSON text each, and read back unchanged.
import { describe, expect, it } from 'vitest';
import { openServerDb } from '../../../../src/server/store/sqlite/open';

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
  rating: 4,
  lat: 52.520008,
  small: 0.1 + 0.2,
  big: 1e21,
  done: true,
  open: false,
  tags: ['a', 'b'],
  contact: { name: 'N', phone: '' },
  empty: '',
  gone: null,
};

describe('history rows of a create', () => {
  it('insertFields stores one row per field but id, in field order, as insert stores each value', async () => {
    const db = openServerDb(':memory:');
    try {
      await db.writeTx((tx) => tx.history.insertFields(meta, values));
      const rows = await db.readTx((tx) => tx.history.ofRecord('observation', 'obs-1', 0, 100));
      expect(rows.map((r) => r.field)).toEqual(Object.keys(values).filter((k) => k !== 'id'));
      expect(rows.map((r) => r.value)).toEqual(
        Object.entries(values)
          .filter(([k]) => k !== 'id')
          .map(([, v]) => v),
      );
      expect(rows.find((r) => r.field === 'gone')!.valueBytes).toBe(0);
      expect(
        rows.every((r) => r.op === 'create' && r.userId === 'user-1' && r.at === meta.at),
      ).toBe(true);

      const one = { ...meta, entityId: 'obs-2' };
      await db.writeTx((tx) =>
        tx.history.insert(
          Object.entries(values)
            .filter(([k]) => k !== 'id')
            .map(([field, value]) => ({ ...one, field, value })),
        ),
      );
      const strip = (r: (typeof rows)[number]) => [r.field, r.value, r.valueBytes];
      const second = await db.readTx((tx) => tx.history.ofRecord('observation', 'obs-2', 0, 100));
      expect(second.map(strip)).toEqual(rows.map(strip));
    } finally {
      await db.close();
    }
  });
});
