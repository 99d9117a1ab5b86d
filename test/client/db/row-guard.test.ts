// The structural guard of the visits list (row-guard.ts) against the entity schemas, on many
// valid and damaged rows, so the two cannot drift apart: the guard never hides a row its schema
// accepts, every row it passes renders on the list, and it rejects every damaged row the schema
// rejects except the one documented gap (a timestamp Date.parse reads that is not ISO 8601).
// Every field of each schema is damaged in turn, so a field added to a schema fails here until
// the guard knows it.
import { describe, expect, it } from 'vitest';
import { passesGuard, type GuardedEntity } from '../../../src/client/db/row-guard';
import { byParticipantOrder } from '../../../src/client/db/queries';
import {
  type ChecklistItem,
  ENTITY_SCHEMAS,
  type Participant,
  type Site,
  type Visit,
} from '../../../src/shared/domain/schemas';
import { PHASES, VISIT_STATUSES } from '../../../src/shared/domain/vocab';
import { checklistProgress } from '../../../src/shared/domain/checklist-progress';
import { label } from '../../../src/client/i18n';
import { formatDate } from '../../../src/client/i18n/format';
import { siteName } from '../../../src/client/app/site-name';
import { EMPTY_FILTER, filterVisits } from '../../../src/client/app/visit-filter';
import { makeRng, type Rng } from '../../support/prng';
import { checklistFields, siteFields, visitFields } from '../../support/rows';

const GUARDED: GuardedEntity[] = ['site', 'visit', 'participant', 'checklistItem'];
const TIMESTAMPS = new Set(['createdAt', 'reviewedAt']);

const participantFields = (visitId: string): Participant => ({
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  visitId,
  name: 'Ada Muster',
  organisation: 'Stadt',
  role: 'Leitung',
  order: 0,
  createdAt: '2026-05-04T10:00:00.000Z',
});

/** One valid row per entity, with some fields varied at random (still valid). */
function validRow(entity: GuardedEntity, rng: Rng): Record<string, unknown> {
  const stamp = rng.pick([
    '2026-05-04T10:00:00.000Z',
    '2026-05-04T10:00:00+02:00',
    '1900-01-01T00:00:00Z',
    '2200-12-31T23:59:59.999Z',
  ]);
  const some = () => rng.pick(['', 'x', '  Text mit Umlauten äöü ß ', 'a'.repeat(200)]);
  switch (entity) {
    case 'site':
      return {
        ...siteFields(),
        municipality: rng.pick(['Offenbach', '  Kassel  ', 'x'.repeat(200)]),
        phase: rng.pick(Object.keys(PHASES)),
        yearAdmitted: rng.pick([null, 1990, 2020, 2100]),
        contact: { name: some(), organisation: some(), email: '', phone: 'p'.repeat(60) },
        createdAt: stamp,
      } as Site;
    case 'visit':
      return {
        ...visitFields('site-1'),
        date: rng.pick(['2026-05-01', '2024-02-29', '1900-01-01', '2200-12-31']),
        phase: rng.pick(Object.keys(PHASES)),
        status: rng.pick(Object.keys(VISIT_STATUSES)),
        goals: some(),
        route: some(),
        notes: rng.pick(['', 'n'.repeat(20_000)]),
        createdAt: stamp,
        ...rng.pick([
          {},
          { reviewedBy: null, reviewedByName: null, reviewedAt: null },
          { reviewedBy: 'u1', reviewedByName: 'Ada', reviewedAt: stamp },
        ]),
      } as Visit;
    case 'participant':
      return {
        ...participantFields('visit-1'),
        name: rng.pick(['Ada', ' Bo ', 'n'.repeat(200)]),
        order: rng.pick([0, 3, 10_000]),
        createdAt: stamp,
      };
    case 'checklistItem':
      return {
        ...checklistFields('visit-1', rng.pick(['prep-date', 'a~b_c-1'])),
        order: rng.pick([0, 7, 1e9]),
        state: rng.pick(['open', 'done', 'na']),
        note: some(),
      } as ChecklistItem;
  }
}

/** Values a damaged row may hold in any field: wrong types, edges of lengths, dates, ranges. */
const DAMAGE: unknown[] = [
  undefined,
  null,
  true,
  0,
  -1,
  1.5,
  1989,
  2101,
  10_001,
  NaN,
  Infinity,
  '',
  ' ',
  'x',
  'open',
  'isek',
  'planned',
  'nope',
  'bad id!',
  'a'.repeat(60),
  'a'.repeat(61),
  'a'.repeat(120),
  'a'.repeat(121),
  'a'.repeat(200),
  'a'.repeat(201),
  ` ${'a'.repeat(200)} `,
  'a'.repeat(10_001),
  'a'.repeat(20_001),
  '2026-05-04',
  '2026-02-30',
  '1899-12-31',
  '2201-01-01',
  '2026-5-4',
  '2026-05-04T10:00:00Z',
  '2026-05-04T10:00:00+02:00',
  '2026-05-04T25:00:00Z',
  '2026-05-04 10:00',
  '2026-05-04T10:00:00',
  {},
  [],
  { name: '', organisation: '', email: '', phone: '' },
  { name: 1, organisation: '', email: '', phone: '' },
  { name: '', organisation: '', email: '' },
];

