// The activity log in words: stored keys as their labels, dates as the language writes them,
// long values shortened, and the rows of one write grouped into one item.
import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../../src/shared/activity';
import { groupEntries, valueWords } from '../../../../src/client/app/activity/activity-words';

const entry = (over: Partial<ActivityEntry>): ActivityEntry => ({
  seq: 1,
  at: '2026-11-04T12:00:00.000Z',
  op: 'patch',
  entity: 'visit',
  entityId: 'v1',
  visitId: 'v1',
  visitDate: '2026-11-04',
  field: 'goals',
  from: null,
  to: { value: 'x', truncated: false },
  by: { id: 'u1', name: 'Ana', role: 'member' },
  site: null,
  conflictId: null,
  ...over,
});

describe('valueWords', () => {
  it('labels stored keys, formats dates, says empty, keeps other text', () => {
    const v = (value: unknown, truncated = false) => ({ value, truncated });
    expect(valueWords(v('approved'), 'visit', 'status', 'de')).toBe('Freigegeben');
    expect(valueWords(v('approved'), 'visit', 'status', 'en')).toBe('Approved');
    expect(valueWords(v('done'), 'followUp', 'status', 'de')).toBe('Erledigt');
    expect(valueWords(v('2027-01-31'), 'followUp', 'dueDate', 'de')).toBe('31.01.2027');
    expect(valueWords(v(''), 'visit', 'goals', 'de')).toBe('(leer)');
    expect(valueWords(v(null), 'observation', 'rating', 'en')).toBe('(empty)');
    expect(valueWords(v(4), 'observation', 'rating', 'de')).toBe('4');
    expect(valueWords(v('approved'), 'visit', 'goals', 'de')).toBe('approved');
    expect(valueWords(null, 'visit', null, 'de')).toBe('');
  });

  it('shortens long text and marks a value the server already cut', () => {
    const long = 'Wort '.repeat(100);
    expect(valueWords({ value: long, truncated: false }, 'visit', 'goals', 'de')).toMatch(
      /^Wort .{100,170} …$/,
    );
    expect(valueWords({ value: 'Anfang', truncated: true }, 'visit', 'goals', 'de')).toBe(
      'Anfang …',
    );
  });
});

describe('groupEntries', () => {
  it('one item per write: same moment, record, change and person; conflicts stand alone', () => {
    const es = [
      entry({ seq: 9, field: 'goals' }),
      entry({ seq: 8, field: 'notes' }),
      entry({ seq: 7, field: 'route', by: { id: 'u2', name: 'Bo', role: 'member' } }),
      entry({ seq: 6, field: 'goals', op: 'conflict' }),
      entry({ seq: 5, field: 'notes', op: 'conflict' }),
      entry({ seq: 4, entityId: 'v2' }),
    ];
    expect(groupEntries(es).map((g) => g.entries.map((e) => e.seq))).toEqual([
      [9, 8],
      [7],
      [6],
      [5],
      [4],
    ]);
  });
});
