// The needs list's filter, order and URL query (pure): each filter keeps exactly its rows, the
// default shows open and in-progress only, overdue rows come first, and a query read back from
// a link gives the same filter (bad values fall back to "any", never break the list).
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NEEDS_FILTER,
  type NeedRow,
  type NeedsFilter,
  filterNeeds,
  needsFilterFromQuery,
  needsHref,
  needsQueryOf,
  ownersOf,
  sortNeeds,
} from '../../../src/client/db/needs-filter';
import { localDay } from '../../../src/client/db/local-day';

const TODAY = '2026-12-02';
let n = 0;
function row(p: Partial<NeedRow>): NeedRow {
  n++;
  return {
    id: `f${n}`,
    visitId: 'v1',
    siteId: 's1',
    fieldId: null,
    kind: 'need',
    description: `Bedarf ${n}`,
    offerType: 'consultation',
    owner: '',
    dueDate: null,
    status: 'open',
    createdAt: `2026-01-0${n % 9}T10:00:00.000Z`,
    siteName: 'Hanau – Lamboy',
    visitDate: '2026-11-01',
    visitStatus: 'approved',
    ...p,
  };
}

const rows = [
  row({
    id: 'a',
    siteId: 's1',
    siteName: 'Hanau – Lamboy',
    dueDate: '2026-12-20',
    owner: 'Jörg Müller',
  }),
  row({
    id: 'b',
    siteId: 's2',
    siteName: 'Kassel – Nord',
    dueDate: '2026-11-30',
    status: 'in-progress',
  }),
  row({ id: 'c', siteId: 's2', siteName: 'Kassel – Nord', status: 'done', closedAt: '2026-11-02' }),
  row({
    id: 'd',
    siteId: 's1',
    siteName: 'Hanau – Lamboy',
    kind: 'step',
    fieldId: 'housing',
    offerType: 'sponsorship',
    owner: 'Stadt Hanau',
  }),
  row({
    id: 'e',
    siteId: 's2',
    siteName: 'Kassel – Nord',
    status: 'dropped',
    dueDate: '2026-10-01',
  }),
  row({
    id: 'f',
    siteId: 's1',
    siteName: 'Hanau – Lamboy',
    dueDate: '2026-12-02',
    fieldId: 'housing',
  }),
];
const ids = (rs: readonly NeedRow[]) => rs.map((r) => r.id);
const only = (f: Partial<NeedsFilter>) =>
  ids(filterNeeds(rows, { ...DEFAULT_NEEDS_FILTER, ...f }, TODAY));

describe('filterNeeds', () => {
  it('shows open and in-progress by default, every status with an empty list', () => {
    expect(only({})).toEqual(['a', 'b', 'd', 'f']);
    expect(only({ statuses: [] })).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(only({ statuses: ['done', 'dropped'] })).toEqual(['c', 'e']);
  });
  it('filters by site, action field, offer type and kind', () => {
    expect(only({ siteId: 's2' })).toEqual(['b']);
    expect(only({ fieldId: 'housing' })).toEqual(['d', 'f']);
    expect(only({ offerType: 'sponsorship' })).toEqual(['d']);
    expect(only({ kind: 'step' })).toEqual(['d']);
  });
  it('matches the owner by contained text, ignoring case and accents', () => {
    expect(only({ owner: 'muller' })).toEqual(['a']);
    expect(only({ owner: ' HANAU ' })).toEqual(['d']);
    expect(only({ owner: 'nobody' })).toEqual([]);
  });
  it('keeps due on or before a day (no date never), and overdue only: open, due before today', () => {
    expect(only({ dueUntil: '2026-12-02' })).toEqual(['b', 'f']);
    expect(only({ overdueOnly: true })).toEqual(['b']);
    // a dropped need past its date is not overdue
    expect(only({ overdueOnly: true, statuses: [] })).toEqual(['b']);
  });
});

describe('sortNeeds', () => {
  it('puts overdue first, then due date ascending with none last, then site', () => {
    const all = filterNeeds(rows, { ...DEFAULT_NEEDS_FILTER, statuses: [] }, TODAY);
    expect(ids(sortNeeds(all, TODAY))).toEqual(['b', 'e', 'f', 'a', 'd', 'c']);
  });
  it('orders equal dates by site name', () => {
    const x = row({ id: 'x', siteName: 'Kassel – Nord', dueDate: '2027-01-01' });
    const y = row({ id: 'y', siteName: 'Darmstadt – Kranichstein', dueDate: '2027-01-01' });
    expect(ids(sortNeeds([x, y], TODAY))).toEqual(['y', 'x']);
  });
});

describe('the URL query', () => {
  it('leaves defaults out and reads back the same filter', () => {
    expect(needsQueryOf(DEFAULT_NEEDS_FILTER)).toEqual({
      site: undefined,
      field: undefined,
      offer: undefined,
      status: undefined,
      owner: undefined,
      due: undefined,
      overdue: undefined,
      kind: undefined,
    });
    const f: NeedsFilter = {
      siteId: 's2',
      fieldId: 'climate',
      offerType: 'tutorial',
      statuses: ['done', 'dropped'],
      owner: 'Müller',
      dueUntil: '2027-03-31',
      overdueOnly: true,
      kind: 'step',
    };
    const q = needsQueryOf(f);
    expect(q).toEqual({
      site: 's2',
      field: 'climate',
      offer: 'tutorial',
      status: 'done,dropped',
      owner: 'Müller',
      due: '2027-03-31',
      overdue: '1',
      kind: 'step',
    });
    expect(needsFilterFromQuery(q as Record<string, string>)).toEqual(f);
    expect(needsFilterFromQuery({ status: 'all' }).statuses).toEqual([]);
    expect(needsQueryOf({ ...DEFAULT_NEEDS_FILTER, statuses: [] }).status).toBe('all');
  });
  it('falls back to "any" (or the default statuses) for values it does not know', () => {
    expect(
      needsFilterFromQuery({
        field: 'nonsense',
        offer: 'x',
        kind: 'wish',
        due: '31.12.2026',
        overdue: 'yes',
        status: 'closed,later',
      }),
    ).toEqual(DEFAULT_NEEDS_FILTER);
  });
  it('builds links into the list', () => {
    expect(needsHref({})).toBe('/needs');
    expect(needsHref({ siteId: 'abc' })).toBe('/needs?site=abc');
    expect(needsHref({ siteId: 's 1', overdueOnly: true })).toBe('/needs?site=s+1&overdue=1');
  });
});

describe('helpers', () => {
  it('lists each owner once, sorted', () => {
    expect(ownersOf([{ owner: 'b' }, { owner: ' A ' }, { owner: 'a' }, { owner: '' }])).toEqual([
      'A',
      'b',
    ]);
  });
  it('takes the local calendar day', () => {
    expect(localDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
