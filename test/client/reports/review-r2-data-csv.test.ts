// The visit's data export (Daten (CSV)) read as a spreadsheet: a need's tracking (the day it was
// closed, the linked offer, how far the link got and what came of it) is in Bedarfe-und-Schritte,
// not only in the JSON; a field rating's perspective reads as in the report and on the page.
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, expect, it } from 'vitest';
import {
  addFollowUp,
  createSite,
  createVisit,
  updateFollowUp,
} from '../../../src/client/db/mutators';
import {
  createOffer,
  linkOffer,
  newOfferFields,
  trackMatch,
} from '../../../src/client/db/offer-mutators';
import { rateField } from '../../../src/client/db/rating-mutators';
import { loadReportData } from '../../../src/client/db/report-queries';
import type { AppDb } from '../../../src/client/db/schema';
import { buildReportModel } from '../../../src/client/reports/model';
import { parseCsv, renderCsvZip } from '../../../src/client/reports/render-csv';
import { csvSeparator } from '../../../src/shared/csv';
import { makeTestDb } from '../../support/fake-db';

let db: AppDb;
afterEach(() => db?.close());

async function sheets(lang: 'de' | 'en') {
  db = makeTestDb();
  const site = await createSite(db, { municipality: 'Kassel', quarter: 'Nordstadt' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
  const need = await addFollowUp(db, { visitId: visit.id, description: 'Fonds' });
  const offer = await createOffer(db, newOfferFields({ title: 'Fondsberatung' }));
  await linkOffer(db, need.id, offer.id);
  await trackMatch(db, need.id, { matchStatus: 'agreed', matchNote: 'Termin im Mai' });
  await updateFollowUp(db, need.id, { status: 'done' });
  await rateField(db, visit.id, 'local', 'housing', { rating: 2 });
  const zip = unzipSync(
    await renderCsvZip(buildReportModel(await loadReportData(db, visit.id), lang)),
  );
  const read = (name: string) => {
    const [head, ...rows] = parseCsv(
      strFromU8(zip[name]!).replace(/^\uFEFF/, ''),
      csvSeparator(lang),
    );
    return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i]])));
  };
  return { read, offer };
}

it("carries a need's closing day and its offer link in German", async () => {
  const { read, offer } = await sheets('de');
  const [row] = read('Bedarfe-und-Schritte.csv');
  expect(row).toMatchObject({
    Status: 'Erledigt',
    'Abgeschlossen am': expect.stringMatching(/^\d\d\.\d\d\.\d{4}$/),
    'Stand der Verknüpfung': 'Vereinbart',
    'Was daraus wurde': 'Termin im Mai',
    'Angebot-ID': offer.id,
  });
  const [rating] = read('Einschaetzungen.csv');
  expect(rating!['Perspektive']).toBe('Innensicht (Quartiersmanagement)');
});

it('and in English', async () => {
  const { read } = await sheets('en');
  const [row] = read('follow-ups.csv');
  expect(row).toMatchObject({ 'Link status': 'Agreed', 'What came of it': 'Termin im Mai' });
  expect(Object.keys(row!)).toContain('Closed on');
});
