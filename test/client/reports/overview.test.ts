// The coordinators' overview: the heat map's four views from records on the device, recurring
// advisory needs, filters, and the PDF and CSV that carry the same numbers.
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_FIELDS, FIELDS_BY_THEME } from '../../../src/shared/domain/action-fields';
import {
  addFollowUp,
  addObservation,
  createSite,
  createVisit,
} from '../../../src/client/db/mutators';
import { rateField } from '../../../src/client/db/rating-mutators';
import { loadOverviewData } from '../../../src/client/db/report-queries';
import { buildOverviewModel } from '../../../src/client/reports/overview-model';
import { renderOverviewCsv, renderOverviewPdf } from '../../../src/client/reports/render-overview';
import { parseCsv } from '../../../src/client/reports/render-csv';
import type { AppDb } from '../../../src/client/db/schema';
import type { HeatMode } from '../../../src/shared/analysis/heat-map';
import { makeTestDb } from '../../support/fake-db';
import { nodeFonts, pdfText } from './helpers';

let db: AppDb;
afterEach(() => db?.close());

const NOW = new Date('2026-10-01T12:00:00');
const col = (id: string) => FIELDS_BY_THEME.findIndex((f) => f.id === id);

/** Offenbach visited twice, Fulda once, Kassel never; ratings, needs and a step. */
async function seedSites() {
  db = makeTestDb();
  const a = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend', phase: 'isek' });
  const b = await createSite(db, {
    municipality: 'Fulda',
    quarter: 'Aschenberg',
    phase: 'implementation',
  });
  await createSite(db, { municipality: 'Kassel', quarter: 'Nordstadt', phase: 'isek' });
  const va = await createVisit(db, { siteId: a.id, date: '2026-03-10', phase: 'isek' });
  const va2 = await createVisit(db, { siteId: a.id, date: '2026-07-02', phase: 'isek' });
  const vb = await createVisit(db, { siteId: b.id, date: '2026-09-01', phase: 'implementation' });
  await addObservation(db, { visitId: va.id, fieldId: 'mobility', rating: 2, text: 'a' });
  await addObservation(db, { visitId: va.id, fieldId: 'mobility', rating: 5, text: 'b' });
  await addObservation(db, { visitId: va2.id, fieldId: 'mobility', text: 'a2' });
  await addObservation(db, { visitId: vb.id, fieldId: 'housing', rating: 4, text: 'c' });
  await rateField(db, va.id, 'outside', 'mobility', { rating: 2 });
  await rateField(db, va2.id, 'outside', 'mobility', { rating: 4 });
  await rateField(db, va.id, 'local', 'mobility', { rating: 3 });
  await rateField(db, vb.id, 'local', 'housing', { rating: 5 });
  for (const v of [va, vb])
    await addFollowUp(db, {
      visitId: v.id,
      description: `Beratung Fördermittel ${v.date}`,
      fieldId: 'participation',
      offerType: 'consultation',
      dueDate: '2026-09-15',
    });
  await addFollowUp(db, {
    visitId: va2.id,
    description: 'Fördermittel, erledigt',
    fieldId: 'participation',
    offerType: 'consultation',
    status: 'done',
  });
  await addFollowUp(db, {
    visitId: va.id,
    description: 'Mobilitätskonzept',
    fieldId: 'mobility',
    kind: 'step',
    status: 'open',
  });
  return { a, b };
}

const valuesOf = (m: ReturnType<typeof buildOverviewModel>, siteId: string, mode: HeatMode) =>
  m.rows.find((r) => r.siteId === siteId)!.views[mode].map((v) => v.value);

