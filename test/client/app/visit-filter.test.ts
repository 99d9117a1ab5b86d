import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, filterVisits } from '../../../src/client/app/visit-filter';
import type { Site, Visit } from '../../../src/shared/domain/schemas';
import { siteFields, visitFields } from '../../support/rows';

const site = (id: string, municipality: string, quarter: string): Site => ({
  ...siteFields(id),
  municipality,
  quarter,
});
const visit = (id: string, siteId: string, date: string, extra: Partial<Visit> = {}): Visit => ({
  ...visitFields(siteId, id),
  date,
  ...extra,
});

const sites = new Map([
  ['s1', site('s1', 'Offenbach am Main', 'Nordend')],
  ['s2', site('s2', 'Gießen', 'Nordstadt')],
]);
const visits = [
  visit('v1', 's1', '2026-03-10', {
    status: 'done',
    phase: 'implementation',
    goals: 'Spielplatz ansehen',
  }),
  visit('v2', 's1', '2026-06-01'),
  visit('v3', 's2', '2026-06-15', { status: 'in-progress' }),
];
const participants = new Map([
  [
    'v2',
    [
      {
        id: 'p1',
        visitId: 'v2',
        name: 'Ayşe Kaya',
        organisation: 'Caritas',
        role: 'Mitglied',
        order: 0,
        createdAt: '2026-06-01T10:00:00.000Z',
      },
    ],
  ],
]);
const ids = (f: Partial<typeof EMPTY_FILTER>) =>
  filterVisits(visits, sites, { ...EMPTY_FILTER, ...f }, participants).map((v) => v.id);

describe('visit list filters', () => {
  it('an empty filter keeps every visit in order', () => {
    expect(ids({})).toEqual(['v1', 'v2', 'v3']);
  });
  it('filters by site, status and phase', () => {
    expect(ids({ siteId: 's1' })).toEqual(['v1', 'v2']);
    expect(ids({ status: 'in-progress' })).toEqual(['v3']);
    expect(ids({ phase: 'implementation' })).toEqual(['v1']);
    expect(ids({ siteId: 's2', status: 'done' })).toEqual([]);
  });
  it('filters by an inclusive period with open ends', () => {
    expect(ids({ from: '2026-06-01' })).toEqual(['v2', 'v3']);
    expect(ids({ to: '2026-06-01' })).toEqual(['v1', 'v2']);
    expect(ids({ from: '2026-04-01', to: '2026-06-10' })).toEqual(['v2']);
  });
  it('searches site names, goals and participants, case- and accent-insensitively, every word', () => {
    expect(ids({ search: 'giessen' })).toEqual([]); // ß is not folded to ss: a real difference
    expect(ids({ search: 'GIEẞEN' })).toEqual(['v3']);
    expect(ids({ search: 'nord' })).toEqual(['v1', 'v2', 'v3']);
    expect(ids({ search: 'spielplatz offenbach' })).toEqual(['v1']);
    expect(ids({ search: 'ayse caritas' })).toEqual(['v2']);
    expect(ids({ search: 'ayse gießen' })).toEqual([]);
  });
});
