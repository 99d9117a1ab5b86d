import { describe, expect, it } from 'vitest';
import { fieldEntries, historyValues } from '../../../src/server/store/history-rows';
import type { NewHistoryEntry } from '../../../src/server/store/types';

const meta: Omit<NewHistoryEntry, 'field' | 'value'> = {
  entity: 'observation',
  entityId: 'o1',
  siteId: 's1',
  visitId: 'v1',
  op: 'create',
  userId: 'u1',
  clientId: 'c1',
  at: '2026-12-03T10:00:00.000Z',
  conflictId: null,
};

describe('fieldEntries (the rows of HistoryStore.insertFields)', () => {
  it('is one row per field but id and undefined ones, in field order, each with every column of meta', () => {
    const rows = fieldEntries(meta, {
      id: 'o1',
      text: 'Bänke fehlen',
      rating: 4,
      gone: undefined,
      lat: null,
      contact: { name: 'A' },
    });
    expect(rows).toEqual([
      { ...meta, field: 'text', value: 'Bänke fehlen' },
      { ...meta, field: 'rating', value: 4 },
      { ...meta, field: 'lat', value: null },
      { ...meta, field: 'contact', value: { name: 'A' } },
    ]);
    // The columns as both stores bind them, in INSERT order.
    expect(rows.map(historyValues)[3]).toEqual([
      'observation',
      'o1',
      's1',
      'v1',
      'create',
      'contact',
      '{"name":"A"}',
      'u1',
      'c1',
      '2026-12-03T10:00:00.000Z',
      null,
    ]);
  });

  it('keeps a resolution’s conflict id on every row', () => {
    const rows = fieldEntries({ ...meta, op: 'resolution', conflictId: 'k1' }, { text: 'x' });
    expect(rows).toEqual([
      { ...meta, op: 'resolution', conflictId: 'k1', field: 'text', value: 'x' },
    ]);
  });
});