/** Throws when the list cannot show `row` (what the visits list and its cards read of it). */
function render(entity: GuardedEntity, row: Record<string, unknown>): void {
  const str = (v: unknown) => {
    if (typeof v !== 'string') throw new Error(`not a string: ${String(v)}`);
    return v;
  };
  switch (entity) {
    case 'site': {
      const s = row as Site;
      str(siteName(s));
      str(s.municipality).localeCompare(str(s.quarter), 'de');
      return;
    }
    case 'visit': {
      const v = row as Visit;
      if (!formatDate(v.date, 'de', 'medium')) throw new Error('no date');
      str(label(PHASES[v.phase]));
      str(label(VISIT_STATUSES[v.status]));
      str(v.createdAt).localeCompare(str(v.date));
      filterVisits([v], new Map(), { ...EMPTY_FILTER, search: 'x', from: '2000-01-01' }, new Map());
      return;
    }
    case 'participant': {
      const p = row as Participant;
      byParticipantOrder([p, { ...p }]);
      [p.name, p.organisation, p.role, p.createdAt, p.id].forEach(str);
      if (!Number.isFinite(p.order)) throw new Error('order');
      return;
    }
    case 'checklistItem': {
      const c = row as ChecklistItem;
      const p = checklistProgress([c]);
      if (p.done + p.na + p.open !== 1) throw new Error(`state ${String(c.state)}`);
      if (!Number.isFinite(c.order)) throw new Error('order');
      return;
    }
  }
}

const zodAccepts = (entity: GuardedEntity, row: unknown) =>
  ENTITY_SCHEMAS[entity].safeParse(row).success;

/** The guard agrees with the schema on `row`, or the difference is the documented gap. */
function expectAgrees(entity: GuardedEntity, row: Record<string, unknown>, field?: string) {
  const schema = zodAccepts(entity, row);
  const guard = passesGuard(entity, row);
  const what = `${entity}${field ? `.${field} = ${JSON.stringify(row[field])?.slice(0, 40)}` : ''}`;
  if (schema) expect(guard, `the guard hides a valid ${what}`).toBe(true);
  if (guard) {
    expect(() => render(entity, row), `a guarded ${what} does not render`).not.toThrow();
    if (!schema)
      expect(field && TIMESTAMPS.has(field), `the guard passes a damaged ${what}`).toBe(true);
  }
}

describe('the visits list row guard', () => {
  it.each(GUARDED)('passes every valid %s', (entity) => {
    const rng = makeRng(7);
    for (let i = 0; i < 200; i++) {
      const row = { ...validRow(entity, rng), _v: 3, _deleted: 0 };
      expect(zodAccepts(entity, row)).toBe(true);
      expect(passesGuard(entity, row)).toBe(true);
    }
  });

  it.each(GUARDED)('rejects a %s damaged in any one field, as its schema does', (entity) => {
    const rng = makeRng(11);
    const fields = Object.keys(ENTITY_SCHEMAS[entity].shape);
    for (const field of fields)
      for (const value of DAMAGE) {
        const row = validRow(entity, rng);
        if (value === undefined) delete row[field];
        else row[field] = value;
        expectAgrees(entity, row, field);
      }
  });

  it.each(GUARDED)('agrees with the schema on %s rows damaged in several fields', (entity) => {
    const rng = makeRng(23);
    const fields = Object.keys(ENTITY_SCHEMAS[entity].shape);
    for (let i = 0; i < 2000; i++) {
      const row = validRow(entity, rng);
      const damaged = new Set<string>();
      for (let k = 1 + rng.int(3); k > 0; k--) {
        const field = rng.pick(fields);
        damaged.add(field);
        row[field] = rng.pick(DAMAGE);
      }
      const schema = zodAccepts(entity, row);
      const guard = passesGuard(entity, row);
      if (schema) expect(guard).toBe(true);
      if (guard) {
        expect(() => render(entity, row)).not.toThrow();
        if (!schema) expect([...damaged].some((f) => TIMESTAMPS.has(f))).toBe(true);
      }
    }
  });

  it.each(GUARDED)('rejects a %s that is no object', (entity) => {
    for (const row of [null, undefined, 'visit', 3, [], [validRow(entity, makeRng(1))]])
      expect(passesGuard(entity, row)).toBe(zodAccepts(entity, row));
  });

  it('lets through only the documented gap: a timestamp Date.parse reads that is not ISO', () => {
    const visit = { ...validRow('visit', makeRng(3)), createdAt: '2026-05-04 10:00' };
    expect(zodAccepts('visit', visit)).toBe(false);
    expect(passesGuard('visit', visit)).toBe(true);
    expect(() => render('visit', visit)).not.toThrow();
  });
});
