import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_FIELDS, THEMES } from '../../../src/shared/domain/action-fields';
import { loadReportData } from '../../../src/client/db/report-queries';
import { buildReportModel } from '../../../src/client/reports/model';
import { renderPdf } from '../../../src/client/reports/render-pdf';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';
import { PARTICIPANTS, XSS, obsText, seedFullVisit } from './fixtures';
import { nodeFonts, pdfImageCount, pdfPageCount, pdfText } from './helpers';

let db: AppDb;
afterEach(() => db?.close());
const fonts = nodeFonts();

describe('visit report as PDF', () => {
  it('has the cover, every field heading, both views, participants, follow-ups and one image per photo', async () => {
    db = makeTestDb();
    const { visit } = await seedFullVisit(db);
    const model = buildReportModel(await loadReportData(db, visit.id), 'de');
    expect(model.fileBase).toBe('Besuchsbericht_Offenbach-Nordend_2026-05-04');
    const progress: number[] = [];
    const pdf = await renderPdf(model, fonts, { onProgress: (d, t) => progress.push(d / t) });
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Besuchsbericht');
    expect(text).toContain('Offenbach – Nordend');
    expect(text).toContain('04.05.2026');
    expect(text).toContain('ISEK-Erarbeitung');
    for (const p of PARTICIPANTS) {
      expect(text).toContain(p.name);
      expect(text).toContain(p.organisation);
    }
    for (const t of THEMES) expect(text).toContain(t.de);
    for (const f of ACTION_FIELDS) {
      expect(text).toContain(f.de);
      expect(text).toContain(obsText(f.id, 'außen'));
      expect(text).toContain(obsText(f.id, 'innen'));
      expect(text).toContain(`Foto ${f.id} – Straßenansicht`);
    }
    expect(text).toContain('Außensicht (Besuchende)');
    expect(text).toContain('Innensicht (vor Ort)');
    expect(text).toContain('Beratung zur Verstetigung gewünscht');
    expect(text).toContain('Koordination Süd');
    expect(text).toContain('01.07.2026');
    expect(text).toContain('Alle zehn Handlungsfelder wurden behandelt.');
    expect(text).toContain(XSS);
    expect(text).toMatch(/Seite 1 von \d+/);
    expect(pdfImageCount(pdf)).toBe(10);
    expect(progress.at(-1)).toBe(1);
  });

  it('writes English labels on request', async () => {
    db = makeTestDb();
    const { visit } = await seedFullVisit(db);
    const model = buildReportModel(await loadReportData(db, visit.id), 'en');
    const text = pdfText(await renderPdf(model, fonts));
    expect(model.fileBase).toBe('Visit-report_Offenbach-Nordend_2026-05-04');
    expect(text).toContain('Visit report');
    for (const f of ACTION_FIELDS) expect(text).toContain(f.en);
    expect(text).toContain('Outside view (visitors)');
    expect(text).toMatch(/Page 1 of \d+/);
  });

  it('stops with an AbortError when cancelled', async () => {
    db = makeTestDb();
    const { visit } = await seedFullVisit(db);
    const model = buildReportModel(await loadReportData(db, visit.id), 'de');
    const ctrl = new AbortController();
    const run = renderPdf(model, fonts, {
      signal: ctrl.signal,
      onProgress: (d) => {
        if (d >= 2) ctrl.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('flags the open conflicts of this visit, not resolved ones or those of other visits', async () => {
    db = makeTestDb();
    const { visit } = await seedFullVisit(db);
    const obs = (await db.observations.where('visitId').equals(visit.id).toArray()).find(
      (o) => o.fieldId === 'housing',
    )!;
    await db.conflicts.bulkPut([
      {
        id: 'c1',
        entity: 'observation',
        entityId: obs.id,
        kind: 'field',
        field: 'text',
        serverValue: 'Spielplatz saniert',
        clientValue: 'Spielplatz gesperrt',
        mutationId: 'm1',
        author: 'Ayşe Öztürk',
        status: 'open',
        resolution: null,
        createdAt: '2026-05-04T10:00:00.000Z',
      },
      {
        id: 'c2',
        entity: 'observation',
        entityId: obs.id,
        kind: 'field',
        field: 'place',
        serverValue: 'a',
        clientValue: 'b',
        mutationId: 'm2',
        author: 'x',
        status: 'resolved',
        resolution: 'mine',
        createdAt: '2026-05-04T10:00:00.000Z',
      },
      {
        id: 'c3',
        entity: 'observation',
        entityId: 'other-visit-obs',
        kind: 'field',
        field: 'text',
        serverValue: 'fremd',
        clientValue: 'fremd2',
        mutationId: 'm3',
        author: 'x',
        status: 'open',
        resolution: null,
        createdAt: '2026-05-04T10:00:00.000Z',
      },
    ]);
    const model = buildReportModel(await loadReportData(db, visit.id), 'de');
    expect(model.conflicts).toHaveLength(1);
    const text = pdfText(await renderPdf(model, fonts));
    expect(text).toContain('Offene Konflikte');
    expect(text).toContain(
      'Beobachtung „text“: gespeichert „Spielplatz saniert“, abweichend „Spielplatz gesperrt“ (Ayşe Öztürk)',
    );
    expect(text).not.toContain('fremd2');
  });

  it('numbers pages of a long report', async () => {
    db = makeTestDb();
    const { visit } = await seedFullVisit(db);
    const model = buildReportModel(await loadReportData(db, visit.id), 'de');
    const pdf = await renderPdf(model, fonts);
    const pages = pdfPageCount(pdf);
    expect(pages).toBeGreaterThan(1);
    expect(pdfText(pdf)).toContain(`Seite ${pages} von ${pages}`);
  });
});
