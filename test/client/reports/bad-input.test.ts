// Reports from awkward data: each yields a valid, non-empty file with a clear note, never a crash.
import { afterEach, describe, expect, it } from 'vitest';
import { addObservation, createSite, createVisit } from '../../../src/client/db/mutators';
import { loadReportData } from '../../../src/client/db/report-queries';
import { buildReportModel } from '../../../src/client/reports/model';
import { renderDocx } from '../../../src/client/reports/render-docx';
import { renderHtml } from '../../../src/client/reports/render-html';
import { renderPdf } from '../../../src/client/reports/render-pdf';
import { renderZip } from '../../../src/client/reports/render-zip';
import { photosOfModel } from '../../../src/client/reports/render-zip';
import type { AppDb } from '../../../src/client/db/schema';
import { strFromU8, unzipSync } from 'fflate';
import { makeTestDb } from '../../support/fake-db';
import { XSS, addPhoto, makeJpeg } from './fixtures';
import { docxText, nodeFonts, pdfImageCount, pdfPageCount, pdfText } from './helpers';

let db: AppDb;
afterEach(() => db?.close());
const fonts = nodeFonts();

async function emptyVisit() {
  db = makeTestDb();
  const site = await createSite(db, { municipality: 'Groß-Gerau', quarter: 'Südstadt/Übergang' });
  return createVisit(db, { siteId: site.id, date: '2026-06-01' });
}

async function renderAll(visitId: string) {
  const model = buildReportModel(await loadReportData(db, visitId), 'de');
  const [pdf, docx, html] = [
    await renderPdf(model, fonts),
    await renderDocx(model),
    await renderHtml(model),
  ];
  return {
    model,
    pdf,
    docx,
    pdfText: pdfText(pdf),
    docxText: docxText(docx),
    html: new TextDecoder().decode(html),
  };
}

describe('bad input still gives a correct report', () => {
  it('a visit without observations says so and lists all ten fields as not covered', async () => {
    const visit = await emptyVisit();
    const r = await renderAll(visit.id);
    expect(r.model.fileBase).toBe('Besuchsbericht_Gross-Gerau-Suedstadt-Uebergang_2026-06-01');
    for (const text of [r.pdfText, r.docxText.text, r.html]) {
      expect(text).toContain('Zu diesem Besuch sind keine Beobachtungen erfasst.');
      expect(text).toContain('Nicht behandelte Handlungsfelder');
      expect(text).toContain('Nahversorgung und Daseinsvorsorge');
    }
    expect(r.model.uncovered).toHaveLength(10);
    expect(pdfPageCount(r.pdf)).toBeGreaterThan(0);
  });

  it('300 observations in one field flow over many pages with every text present', async () => {
    const visit = await emptyVisit();
    for (let i = 0; i < 300; i++) {
      await addObservation(db, {
        visitId: visit.id,
        fieldId: 'mobility',
        perspective: i % 3 ? 'outside' : 'local',
        kind: i % 2 ? 'strength' : 'challenge',
        rating: i % 2 ? 4 + (i % 4 === 1 ? 1 : 0) : 2,
        text: `Radweg Nummer ${i} endet abrupt`,
      });
    }
    const r = await renderAll(visit.id);
    expect(pdfPageCount(r.pdf)).toBeGreaterThan(8);
    for (const i of [0, 1, 150, 299]) {
      expect(r.pdfText).toContain(`Radweg Nummer ${i} endet abrupt`);
      expect(r.docxText.text).toContain(`Radweg Nummer ${i} endet abrupt`);
    }
    // strengths 4 and 5 in turn, challenges 2: averaged per kind, never together (4.5 and 2, not 3.25)
    expect(r.pdfText.replace(/\s+/g, ' ')).toContain(
      'Bewertung der Beobachtungen je Art (Durchschnitt): Stärke 4,5 · Herausforderung 2 · 300 Beob.',
    );
    // Three renderers over 300 observations: about 2 s alone, several times that on a loaded CI.
  }, 30_000);

  it('a 10,000-character text (also as one unbroken word) is wrapped, not cut or overflowing', async () => {
    const visit = await emptyVisit();
    const long = Array.from({ length: 1200 }, (_, i) => `Wort${String(i).padStart(4, '0')}`)
      .join(' ')
      .slice(0, 10_000);
    const word = 'ä'.repeat(9_990) + 'ENDE';
    await addObservation(db, { visitId: visit.id, fieldId: 'housing', text: long });
    await addObservation(db, {
      visitId: visit.id,
      fieldId: 'housing',
      perspective: 'local',
      text: word,
    });
    const r = await renderAll(visit.id);
    expect(r.pdfText).toContain('Wort0000');
    expect(long).toHaveLength(10_000);
    expect(r.pdfText).toContain('Wort1110');
    expect(r.pdfText).toContain('ENDE');
    expect(r.pdfText.replace(/\s/g, '')).toContain('ä'.repeat(100));
    expect(r.docxText.text).toContain(long);
    expect(r.docxText.text).toContain(word);
  });

  it('a photo whose bytes are not on the device and a damaged one are noted, the others embedded', async () => {
    const visit = await emptyVisit();
    const obs = await addObservation(db, {
      visitId: visit.id,
      fieldId: 'climate',
      text: 'Hitzeinsel am Platz',
    });
    await addPhoto(db, visit.id, obs.id, makeJpeg(1), 'vorhanden', 0);
    await addPhoto(db, visit.id, obs.id, null, 'fehlt noch', 1);
    await addPhoto(db, visit.id, null, new TextEncoder().encode('not a jpeg at all'), 'kaputt', 2);
    const r = await renderAll(visit.id);
    expect(pdfImageCount(r.pdf)).toBe(1);
    expect(r.docxText.media).toHaveLength(1);
    for (const text of [r.pdfText, r.docxText.text, r.html]) {
      expect(text).toContain('2 Fotos sind noch nicht auf diesem Gerät');
      expect(text).toContain('Foto noch nicht auf diesem Gerät (nicht heruntergeladen)');
      expect(text).toContain('Foto beschädigt, nicht eingebettet');
    }
    const zip = unzipSync(await renderZip({ lang: 'de', photos: photosOfModel(r.model) }));
    const names = Object.keys(zip);
    expect(names.filter((n) => n.endsWith('.jpg'))).toHaveLength(1);
    expect(strFromU8(zip['FEHLENDE_FOTOS.txt']!)).toContain('fehlt-noch');
  });

  it('markup in user text stays text: escaped in HTML, literal in PDF and DOCX', async () => {
    const visit = await emptyVisit();
    await addObservation(db, {
      visitId: visit.id,
      fieldId: 'image-safety',
      text: XSS,
      place: '"><script>alert(2)</script>',
    });
    const r = await renderAll(visit.id);
    expect(r.pdfText).toContain(XSS);
    expect(r.docxText.text).toContain(XSS);
    expect(r.html).not.toContain('<img src=x');
    expect(r.html).not.toContain('<script>');
    expect(r.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(r.html).toContain("default-src 'none'");
  });
});
