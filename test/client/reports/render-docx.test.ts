import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_FIELDS, THEMES } from '../../../src/shared/domain/action-fields';
import { loadReportData } from '../../../src/client/db/report-queries';
import { buildReportModel } from '../../../src/client/reports/model';
import { renderDocx } from '../../../src/client/reports/render-docx';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';
import { PARTICIPANTS, XSS, obsText, seedFullVisit } from './fixtures';
import { docxText } from './helpers';

let db: AppDb;
afterEach(() => db?.close());

describe('visit report as DOCX', () => {
  it('has Word headings for every theme and field, both views, participants and one media file per photo', async () => {
    db = makeTestDb();
    const { visit } = await seedFullVisit(db);
    const model = buildReportModel(await loadReportData(db, visit.id), 'de');
    const docx = await renderDocx(model);
    expect(Buffer.from(docx.subarray(0, 2)).toString()).toBe('PK');
    const { text, xml, media, footers } = docxText(docx);
    expect(text).toContain('Besuchsbericht');
    for (const pt of PARTICIPANTS) {
      expect(text).toContain(pt.name);
      expect(text).toContain(pt.organisation);
    }
    const headings = [
      ...xml.matchAll(
        /<w:p>(?:(?!<\/w:p>).)*?<w:pStyle w:val="Heading(\d)"\/>((?:(?!<\/w:p>).)*)<\/w:p>/gs,
      ),
    ].map((m) => ({ level: Number(m[1]), text: m[2]!.replace(/<[^>]+>/g, '') }));
    for (const t of THEMES) expect(headings).toContainEqual({ level: 2, text: `${t.id}. ${t.de}` });
    for (const f of ACTION_FIELDS) {
      expect(headings).toContainEqual({ level: 3, text: f.de });
      expect(text).toContain(obsText(f.id, 'außen'));
      expect(text).toContain(obsText(f.id, 'innen'));
    }
    expect(text).toContain('Außensicht (Besuchende)');
    expect(text).toContain('Beratung zur Verstetigung gewünscht');
    expect(text).toContain(XSS);
    expect(xml).not.toContain('<img');
    expect(media).toHaveLength(10);
    expect(footers).toMatch(/Seite.*PAGE.*von.*NUMPAGES/s);
  });
});
