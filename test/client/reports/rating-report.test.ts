// The reports' section "Einschätzung der Handlungsfelder" (docs/domain.md §Ratings): per field the
// self-assessment beside the outside view with the steps' words and reasons, a divergence marked
// in words exactly when the views lie RATING_DIVERGENCE (2) steps apart or more, the legend
// printed once; CSV and JSON carry the ratings as data; a visit without ratings has no section.
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { FIELDS_BY_THEME } from '../../../src/shared/domain/action-fields';
import { loadReportData } from '../../../src/client/db/report-queries';
import { rateField } from '../../../src/client/db/rating-mutators';
import { createSite, createVisit } from '../../../src/client/db/mutators';
import type { AppDb } from '../../../src/client/db/schema';
import { buildReportModel } from '../../../src/client/reports/model';
import { ratingsView } from '../../../src/client/reports/ratings-model';
import { ExportFile } from '../../../src/client/reports/records';
import { renderCsvZip } from '../../../src/client/reports/render-csv';
import { renderDocx } from '../../../src/client/reports/render-docx';
import { renderHtml } from '../../../src/client/reports/render-html';
import { renderJson } from '../../../src/client/reports/render-json';
import { renderPdf } from '../../../src/client/reports/render-pdf';
import { type FieldRating, fieldRatingId } from '../../../src/shared/domain/schemas';
import { makeTestDb } from '../../support/fake-db';
import { docxText, nodeFonts, pdfText } from './helpers';

let db: AppDb;
afterEach(() => db?.close());

const row = (perspective: 'local' | 'outside', rating: number | null, note = ''): FieldRating => ({
  id: fieldRatingId('v', perspective, 'housing'),
  visitId: 'v',
  fieldId: 'housing',
  perspective,
  rating,
  note,
});

describe('ratingsView', () => {
  it('marks a divergence exactly when both views are rated and |local − outside| ≥ 2', () => {
    const cases: [number | null, number | null, number | null][] = [
      [1, 3, 2],
      [3, 1, 2],
      [5, 1, 4],
      [2, 3, null],
      [4, 4, null],
      [null, 5, null],
      [1, null, null],
    ];
    for (const [local, outside, apart] of cases) {
      const rows = [row('local', local, 'x'), row('outside', outside, 'y')];
      const housing = ratingsView(rows, 'de').fields.find((f) => f.id === 'housing')!;
      expect([local, outside, housing.divergence], `${local} / ${outside}`).toEqual([
        local,
        outside,
        apart,
      ]);
      expect(housing.divergenceText).toBe(apart === null ? '' : `Abweichung: ${apart} Stufen`);
    }
  });

  it('words each view with its step, "nicht bewertet" when unrated; every field in page order; the legend', () => {
    const v = ratingsView([row('local', 3, 'Beirat trifft sich'), row('outside', null)], 'de');
    expect(v.fields.map((f) => f.id)).toEqual(FIELDS_BY_THEME.map((f) => f.id));
    expect(v.fields.find((f) => f.id === 'housing')).toMatchObject({
      id: 'housing',
      local: { rating: 3, text: '3 – Im Aufbau', note: 'Beirat trifft sich' },
      outside: { rating: null, text: 'nicht bewertet', note: '' },
    });
    expect(v.legend.map((s) => s.step)).toEqual([
      'Stufe 1: Kaum Ansätze',
      'Stufe 2: Erste Ansätze',
      'Stufe 3: Im Aufbau',
      'Stufe 4: Gut entwickelt',
      'Stufe 5: Verstetigt und beispielhaft',
    ]);
    const en = ratingsView([row('outside', 1)], 'en');
    expect(en.fields.find((f) => f.id === 'housing')!.outside.text).toBe('1 – Hardly begun');
    expect(en.title).toBe('Assessment of the action fields');
  });

  it('no rating and no reason at all: no fields (the section is left out)', () => {
    expect(ratingsView([], 'de').fields).toEqual([]);
    expect(ratingsView([row('local', null, '  ')], 'de').fields).toEqual([]);
  });
});

