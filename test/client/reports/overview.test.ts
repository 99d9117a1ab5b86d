// The coordinators' overview: sites × fields, recurring advisory needs, filters, PDF and CSV.
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_FIELDS } from '../../../src/shared/domain/action-fields';
import {
  addFollowUp,
  addObservation,
  createSite,
  createVisit,
} from '../../../src/client/db/mutators';
import { loadOverviewData } from '../../../src/client/db/report-queries';
import { buildOverviewModel } from '../../../src/client/reports/overview-model';
import { renderOverviewCsv, renderOverviewPdf } from '../../../src/client/reports/render-overview';
import { parseCsv } from '../../../src/client/reports/render-csv';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';
import { nodeFonts, pdfText } from './helpers';

let db: AppDb;
afterEach(() => db?.close());

async function seedTwoSites() {
  db = makeTestDb();
  const a = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend', phase: 'isek' });
  const b = await createSite(db, {
    municipality: 'Fulda',
    quarter: 'Aschenberg',
    phase: 'implementation',
  });
  const va = await createVisit(db, { siteId: a.id, date: '2026-03-10' });
  const vb = await createVisit(db, { siteId: b.id, date: '2026-09-01', phase: 'implementation' });
  await addObservation(db, { visitId: va.id, fieldId: 'mobility', rating: 2, text: 'a' });
  await addObservation(db, { visitId: va.id, fieldId: 'mobility', rating: 5, text: 'b' });
  await addObservation(db, { visitId: vb.id, fieldId: 'housing', rating: 4, text: 'c' });
  for (const v of [va, vb])
    await addFollowUp(db, {
      visitId: v.id,
      description: `Beratung Fördermittel ${v.date}`,
      fieldId: 'participation',
      offerType: 'consultation',
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

describe('cross-site overview', () => {
  it('counts observations, average rating and open follow-ups per site and field', async () => {
    const { a } = await seedTwoSites();
    const model = buildOverviewModel(await loadOverviewData(db, {}), 'de');
    const row = model.rows.find((r) => r.siteId === a.id)!;
    expect(row.cells.find((c) => c.fieldId === 'mobility')).toEqual({
      fieldId: 'mobility',
      observations: 2,
      averageRating: 3.5,
      openFollowUps: 1,
    });
    expect(row.cells.find((c) => c.fieldId === 'housing')?.observations).toBe(0);
    expect(model.needs[0]).toMatchObject({
      fieldLabel: 'Aktivierung und Beteiligung',
      offerLabel: 'Beratung',
      count: 2,
      open: 2,
    });
    expect(model.needs[0]?.sites).toEqual(['Fulda – Aschenberg', 'Offenbach – Nordend']);
  });

  it('filters by period and phase', async () => {
    await seedTwoSites();
    const spring = buildOverviewModel(
      await loadOverviewData(db, { from: '2026-01-01', to: '2026-06-30' }),
      'de',
    );
    expect(spring.records.visits.map((v) => v.date)).toEqual(['2026-03-10']);
    expect(spring.needs[0]?.sites).toEqual(['Offenbach – Nordend']);
    const impl = buildOverviewModel(await loadOverviewData(db, { phase: 'implementation' }), 'de');
    expect(impl.records.observations.map((o) => o.text)).toEqual(['c']);
    expect(impl.filterText).toContain('Umsetzung');
  });

  it('renders as PDF with sites, the field legend and recurring needs, and as CSV', async () => {
    await seedTwoSites();
    const model = buildOverviewModel(await loadOverviewData(db, {}), 'de');
    const text = pdfText(await renderOverviewPdf(model, nodeFonts()));
    expect(text).toContain('Standortübergreifende Übersicht');
    expect(text).toContain('Offenbach – Nordend');
    expect(text).toContain('Fulda – Aschenberg');
    for (const f of ACTION_FIELDS) expect(text).toContain(f.de);
    expect(text).toContain('Wiederkehrende Beratungsbedarfe');
    expect(text).toContain('2 Standorte');
    expect(text).toMatch(/ · 1 Besuch · /);
    expect(text).not.toContain('1 Besuche');
    expect(text).toContain('Ø 3,5');
    const rows = parseCsv(new TextDecoder().decode(await renderOverviewCsv(model)));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveLength(3 + 30);
    const offenbach = rows.find((r) => r[0] === 'Offenbach – Nordend')!;
    const mobility = rows[0]!.findIndex((h) => h.startsWith('8 Nachhaltige Mobilität'));
    expect(offenbach.slice(mobility, mobility + 3)).toEqual(['2', '3,5', '1']);
  });
});
