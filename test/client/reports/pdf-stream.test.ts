import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadReportData } from '../../../src/client/db/report-queries';
import { buildReportModel } from '../../../src/client/reports/model';
import { renderPdf, renderPdfBlob } from '../../../src/client/reports/render-pdf';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';
import { addObservation, createSite, createVisit } from '../../../src/client/db/mutators';
import { seedFullVisit } from './fixtures';
import { nodeFonts, pdfImageCount, pdfText } from './helpers';

let db: AppDb;
afterEach(() => db?.close());

function qpdfCheck(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    return execFileSync('qpdf', ['--check', join(dir, 'r.pdf')], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('PDF written as a stream', { timeout: 30_000 }, () => {
  it('reads each photo when it is placed and when it is written, not from the model', async () => {
    db = makeTestDb();
    const { visit } = await seedFullVisit(db);
    const model = buildReportModel(await loadReportData(db, visit.id), 'de');
    const bytes = new Map<string, Uint8Array>();
    for (const v of [...model.themes.flatMap((t) => t.fields.flatMap((f) => f.photos))]) {
      bytes.set(v.id, v.jpeg!);
      v.jpeg = null; // as export-jobs does: the model keeps no photo bytes
    }
    const reads: string[] = [];
    const blob = await renderPdfBlob(model, nodeFonts(), {}, async (p) => {
      reads.push(p.id);
      return bytes.get(p.id)?.slice() ?? null;
    });
    expect(blob.type).toBe('application/pdf');
    const pdf = new Uint8Array(await blob.arrayBuffer());
    expect(pdfImageCount(pdf)).toBe(10);
    // Placed (header read) and written: twice each, never kept in between.
    expect(reads).toHaveLength(20);
    expect(new Set(reads).size).toBe(10);
    expect(qpdfCheck(pdf)).toContain('No syntax or stream encoding errors found');
    expect(pdfText(pdf)).toContain('Foto housing – Straßenansicht');
    // The JPEG bytes are in the file as they are.
    const latin = Buffer.from(pdf).toString('latin1');
    for (const b of bytes.values())
      expect(latin.includes(Buffer.from(b).toString('latin1'))).toBe(true);
  });

  it('a photo gone between placing and writing becomes a one-pixel image, the file stays valid', async () => {
    db = makeTestDb();
    const { visit } = await seedFullVisit(db);
    const model = buildReportModel(await loadReportData(db, visit.id), 'de');
    const seen = new Set<string>();
    const blob = await renderPdfBlob(model, nodeFonts(), {}, async (p) => {
      if (seen.has(p.id)) return null; // second read: deleted meanwhile
      seen.add(p.id);
      return p.jpeg;
    });
    const pdf = new Uint8Array(await blob.arrayBuffer());
    expect(qpdfCheck(pdf)).toContain('No syntax or stream encoding errors found');
    expect(pdfImageCount(pdf)).toBe(10);
    // Every image is the grey pixel: none of the bytes read when it was placed went in.
    const latin = Buffer.from(pdf).toString('latin1');
    expect(latin.match(/\/Width 1\s*\/Height 1\s*\/ColorSpace \/DeviceGray/g)).toHaveLength(10);
    const jpegs = model.themes.flatMap((t) => t.fields.flatMap((f) => f.photos));
    expect(jpegs.filter((v) => v.jpeg)).toHaveLength(10);
    for (const v of jpegs)
      if (v.jpeg) expect(latin.includes(Buffer.from(v.jpeg).toString('latin1'))).toBe(false);
  });

  it('keeps the structure tree small: its many small objects go into compressed object streams', async () => {
    db = makeTestDb();
    const site = await createSite(db, { municipality: 'A', quarter: 'B', phase: 'isek' });
    const visit = await createVisit(db, { siteId: site.id, date: '2026-03-10' });
    for (let i = 0; i < 300; i++)
      await addObservation(db, {
        visitId: visit.id,
        fieldId: 'mobility',
        perspective: i % 3 ? 'outside' : 'local',
        rating: (i % 5) + 1,
        text: `Radweg Nummer ${i} endet abrupt`,
      });
    const model = buildReportModel(await loadReportData(db, visit.id), 'de');
    const pdf = await renderPdf(model, nodeFonts());
    expect(qpdfCheck(pdf)).toContain('No syntax or stream encoding errors found');
    const latin = Buffer.from(pdf).toString('latin1');
    // About 800 structure elements, none written as an object of its own.
    expect(latin).not.toMatch(/\/StructElem/);
    expect(latin).toMatch(/\/Type\s*\/ObjStm/);
    expect(latin).toMatch(/\/Type\s*\/XRef/);
    // 61 KB untagged with a classic cross-reference table; 154 KB tagged with every element an
    // object of its own; 57 KB so.
    expect(pdf.length).toBeLessThan(64_000);
    expect(pdfText(pdf)).toContain('Radweg Nummer 299 endet abrupt');
  });
});