async function seed(rate = true) {
  db = makeTestDb();
  const site = await createSite(db, { municipality: 'Kassel', quarter: 'Nordstadt' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
  if (rate) {
    await rateField(db, visit.id, 'local', 'housing', { rating: 1, note: 'Leerstand wächst' });
    await rateField(db, visit.id, 'outside', 'housing', { rating: 3, note: 'Sanierung läuft' });
    await rateField(db, visit.id, 'local', 'climate', { rating: 4 });
    await rateField(db, visit.id, 'outside', 'climate', { rating: 5 });
  }
  return buildReportModel(await loadReportData(db, visit.id), 'de');
}

const count = (text: string, s: string) => text.split(s).length - 1;

describe('the visit report', () => {
  it('HTML, PDF and DOCX show both views side by side, the divergence in words, the legend once', async () => {
    const model = await seed();
    const html = new TextDecoder().decode(await renderHtml(model));
    const pdf = pdfText(await renderPdf(model, nodeFonts()));
    const { text: docx } = docxText(await renderDocx(model));
    for (const [name, text] of [
      ['html', html],
      ['pdf', pdf],
      ['docx', docx],
    ] as const) {
      expect(count(text, 'Einschätzung der Handlungsfelder'), name).toBe(1);
      expect(count(text, 'Stufe 5: Verstetigt und beispielhaft'), name).toBe(1);
      expect(count(text, 'Abweichung: 2 Stufen'), name).toBe(1); // housing 1 vs 3, not climate 4 vs 5
      expect(count(text, 'Abweichung'), name).toBe(1);
      for (const s of [
        'Innensicht (Quartiersmanagement)',
        'Außensicht (Besuchende)',
        '1 – Kaum Ansätze',
        '3 – Im Aufbau',
        '4 – Gut entwickelt',
        '5 – Verstetigt und beispielhaft',
        'Begründung: Leerstand wächst',
        'Begründung: Sanierung läuft',
        'nicht bewertet',
      ])
        expect(text, `${name}: ${s}`).toContain(s);
    }
    // Headings step down one level at a time (h2 section, h3 legend and fields, h4 views).
    const inOrder = (levels: number[]) =>
      levels.every((l, i) => i === 0 || l <= levels[i - 1]! + 1);
    expect(inOrder([...html.matchAll(/<h(\d)>/g)].map((m) => Number(m[1])))).toBe(true);
    const { xml } = docxText(await renderDocx(model));
    const docxLevels = [...xml.matchAll(/<w:pStyle w:val="Heading(\d)"\/>/g)].map((m) =>
      Number(m[1]),
    );
    expect(docxLevels.length).toBeGreaterThan(0); // otherwise the order check proves nothing
    expect(inOrder(docxLevels)).toBe(true);
    expect(count(html, '<h4>Innensicht (Quartiersmanagement)</h4>')).toBe(10);
    // Side by side in one field's block: the housing section holds both views and the mark.
    const housing = /<h3>Wohnen[^<]*<\/h3>(.*?)<\/div><\/section>/s.exec(
      html.slice(html.indexOf('Einschätzung der Handlungsfelder')),
    )?.[1];
    expect(housing).toMatch(/Abweichung: 2 Stufen.*1 – Kaum Ansätze.*3 – Im Aufbau/s);
  });

  it('CSV and JSON carry the ratings as data', async () => {
    const model = await seed();
    const zip = unzipSync(await renderCsvZip(model));
    const csv = strFromU8(zip['Einschaetzungen.csv']!).replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toContain('Handlungsfeld;Perspektive;Bewertung;Notiz');
    expect(lines.some((l) => /Innensicht.*;1;Leerstand wächst;/.test(l))).toBe(true);
    const json = ExportFile.parse(JSON.parse(new TextDecoder().decode(await renderJson(model))));
    expect(
      json.fieldRatings.map((r) => [r.fieldId, r.perspective, r.rating, r.note]).sort(),
    ).toEqual([
      ['climate', 'local', 4, ''],
      ['climate', 'outside', 5, ''],
      ['housing', 'local', 1, 'Leerstand wächst'],
      ['housing', 'outside', 3, 'Sanierung läuft'],
    ]);
  });

  it('a visit without ratings has no ratings section', async () => {
    const model = await seed(false);
    const html = new TextDecoder().decode(await renderHtml(model));
    expect(html).not.toContain('Einschätzung der Handlungsfelder');
    expect(model.records.fieldRatings).toEqual([]);
  });
});
