// The heat map's numbers: each mode's cell values from several sites and visits, the filters,
// the empty/0 distinction, the recurring needs, and the colour scale.
import { describe, expect, it } from 'vitest';
import {
  type HeatInput,
  type HeatMode,
  heatGrid,
  heatValue,
  heldVisitIds,
  recurringNeeds,
} from '../../src/shared/analysis/heat-map';
import {
  EMPTY_FILL,
  ZERO_FILL,
  heatFill,
  heatLegend,
  heatStep,
  textOn,
} from '../../src/shared/analysis/heat-map-scale';
import { FIELDS_BY_THEME } from '../../src/shared/domain/action-fields';
import type { FollowUp, Phase, VisitStatus } from '../../src/shared/domain/schemas';

/** HeatInput with lists a test may add to. */
type Seed = { [K in keyof HeatInput]: HeatInput[K][number][] };

const TODAY = '2026-10-01';
const visit = (
  id: string,
  siteId: string,
  date: string,
  phase: Phase = 'implementation',
  status: VisitStatus = 'approved',
) => ({
  id,
  siteId,
  date,
  phase,
  status,
  createdAt: `${date}T09:00:00.000Z`,
});
const need = (
  visitId: string,
  siteId: string,
  fieldId: FollowUp['fieldId'],
  status: FollowUp['status'] = 'open',
  offerType: FollowUp['offerType'] = 'consultation',
  dueDate: string | null = null,
) => ({ visitId, siteId, fieldId, kind: 'need' as const, status, offerType, dueDate });

/** Three sites: A visited three times (one in ISEK phase), B twice, C never. */
function seed(): Seed {
  return {
    sites: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
    visits: [
      visit('a1', 'A', '2026-02-01', 'isek'),
      visit('a2', 'A', '2026-05-10'),
      visit('a3', 'A', '2026-09-20'),
      visit('b1', 'B', '2026-03-15'),
      visit('b2', 'B', '2026-08-01'),
    ],
    observations: [
      { visitId: 'a1', fieldId: 'mobility' },
      { visitId: 'a2', fieldId: 'mobility' },
      { visitId: 'a2', fieldId: 'mobility' },
      { visitId: 'a3', fieldId: 'housing' },
      { visitId: 'a3', fieldId: null },
      { visitId: 'b1', fieldId: 'mobility' },
    ],
    ratings: [
      { visitId: 'a1', fieldId: 'mobility', perspective: 'outside', rating: 1 },
      { visitId: 'a2', fieldId: 'mobility', perspective: 'outside', rating: 3 },
      // The latest visit rated the field locally but left the outside view open (a note only).
      { visitId: 'a3', fieldId: 'mobility', perspective: 'outside', rating: null },
      { visitId: 'a3', fieldId: 'mobility', perspective: 'local', rating: 4 },
      { visitId: 'a1', fieldId: 'mobility', perspective: 'local', rating: 2 },
      { visitId: 'b1', fieldId: 'housing', perspective: 'outside', rating: 5 },
      { visitId: 'b2', fieldId: 'housing', perspective: 'outside', rating: 2 },
    ],
    followUps: [
      need('a2', 'A', 'mobility', 'open', 'consultation', '2026-06-30'),
      need('a3', 'A', 'mobility', 'in-progress', 'consultation', '2026-12-31'),
      need('a1', 'A', 'mobility', 'done'),
      need('b2', 'B', 'mobility', 'open', 'consultation', '2026-09-01'),
      need('b1', 'B', 'mobility', 'dropped'),
      need('b1', 'B', 'housing', 'open', 'tutorial'),
      need('a2', 'A', null, 'open', 'networking'),
      need('b2', 'B', null, 'done', 'networking'),
      { ...need('a2', 'A', 'mobility'), kind: 'step' as const },
    ],
  };
}

const cellOf = (grid: ReturnType<typeof heatGrid>, site: string, field: string) => {
  const row = grid.rows.find((r) => r.siteId === site)!;
  return { row, cell: row.cells.find((c) => c.fieldId === field)! };
};
const v = (grid: ReturnType<typeof heatGrid>, site: string, field: string, mode: HeatMode) => {
  const { row, cell } = cellOf(grid, site, field);
  return heatValue(row, cell, mode);
};

