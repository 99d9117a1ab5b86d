// The store contract, the activity log: history rows across sites, newest first (at, then seq),
// each with its writer's name and role, its site's names and its visit's date, the value and the
// one before it (long ones cut), each entry checked against what the written rows say; filters
// by person, site, kind and period; keyset pages that neither skip nor repeat, also among
// entries of one instant; a page's byte budget. The CSV export asks with no cut at all
// (valueMax = Number.MAX_SAFE_INTEGER).
import { beforeAll, expect, it } from 'vitest';
import type { ActivityFilter, ActivityRow } from '../../../src/server/store/activity-types';
import type { NewHistoryEntry } from '../../../src/server/store/types';
import { person, recordOf } from '../../server/store/postgres/fixtures';
import { eachStore } from './each-store';

const at = (day: number) => new Date(Date.UTC(2026, 9, day, 9)).toISOString();
const LONG = 'Ü'.repeat(60);
const CUT = 12;

/** One history row: [day, entity, id, site, visit, user, op, field, value]. */
type Spec = [
  number,
  string,
  string,
  string | null,
  string | null,
  string | null,
  NewHistoryEntry['op'],
  string | null,
  unknown,
];
const specs: Spec[] = [
  [1, 'site', 'west', 'west', null, 'cora', 'create', 'municipality', 'Kassel'],
  [1, 'visit', 'vw', 'west', 'vw', 'cora', 'create', 'goals', 'erste'],
  [2, 'site', 'east', 'east', null, 'cora', 'create', 'municipality', 'Fulda'],
  [3, 'visit', 'vw', 'west', 'vw', 'mia', 'patch', 'goals', 'zweite'],
  [3, 'visit', 'vw', 'west', 'vw', 'mia', 'patch', 'notes', 'n'],
  [3, 'observation', 'oe', 'east', null, 'mia', 'create', 'text', LONG],
  [4, 'observation', 'oe', 'east', null, 'cora', 'patch', 'text', { list: [1, 2, 3, 4, 5, 6] }],
  [4, 'observation', 'oe', 'east', null, 'mia', 'conflict', 'text', 'verloren'],
  [5, 'observation', 'oe', 'east', null, 'gone-account', 'patch', 'text', 'kurz'],
  [6, 'checklistTemplate', 'tpl', null, null, null, 'create', 'key', 'prep'],
  // A delete: no field, no value.
  [6, 'visit', 'vw', 'west', 'vw', 'cora', 'delete', null, null],
];

/** The accounts and sites the rows name, as the log shows them (an empty name: the e-mail). */
const people: Record<string, { name: string; role: string }> = {
  cora: { name: 'Cora', role: 'coordinator' },
  mia: { name: 'mia@example.org', role: 'member' },
};
const places: Record<string, { municipality: string; quarter: string }> = {
  west: { municipality: 'Kassel', quarter: 'Nord-Holland' },
  east: { municipality: 'Fulda', quarter: 'Ziehers' },
};