describe('cross-site overview', () => {
  it('shows each view per site and field: coverage, latest ratings, open and overdue needs', async () => {
    const { a, b } = await seedSites();
    const model = buildOverviewModel(await loadOverviewData(db, {}), 'de', NOW);
    expect(model.rows.map((r) => r.siteName)).toEqual([
      'Fulda – Aschenberg',
      'Kassel – Nordstadt',
      'Offenbach – Nordend',
    ]);
    const offenbach = model.rows.find((r) => r.siteId === a.id)!;
    expect(offenbach.meta).toBe('ISEK-Erarbeitung · 2 Besuche · 02.07.2026');
    expect(valuesOf(model, a.id, 'coverage')[col('mobility')]).toBe(2);
    expect(offenbach.views.coverage[col('mobility')]!.detail).toBe(
      'in 2 Besuchen (3 Beobachtungen)',
    );
    expect(valuesOf(model, a.id, 'coverage')[col('housing')]).toBe(0);
    expect(valuesOf(model, a.id, 'outside')[col('mobility')]).toBe(4);
    expect(offenbach.views.outside[col('mobility')]!.detail).toBe(
      '4 – Gut entwickelt, Besuch vom 02.07.2026',
    );
    expect(valuesOf(model, a.id, 'local')[col('mobility')]).toBe(3);
    expect(offenbach.views.local[col('housing')]!.detail).toBe('nicht bewertet');
    expect(valuesOf(model, b.id, 'local')[col('housing')]).toBe(5);
    // Steps are no needs; the done need is not open; the open one is past its due date.
    expect(valuesOf(model, a.id, 'needs')[col('mobility')]).toBe(0);
    expect(offenbach.views.needs[col('participation')]).toMatchObject({
      value: 1,
      text: '1',
      mark: '!1',
      detail: '1 offen, davon 1 überfällig',
    });
    // Kassel, never visited: every cell empty, drawn apart from a 0.
    const kassel = model.rows.find((r) => r.siteName.startsWith('Kassel'))!;
    for (const mode of model.modes)
      expect(kassel.views[mode].every((v) => v.value === null)).toBe(true);
    expect(kassel.views.coverage[0]).toMatchObject({ text: '–', detail: 'nicht besucht' });
    expect(kassel.views.coverage[0]!.fill).not.toBe(offenbach.views.coverage[col('housing')]!.fill);
    // Observation ratings of different kinds are no longer averaged into one number.
    expect(JSON.stringify(offenbach.views)).not.toContain('3.5');
  });

  it('names recurring needs with their sites, counts and a link to the needs list', async () => {
    await seedSites();
    const model = buildOverviewModel(await loadOverviewData(db, {}), 'de', NOW);
    expect(model.needs).toEqual([
      {
        fieldLabel: 'Aktivierung und Beteiligung',
        offerLabel: 'Beratung',
        open: 2,
        closed: 1,
        counts: '2 offen, 1 erledigt oder verworfen',
        sites: [
          'Fulda – Aschenberg: 1 offen, 0 geschlossen',
          'Offenbach – Nordend: 1 offen, 1 geschlossen',
        ],
        href: '/needs?field=participation&offer=consultation&kind=need',
      },
    ]);
    expect(model.summaries.needs).toContain('3 Standorte × 10 Handlungsfelder');
    expect(model.summaries.outside).toContain(
      'höchster Wert 4 (Offenbach – Nordend, Nachhaltige Mobilität)',
    );
  });

  it("filters by period and by the visit's phase", async () => {
    const { a, b } = await seedSites();
    const spring = buildOverviewModel(
      await loadOverviewData(db, { from: '2026-01-01', to: '2026-06-30' }),
      'de',
      NOW,
    );
    expect(spring.records.visits.map((v) => v.date)).toEqual(['2026-03-10']);
    expect(valuesOf(spring, a.id, 'outside')[col('mobility')]).toBe(2);
    expect(valuesOf(spring, a.id, 'coverage')[col('mobility')]).toBe(1);
    expect(valuesOf(spring, b.id, 'coverage')[col('housing')]).toBeNull();
    expect(spring.needs).toEqual([]);
    const impl = buildOverviewModel(
      await loadOverviewData(db, { phase: 'implementation' }),
      'de',
      NOW,
    );
    expect(impl.records.observations.map((o) => o.text)).toEqual(['c']);
    expect(valuesOf(impl, a.id, 'coverage').every((v) => v === null)).toBe(true);
    expect(valuesOf(impl, b.id, 'local')[col('housing')]).toBe(5);
    expect(impl.filterText).toContain('Phase des Besuchs: Umsetzung');
  });

  it('renders the heat map in all four views, legend, field key and recurring needs as PDF', async () => {
    await seedSites();
    const model = buildOverviewModel(await loadOverviewData(db, {}), 'de', NOW);
    const text = pdfText(await renderOverviewPdf(model, nodeFonts()));
    expect(text).toContain('Standortübergreifende Übersicht');
    for (const s of ['Offenbach – Nordend', 'Fulda – Aschenberg', 'Kassel – Nordstadt'])
      expect(text).toContain(s);
    for (const mode of ['Abdeckung', 'Außensicht', 'Selbsteinschätzung', 'Offene Bedarfe'])
      expect(text).toContain(mode);
    for (const f of ACTION_FIELDS) expect(text).toContain(f.de);
    expect(text).toContain('Legende:');
    expect(text).toContain('Gut entwickelt');
    expect(text).toContain('nicht besucht oder nicht bewertet');
    expect(text).toContain('!n: n davon überfällig');
    expect(text).toContain('Wiederkehrende Beratungsbedarfe');
    expect(text).toContain('2 offen, 1 erledigt oder verworfen, 2 Standorte');
    expect(text).toContain('Offenbach – Nordend: 1 offen, 1 geschlossen');
    expect(text).toMatch(/ · 1 Besuch · /);
    expect(text).not.toContain('1 Besuche');
    expect(text).not.toContain('Ø');
    expect(text).toContain('1 !1');
  });

  it('carries the grid values in the CSV, empty apart from 0', async () => {
    const { a } = await seedSites();
    const model = buildOverviewModel(await loadOverviewData(db, {}), 'de', NOW);
    const rows = parseCsv(new TextDecoder().decode(await renderOverviewCsv(model)));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toHaveLength(3 + 50);
    const cell = (site: string, header: string) => {
      const row = rows.find((r) => r[0] === site)!;
      return row[rows[0]!.indexOf(header)];
    };
    const mob = `${col('mobility') + 1} Nachhaltige Mobilität`;
    const part = `${col('participation') + 1} Aktivierung und Beteiligung`;
    expect(cell('Offenbach – Nordend', `Abdeckung – ${mob}`)).toBe('2');
    expect(cell('Offenbach – Nordend', `Außensicht – ${mob}`)).toBe('4');
    expect(cell('Offenbach – Nordend', `Selbsteinschätzung – ${mob}`)).toBe('3');
    expect(cell('Offenbach – Nordend', `Offene Bedarfe – ${part}`)).toBe('1');
    expect(cell('Offenbach – Nordend', `Offene Bedarfe, überfällig – ${part}`)).toBe('1');
    expect(
      cell('Offenbach – Nordend', `Abdeckung – ${col('housing') + 1} Wohnen und Wohnumfeld`),
    ).toBe('0');
    expect(cell('Kassel – Nordstadt', `Abdeckung – ${mob}`)).toBe('');
    expect(cell('Kassel – Nordstadt', `Offene Bedarfe, überfällig – ${part}`)).toBe('');
    expect(rows.find((r) => r[0] === 'Offenbach – Nordend')![2]).toBe('2');
    // the site's row carries the grid's coverage values of that site, cell for cell
    expect(
      model.fields.map((f) => cell('Offenbach – Nordend', `Abdeckung – ${f.number} ${f.label}`)),
    ).toEqual(valuesOf(model, a.id, 'coverage').map((v) => (v === null ? '' : String(v))));
  });

  it('a planned visit ahead, self-assessed, does not make a site visited; page and CSV say so', async () => {
    await seedSites();
    const kassel = (await loadOverviewData(db, {})).sites.find((s) => s.municipality === 'Kassel')!;
    const planned = await createVisit(db, { siteId: kassel.id, date: '2026-11-05', phase: 'isek' });
    await rateField(db, planned.id, 'local', 'housing', { rating: 2 });
    const model = buildOverviewModel(await loadOverviewData(db, {}), 'de', NOW);
    const row = model.rows.find((r) => r.siteId === kassel.id)!;
    expect(row.visits).toBe(0);
    expect(row.meta).toBe('ISEK-Erarbeitung · 0 Besuche · 1 geplant');
    expect(row.views.coverage[col('housing')]).toMatchObject({
      text: '–',
      detail: 'nicht besucht',
    });
    expect(row.views.needs[col('housing')]).toMatchObject({ text: '–', detail: 'nicht besucht' });
    // The self-assessment given ahead of it shows, and says it came before the visit.
    expect(row.views.local[col('housing')]).toMatchObject({
      value: 2,
      detail: '2 – Erste Ansätze, vor dem geplanten Besuch am 05.11.2026',
    });
    const rows = parseCsv(new TextDecoder().decode(await renderOverviewCsv(model)));
    const csvRow = rows.find((r) => r[0] === 'Kassel – Nordstadt')!;
    expect(csvRow[2]).toBe('0');
    const cov = rows[0]!.indexOf(`Abdeckung – ${col('housing') + 1} Wohnen und Wohnumfeld`);
    expect(csvRow[cov]).toBe('');
  });

  it('speaks English in an English export', async () => {
    await seedSites();
    const model = buildOverviewModel(await loadOverviewData(db, {}), 'en', NOW);
    expect(model.modeLabels).toEqual({
      coverage: 'Coverage',
      outside: 'Outside view',
      local: 'Self-assessment',
      needs: 'Open needs',
    });
    expect(model.needs[0]?.counts).toBe('2 open, 1 done or dropped');
    const text = pdfText(await renderOverviewPdf(model, nodeFonts()));
    expect(text).toContain('Cross-site overview');
    expect(text).toContain('Well developed');
  });
});