describe('heat map grid', () => {
  it('has a row per site and the ten fields in theme order', () => {
    const grid = heatGrid(seed(), {}, TODAY);
    expect(grid.rows.map((r) => r.siteId)).toEqual(['A', 'B', 'C']);
    expect(grid.fieldIds).toEqual(FIELDS_BY_THEME.map((f) => f.id));
    expect(grid.rows[0]!.cells.map((c) => c.fieldId)).toEqual(grid.fieldIds);
    expect(grid.rows.map((r) => [r.visits, r.lastVisit])).toEqual([
      [3, '2026-09-20'],
      [2, '2026-08-01'],
      [0, null],
    ]);
  });

  it('coverage counts the visits that covered a field, and their observations', () => {
    const grid = heatGrid(seed(), {}, TODAY);
    expect(v(grid, 'A', 'mobility', 'coverage')).toBe(2);
    expect(cellOf(grid, 'A', 'mobility').cell.observations).toBe(3);
    expect(v(grid, 'A', 'housing', 'coverage')).toBe(1);
    expect(v(grid, 'B', 'mobility', 'coverage')).toBe(1);
    // Visited but not covered: 0; never visited: empty.
    expect(v(grid, 'B', 'climate', 'coverage')).toBe(0);
    expect(v(grid, 'C', 'mobility', 'coverage')).toBeNull();
  });

  it('a rating is the one of the latest visit in the filter that gave one, per perspective', () => {
    const grid = heatGrid(seed(), {}, TODAY);
    // a3 has no outside rating (null): a2's 3 counts, not a1's 1.
    expect(cellOf(grid, 'A', 'mobility').cell.outside).toEqual({
      rating: 3,
      visitId: 'a2',
      date: '2026-05-10',
      held: true,
    });
    expect(v(grid, 'A', 'mobility', 'local')).toBe(4);
    expect(v(grid, 'B', 'housing', 'outside')).toBe(2);
    expect(v(grid, 'B', 'housing', 'local')).toBeNull();
    expect(v(grid, 'A', 'climate', 'outside')).toBeNull();
  });

  it('the same date: the later created visit is the latest', () => {
    const input = seed();
    input.visits.push({ ...visit('a4', 'A', '2026-09-20'), createdAt: '2026-09-20T18:00:00.000Z' });
    input.ratings.push({ visitId: 'a4', fieldId: 'mobility', perspective: 'local', rating: 5 });
    expect(v(heatGrid(input, {}, TODAY), 'A', 'mobility', 'local')).toBe(5);
  });

  it('open needs count open and in-progress needs, not steps nor closed ones; overdue apart', () => {
    const grid = heatGrid(seed(), {}, TODAY);
    expect(v(grid, 'A', 'mobility', 'needs')).toBe(2);
    expect(cellOf(grid, 'A', 'mobility').cell.overdueNeeds).toBe(1);
    expect(v(grid, 'B', 'mobility', 'needs')).toBe(1);
    expect(cellOf(grid, 'B', 'mobility').cell.overdueNeeds).toBe(1);
    expect(v(grid, 'B', 'housing', 'needs')).toBe(1);
    expect(cellOf(grid, 'B', 'housing').cell.overdueNeeds).toBe(0);
    expect(v(grid, 'B', 'climate', 'needs')).toBe(0);
    expect(v(grid, 'C', 'climate', 'needs')).toBeNull();
    // Due today is not overdue yet.
    expect(cellOf(heatGrid(seed(), {}, '2026-06-30'), 'A', 'mobility').cell.overdueNeeds).toBe(0);
  });

  it('the period leaves out visits before from and after to, with their records', () => {
    const grid = heatGrid(seed(), { from: '2026-03-01', to: '2026-06-30' }, TODAY);
    expect(grid.rows.map((r) => r.visits)).toEqual([1, 1, 0]);
    expect(v(grid, 'A', 'mobility', 'coverage')).toBe(1);
    expect(cellOf(grid, 'A', 'mobility').cell.observations).toBe(2);
    expect(v(grid, 'A', 'mobility', 'outside')).toBe(3);
    expect(v(grid, 'A', 'mobility', 'local')).toBeNull(); // a1 (2) and a3 (4) are outside
    expect(v(grid, 'A', 'mobility', 'needs')).toBe(1);
    expect(v(grid, 'B', 'housing', 'outside')).toBe(5); // b2 (2) is after the period
    expect(v(grid, 'B', 'mobility', 'needs')).toBe(0);
    // Inclusive bounds.
    const day = heatGrid(seed(), { from: '2026-05-10', to: '2026-05-10' }, TODAY);
    expect(day.rows.map((r) => r.visits)).toEqual([1, 0, 0]);
  });

  it("the phase filter takes the visit's phase", () => {
    const isek = heatGrid(seed(), { phase: 'isek' }, TODAY);
    expect(isek.rows.map((r) => r.visits)).toEqual([1, 0, 0]);
    expect(v(isek, 'A', 'mobility', 'outside')).toBe(1);
    expect(v(isek, 'A', 'mobility', 'local')).toBe(2);
    expect(v(isek, 'A', 'mobility', 'needs')).toBe(0); // a1's need is done
    const impl = heatGrid(seed(), { phase: 'implementation' }, TODAY);
    expect(impl.rows.map((r) => r.visits)).toEqual([2, 2, 0]);
    expect(v(impl, 'A', 'mobility', 'local')).toBe(4);
  });
});

