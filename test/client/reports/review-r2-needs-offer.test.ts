// The needs list's exports say which offer of the alliance is linked to a need and how far the
// link got, as the list's rows do: a member takes the list to a meeting, a spreadsheet or a PDF
// that leaves out the matching would lose it.
import { afterEach, expect, it } from 'vitest';
import { addFollowUp, createSite, createVisit } from '../../../src/client/db/mutators';
import { DEFAULT_NEEDS_FILTER } from '../../../src/client/db/needs-filter';
import { loadNeeds } from '../../../src/client/db/needs-queries';
import {
  createOffer,
  linkOffer,
  newOfferFields,
  trackMatch,
} from '../../../src/client/db/offer-mutators';
import { listOffers } from '../../../src/client/db/offer-queries';
import { listSites } from '../../../src/client/db/queries';
import type { AppDb } from '../../../src/client/db/schema';
import { exportNeeds } from '../../../src/client/reports/needs-export';
import { buildNeedsModel } from '../../../src/client/reports/needs-model';
import { renderNeedsPdf } from '../../../src/client/reports/render-needs';
import { makeTestDb } from '../../support/fake-db';
import { nodeFonts, pdfText } from './helpers';
import { strictCsv } from './strict-csv';

const TODAY = '2026-12-02';
let db: AppDb;
afterEach(() => db?.close());

async function seed() {
  db = makeTestDb();
  const site = await createSite(db, { municipality: 'Hanau', quarter: 'Lamboy' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-10-01' }, []);
  const linked = await addFollowUp(db, { visitId: visit.id, description: 'Fonds aufsetzen' });
  await addFollowUp(db, { visitId: visit.id, description: 'Ohne Angebot' });
  const offer = await createOffer(db, newOfferFields({ title: 'Fondsberatung' }));
  await linkOffer(db, linked.id, offer.id);
  await trackMatch(db, linked.id, { matchStatus: 'agreed' });
}

it('the CSV has the linked offer and the state of the link, empty where none is linked', async () => {
  await seed();
  const out = await exportNeeds(db, DEFAULT_NEEDS_FILTER, 'csv', 'de', TODAY);
  const text = new TextDecoder().decode(new Uint8Array(await out.blob.arrayBuffer()));
  const [head, ...rows] = strictCsv(text.replace(/^\uFEFF/, ''), ';');
  const row = (d: string) =>
    Object.fromEntries(head!.map((h, i) => [h, rows.find((r) => r.includes(d))![i]]));
  expect(row('Fonds aufsetzen')).toMatchObject({
    'Angebot des Bündnisses': 'Fondsberatung',
    'Stand der Verknüpfung': 'Vereinbart',
  });
  expect(row('Ohne Angebot')).toMatchObject({
    'Angebot des Bündnisses': '',
    'Stand der Verknüpfung': '',
  });
});

it('the PDF names the linked offer with its state under the need', async () => {
  await seed();
  const model = buildNeedsModel(
    await loadNeeds(db),
    await listSites(db),
    DEFAULT_NEEDS_FILTER,
    'de',
    TODAY,
    await listOffers(db),
  );
  const text = pdfText(await renderNeedsPdf(model, nodeFonts()));
  expect(text).toContain('Angebot des Bündnisses: Fondsberatung (Vereinbart)');
});
