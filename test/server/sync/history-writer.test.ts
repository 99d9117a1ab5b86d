// The rows a create and a patch leave in record_history (docs/architecture.md §History): a
// create one row, field null, holding the fields a person can change that it set (no ids, no
// nulls), none when it set none; a patch one row per field whose value changed.
import { describe, expect, it } from 'vitest';
import { writeHistory } from '../../../src/server/sync/history-writer';
import type { StoreTx } from '../../../src/server/store/store';
import type { NewHistoryEntry } from '../../../src/server/store/types';
import { recordOf } from '../store/postgres/fixtures';

/** A transaction whose history keeps what it is given; nothing else is used. */
function recordingTx() {
  const calls: NewHistoryEntry[][] = [];
  const tx = { history: { insert: async (rows: NewHistoryEntry[]) => void calls.push(rows) } };
  return { tx: tx as unknown as StoreTx, calls };
}

const by = { userId: 'u1', clientId: 'c1', at: '2026-12-05T10:00:00.000Z' };
const observation = {
  id: 'o1',
  visitId: 'v1',
  fieldId: 'housing',
  kind: 'strength',
  text: 'Bänke fehlen',
  rating: null,
  place: '',
  createdAt: '2026-12-05T09:59:00.000Z',
};

describe('writeHistory', () => {
  it('a create: one row, field null, the fields it set but ids, createdAt and nulls, in their order', async () => {
    const { tx, calls } = recordingTx();
    const after = recordOf('observation', 'o1', 7, {
      data: observation,
      siteId: 's1',
      visitId: 'v1',
    });
    await writeHistory(tx, null, after, by);
    expect(calls).toEqual([
      [
        {
          ...{ entity: 'observation', entityId: 'o1', siteId: 's1', visitId: 'v1', op: 'create' },
          field: null,
          value: { fieldId: 'housing', kind: 'strength', text: 'Bänke fehlen', place: '' },
          ...{ userId: 'u1', clientId: 'c1', at: by.at, conflictId: null },
        },
      ],
    ]);
    expect(Object.keys(calls[0]![0]!.value as object)).toEqual([
      'fieldId',
      'kind',
      'text',
      'place',
    ]);
  });

  it('a create that set no field a person can change writes no row', async () => {
    const { tx, calls } = recordingTx();
    const bare = { id: 'o2', visitId: 'v1', createdAt: observation.createdAt, rating: null };
    await writeHistory(tx, null, recordOf('observation', 'o2', 8, { data: bare }), by);
    expect(calls).toEqual([]);
  });

  it('a patch: one row per field whose value changed, each with its new value', async () => {
    const { tx, calls } = recordingTx();
    const before = recordOf('observation', 'o1', 7, { data: observation });
    const data = { ...observation, text: 'neu', rating: 3 };
    const after = {
      ...before,
      data,
      seq: 9,
      fieldVersions: { ...before.fieldVersions, text: 9, rating: 9, place: 9 },
    };
    await writeHistory(tx, before, after, by);
    expect(calls.flat().map((r) => [r.op, r.field, r.value])).toEqual([
      ['patch', 'text', 'neu'],
      ['patch', 'rating', 3],
    ]);
  });
});