describe('planned visits', () => {
  it('a site whose only visit is planned, dated ahead, is not visited: "–", not 0', () => {
    const input = seed();
    input.visits.push(visit('c1', 'C', '2026-11-05', 'implementation', 'planned'));
    const grid = heatGrid(input, {}, TODAY);
    const row = grid.rows.find((r) => r.siteId === 'C')!;
    expect([row.visits, row.plannedVisits, row.lastVisit]).toEqual([0, 1, null]);
    for (const mode of ['coverage', 'needs', 'outside', 'local'] as const)
      expect(v(grid, 'C', 'mobility', mode)).toBeNull();
  });

  it('a held visit: dated today or before, and started or with findings', () => {
    const input = seed();
    input.sites.push({ id: 'D' }, { id: 'E' }, { id: 'F' });
    input.visits.push(
      // Planned and dated before today, nothing recorded: it did not take place (yet).
      visit('c1', 'C', '2026-09-01', 'implementation', 'planned'),
      // Planned, but an observation was recorded: nobody pressed "start", it took place.
      visit('d1', 'D', '2026-09-02', 'implementation', 'planned'),
      // Started, but dated after today.
      visit('e1', 'E', '2026-10-02', 'implementation', 'in-progress'),
      // Started today.
      visit('f1', 'F', TODAY, 'implementation', 'in-progress'),
    );
    input.observations.push(
      { visitId: 'd1', fieldId: 'climate' },
      { visitId: 'e1', fieldId: 'climate' },
    );
    expect(heldVisitIds(input, TODAY)).toEqual(new Set(['a1', 'a2', 'a3', 'b1', 'b2', 'd1', 'f1']));
    const grid = heatGrid(input, {}, TODAY);
    expect(grid.rows.map((r) => [r.siteId, r.visits, r.plannedVisits, r.lastVisit])).toEqual([
      ['A', 3, 0, '2026-09-20'],
      ['B', 2, 0, '2026-08-01'],
      ['C', 0, 1, null],
      ['D', 1, 0, '2026-09-02'],
      ['E', 0, 1, null],
      ['F', 1, 0, TODAY],
    ]);
    expect(v(grid, 'D', 'climate', 'coverage')).toBe(1);
    expect(v(grid, 'E', 'climate', 'coverage')).toBeNull();
    expect(v(grid, 'F', 'climate', 'coverage')).toBe(0);
    // A planned visit among held ones adds nothing: A still has three, the latest on 20.09.
    input.visits.push(visit('a4', 'A', '2026-12-01', 'implementation', 'planned'));
    const a = heatGrid(input, {}, TODAY).rows[0]!;
    expect([a.visits, a.plannedVisits, a.lastVisit]).toEqual([3, 1, '2026-09-20']);
  });

  it('a self-assessment given before a planned visit shows, marked as not held', () => {
    const input = seed();
    input.visits.push(visit('c1', 'C', '2026-11-05', 'implementation', 'planned'));
    input.ratings.push({ visitId: 'c1', fieldId: 'housing', perspective: 'local', rating: 2 });
    const grid = heatGrid(input, {}, TODAY);
    expect(cellOf(grid, 'C', 'housing').cell.local).toEqual({
      rating: 2,
      visitId: 'c1',
      date: '2026-11-05',
      held: false,
    });
    // The rating alone does not make the visit held.
    expect(grid.rows[2]!.visits).toBe(0);
    expect(v(grid, 'C', 'housing', 'coverage')).toBeNull();
  });

  it('an open need of a visit ahead still counts; its other cells stay empty', () => {
    const input = seed();
    input.visits.push(visit('c1', 'C', '2026-11-05', 'implementation', 'in-progress'));
    input.followUps.push(need('c1', 'C', 'housing', 'open', 'consultation', '2026-09-30'));
    const grid = heatGrid(input, {}, TODAY);
    expect(v(grid, 'C', 'housing', 'needs')).toBe(1);
    expect(cellOf(grid, 'C', 'housing').cell.overdueNeeds).toBe(1);
    expect(v(grid, 'C', 'climate', 'needs')).toBeNull();
  });
});

