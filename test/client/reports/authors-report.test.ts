// Reports name who recorded each observation, follow-up and photo and who changed it last
// (docs/architecture.md "Authors"): the PDF, the Word file and the HTML/print view.
import { strFromU8 } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { META } from '../../../src/client/db/meta-keys';
import {
  addFollowUp,
  addObservation,
  createSite,
  createVisit,
  updateFollowUp,
  updateObservation,
} from '../../../src/client/db/mutators';
import { loadReportData } from '../../../src/client/db/report-queries';
import type { AppDb } from '../../../src/client/db/schema';
import { buildReportModel } from '../../../src/client/reports/model';
import { renderDocx } from '../../../src/client/reports/render-docx';
import { renderHtml } from '../../../src/client/reports/render-html';
import { renderPdf } from '../../../src/client/reports/render-pdf';
import { makeTestDb } from '../../support/fake-db';
import { addPhoto, makeJpeg } from './fixtures';
import { docxText, nodeFonts, pdfText } from './helpers';

let db: AppDb;
afterEach(() => db?.close());

const signIn = (id: string, name: string) =>
  db.meta.put({ key: META.user, value: { id, name, email: `${id}@example.org` } });

/** Clara records a visit; Mehmet later changes one observation and the follow-up. */
async function seed() {
  db = makeTestDb();
  await signIn('u-clara', 'Clara Koordination');
  const site = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-12-02' });
  const kept = await addObservation(db, {
    visitId: visit.id,
    fieldId: 'housing',
    text: 'Leerstand im Erdgeschoss',
    // What an old app typed by hand: the server's account names replace it.
    author: 'Getippter Name',
  });
  const changed = await addObservation(db, {
    visitId: visit.id,
    fieldId: null,
    text: 'Allgemeiner Eindruck',
  });
  const fu = await addFollowUp(db, { visitId: visit.id, description: 'Beratung anbieten' });
  await addPhoto(db, visit.id, changed.id, makeJpeg(1), 'Blick auf den Platz', 0);
  await signIn('u-mehmet', 'Mehmet Mitglied');
  await updateObservation(db, changed.id, { text: 'Allgemeiner Eindruck, ergänzt' });
  await updateFollowUp(db, fu.id, { owner: 'Koordination' });
  return { visit, kept, changed };
}

describe('authors in the visit report', () => {
  it('the model names author and last editor of every observation, follow-up and photo', async () => {
    const { visit, kept, changed } = await seed();
    const model = buildReportModel(await loadReportData(db, visit.id), 'de');
    const obs = [
      ...model.themes.flatMap((t) => t.fields.flatMap((f) => f.outside)),
      ...model.general,
    ];
    const k = obs.find((o) => o.id === kept.id)!;
    expect(k).toMatchObject({ author: 'Clara Koordination', editor: 'Clara Koordination' });
    expect(k.byLine).toMatch(/^Erfasst von Clara Koordination, /);
    const c = obs.find((o) => o.id === changed.id)!;
    expect(c).toMatchObject({ author: 'Clara Koordination', editor: 'Mehmet Mitglied' });
    expect(c.byLine).toMatch(
      /^Erfasst von Clara Koordination · zuletzt geändert von Mehmet Mitglied, /,
    );
    expect(c.photos[0]).toMatchObject({ author: 'Clara Koordination' });
    expect(model.followUps[0]).toMatchObject({
      author: 'Clara Koordination',
      editor: 'Mehmet Mitglied',
    });
    expect(typeof model.followUps[0]!.editedAt).toBe('string');
  });

  it('the PDF prints the by-lines, never the typed name', async () => {
    const { visit } = await seed();
    const model = buildReportModel(await loadReportData(db, visit.id), 'de');
    const text = pdfText(await renderPdf(model, nodeFonts()));
    expect(text).toContain('Erfasst von Clara Koordination');
    expect(text).toContain('zuletzt geändert von Mehmet Mitglied');
    // the photo's line under its caption
    expect(text).toMatch(/Blick auf den Platz.*Erfasst von Clara Koordination/);
    expect(text).not.toContain('Getippter Name');
  });

  it('the Word file and the HTML view print them too, in the report language', async () => {
    const { visit } = await seed();
    const de = buildReportModel(await loadReportData(db, visit.id), 'de');
    const { text } = docxText(await renderDocx(de));
    expect(text).toContain('Erfasst von Clara Koordination');
    expect(text).toContain('zuletzt geändert von Mehmet Mitglied');
    expect(text).not.toContain('Getippter Name');
    const en = buildReportModel(await loadReportData(db, visit.id), 'en');
    const html = strFromU8(await renderHtml(en));
    expect(html).toContain('Recorded by Clara Koordination');
    expect(html).toContain('last changed by Mehmet Mitglied');
    expect(html).not.toContain('Getippter Name');
  });
});