eachStore('activity log', (s) => {
  /** The written rows with their seqs: the oracle of every filter and page. */
  let written: { seq: number; spec: Spec }[] = [];

  beforeAll(async () => {
    await s.write(async (tx) => {
      await tx.users.insert({ ...person('cora', 'Cora'), role: 'coordinator' });
      await tx.users.insert({ ...person('mia', ''), role: 'member' });
      const rec = async (entity: 'site' | 'visit', id: string, data: Record<string, unknown>) =>
        tx.sync.writeRecord(
          recordOf(entity, id, await tx.sync.nextSeq(), { data: { id, ...data } }),
          true,
        );
      for (const [id, names] of Object.entries(places)) await rec('site', id, names);
      await rec('visit', 'vw', { date: '2026-10-01', siteId: 'west' });
      await tx.history.insert(
        specs.map(([day, entity, entityId, siteId, visitId, userId, op, field, value]) => ({
          ...{ at: at(day), entity, entityId, siteId, visitId, userId, op, field, value },
          ...{ clientId: null, conflictId: op === 'conflict' ? 'k-oe' : null },
        })),
      );
    });
    const rows = await s.read((tx) =>
      tx.activity.page({ filter: {}, before: null, limit: 1000, maxBytes: 1 << 30, valueMax: 1e6 }),
    );
    // Seqs rise in the order written: match each row to its spec by that order.
    const bySeq = [...rows.rows].sort((a, b) => a.seq - b.seq);
    written = bySeq.map((r, i) => ({ seq: r.seq, spec: specs[i]! }));
  });

  const page = (
    filter: ActivityFilter,
    o: {
      before?: { at: string; seq: number } | null;
      limit?: number;
      maxBytes?: number;
      valueMax?: number;
    } = {},
  ) =>
    s.read((tx) =>
      tx.activity.page({
        filter,
        before: o.before ?? null,
        limit: o.limit ?? 100,
        maxBytes: o.maxBytes ?? 1_000_000,
        valueMax: o.valueMax ?? CUT,
      }),
    );

  /** The seqs a filter keeps, newest first. */
  const expected = (f: ActivityFilter) =>
    written
      .filter(({ spec: [day, entity, , siteId, , userId] }) => {
        const when = at(day);
        return (
          (f.userId === undefined || userId === f.userId) &&
          (f.siteId === undefined || siteId === f.siteId) &&
          (f.entity === undefined || entity === f.entity) &&
          (f.fromIso === undefined || when >= f.fromIso) &&
          (f.toIso === undefined || when < f.toIso)
        );
      })
      .sort((a, b) => (a.spec[0] === b.spec[0] ? b.seq - a.seq : b.spec[0] - a.spec[0]))
      .map((w) => w.seq);

  /** What the log must answer for a written row, its values cut at `valueMax` characters. */
  function oracle(i: number, valueMax: number): ActivityRow {
    const { seq, spec } = written[i]!;
    const [day, entity, entityId, siteId, visitId, userId, op, field, value] = spec;
    const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
    const cut = (text: string | null): [string | null, string | null] =>
      text === null || text.length <= valueMax
        ? [text, null]
        : [null, (text.startsWith('"') ? (JSON.parse(text) as string) : text).slice(0, valueMax)];
    const earlier = written
      .slice(0, i)
      .filter(({ spec: p }) => p[1] === entity && p[2] === entityId && p[7] === field)
      .filter(({ spec: p }) => ['create', 'patch', 'resolution'].includes(p[6]))
      .at(-1);
    const [whole, valueCut] = cut(json(value));
    const [previous, previousCut] = cut(earlier ? json(earlier.spec[8]) : null);
    return {
      ...{ seq, at: at(day), op, entity, entityId, visitId, field },
      visitDate: visitId === 'vw' ? '2026-10-01' : null,
      ...{ value: whole, valueCut, previous, previousCut },
      by: userId === null ? null : { id: userId, ...(people[userId] ?? { name: '', role: null }) },
      site: siteId === null ? null : { id: siteId, ...places[siteId]! },
      conflictId: op === 'conflict' ? 'k-oe' : null,
    };
  }

  it.each([CUT, Number.MAX_SAFE_INTEGER])(
    'answers every entry newest first with writer, site, visit date, its value and the one before it, cut at %i characters',
    async (valueMax) => {
      expect(written).toHaveLength(specs.length);
      const { rows, hasMore } = await page({}, { valueMax });
      expect(hasMore).toBe(false);
      expect(rows).toEqual(
        expected({}).map((seq) =>
          oracle(
            written.findIndex((w) => w.seq === seq),
            valueMax,
          ),
        ),
      );
    },
  );

  it.each<ActivityFilter>([
    { userId: 'mia' },
    { siteId: 'west' },
    { entity: 'observation' },
    { fromIso: at(3), toIso: at(5) },
    { fromIso: at(4) },
    { toIso: at(3) },
    { userId: 'cora', siteId: 'east', entity: 'observation', fromIso: at(2), toIso: at(6) },
    { userId: 'nobody' },
  ])('filters %o, whole and in keyset pages that neither skip nor repeat', async (filter) => {
    const whole = await page(filter);
    expect(whole.rows.map((r) => r.seq)).toEqual(expected(filter));
    expect(whole.hasMore).toBe(false);
    for (const limit of [2, 3]) {
      const seen: number[] = [];
      let before: { at: string; seq: number } | null = null;
      while (seen.length <= specs.length) {
        const p = await page(filter, { before, limit });
        expect(p.rows.length).toBeLessThanOrEqual(limit);
        seen.push(...p.rows.map((r) => r.seq));
        if (!p.hasMore) break;
        before = { at: p.rows.at(-1)!.at, seq: p.rows.at(-1)!.seq };
      }
      expect(seen, `pages of ${limit}`).toEqual(expected(filter));
    }
  });

  it('starts a page at the end of the period when the cursor lies past it', async () => {
    const period = { fromIso: at(2), toIso: at(4) };
    const late = { at: at(30), seq: Number.MAX_SAFE_INTEGER };
    expect(await page(period, { before: late, limit: 2 })).toEqual(
      await page(period, { limit: 2 }),
    );
  });

  it('ends a page at its byte budget (400 bytes an entry plus its values), the first entry always fitting', async () => {
    expect(await page({}, { maxBytes: 1 })).toMatchObject({
      hasMore: true,
      rows: [{ seq: expected({})[0] }],
    });
    // The two site entries: 400 + '"Kassel"' and 400 + '"Fulda"'.
    const sites = { entity: 'site' };
    const both = 800 + '"Kassel"'.length + '"Fulda"'.length;
    expect((await page(sites, { maxBytes: both })).rows).toHaveLength(2);
    expect(await page(sites, { maxBytes: both - 1 })).toMatchObject({ hasMore: true, rows: [{}] });
  });
});