describe('recurring needs', () => {
  it('groups needs by field and offer type and keeps those at two or more sites', () => {
    const groups = recurringNeeds(seed(), {});
    expect(groups).toEqual([
      {
        fieldId: 'mobility',
        offerType: 'consultation',
        open: 3,
        closed: 2,
        sites: [
          { siteId: 'A', open: 2, closed: 1 },
          { siteId: 'B', open: 1, closed: 1 },
        ],
      },
      {
        fieldId: null,
        offerType: 'networking',
        open: 1,
        closed: 1,
        sites: [
          { siteId: 'A', open: 1, closed: 0 },
          { siteId: 'B', open: 0, closed: 1 },
        ],
      },
    ]);
  });

  it('a need at one site only is no recurring need; filters apply', () => {
    expect(recurringNeeds(seed(), {}).some((g) => g.offerType === 'tutorial')).toBe(false);
    expect(recurringNeeds(seed(), { to: '2026-04-30' })).toEqual([
      {
        fieldId: 'mobility',
        offerType: 'consultation',
        open: 0,
        closed: 2,
        sites: [
          { siteId: 'A', open: 0, closed: 1 },
          { siteId: 'B', open: 0, closed: 1 },
        ],
      },
    ]);
    expect(recurringNeeds(seed(), { phase: 'isek' })).toEqual([]);
  });

  it('more sites first', () => {
    const input = seed();
    input.sites = [...input.sites, { id: 'D' }];
    input.visits.push(visit('c1', 'C', '2026-04-01'), visit('d1', 'D', '2026-04-02'));
    for (const [vid, sid] of [
      ['a2', 'A'],
      ['c1', 'C'],
      ['d1', 'D'],
    ] as const)
      input.followUps.push(need(vid, sid, 'climate', 'open', 'impulse'));
    const groups = recurringNeeds(input, {});
    expect(groups.map((g) => [g.fieldId, g.offerType, g.sites.length])).toEqual([
      ['climate', 'impulse', 3],
      ['mobility', 'consultation', 2],
      [null, 'networking', 2],
    ]);
  });
});

describe('heat map colour scale', () => {
  it('tells 0 from empty and steps counts and ratings', () => {
    expect(heatFill('coverage', null)).toBe(EMPTY_FILL);
    expect(heatFill('coverage', 0)).toBe(ZERO_FILL);
    expect(EMPTY_FILL).not.toBe(ZERO_FILL);
    expect([0, 1, 2, 3, 4, 5, 6, 40].map((n) => heatStep('needs', n))).toEqual([
      0, 1, 2, 3, 4, 4, 5, 5,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => heatStep('outside', n))).toEqual([1, 2, 3, 4, 5]);
    expect(heatStep('local', null)).toBeNull();
    expect(new Set([1, 2, 3, 4, 5].map((n) => heatFill('local', n))).size).toBe(5);
    expect(heatFill('coverage', 3)).not.toBe(heatFill('needs', 3));
  });

  it('the legend names every step, and text stays readable on every fill', () => {
    expect(heatLegend('coverage').map((l) => l.values)).toEqual(['0', '1', '2', '3', '4–5', '6+']);
    expect(heatLegend('outside').map((l) => l.values)).toEqual(['1', '2', '3', '4', '5']);
    expect(textOn('#ffffff')).toBe('#000000');
    expect(textOn('#08519c')).toBe('#ffffff');
    for (const mode of ['coverage', 'outside', 'needs'] as const)
      for (const l of heatLegend(mode)) {
        const ink = textOn(l.fill);
        expect(ink === '#000000' || ink === '#ffffff').toBe(true);
      }
  });
});
