// "Daten (CSV)": one ZIP with one CSV per entity that people open in Excel or LibreOffice —
// headers in the chosen language, labels instead of keys, dates and numbers as readers of that
// language write them, authors filled, formulas defused, and every value back intact.
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { addFollowUp, addObservation, updateChecklistItem } from '../../../src/client/db/mutators';
import { loadOverviewData, loadReportData } from '../../../src/client/db/report-queries';
import { buildReportModel } from '../../../src/client/reports/model';
import { buildOverviewModel } from '../../../src/client/reports/overview-model';
import { renderCsvZip } from '../../../src/client/reports/render-csv';
import type { AppDb } from '../../../src/client/db/schema';
import type { Lang } from '../../../src/shared/domain/vocab';
import { formatDateTime } from '../../../src/client/i18n/format';
import { makeTestDb } from '../../support/fake-db';
import { seedFullVisit } from './fixtures';
import { strictCsv } from './strict-csv';

let db: AppDb;
afterEach(() => db?.close());

const NASTY = 'Treffpunkt; Ecke "Goethestraße"\nzweite Zeile';
const FORMULAS = ['=HYPERLINK("http://x";"klick")', '+49 69 123', '-5 m', '@SUM(A1)'];
const EDITED_AT = '2026-05-04T12:30:00.000Z';

async function seed() {
  db = makeTestDb();
  const { visit } = await seedFullVisit(db);
  const nasty = await addObservation(db, {
    visitId: visit.id,
    fieldId: 'climate',
    kind: 'recommendation',
    perspective: 'local',
    rating: 4,
    text: NASTY,
    lat: 50.1,
    lng: 8.75,
  });
  for (const text of FORMULAS) await addObservation(db, { visitId: visit.id, fieldId: null, text });
  await addFollowUp(db, {
    visitId: visit.id,
    description: 'Schulung Beteiligung',
    owner: 'Koordination',
    dueDate: '2027-01-31',
  });
  const items = await db.checklistItems.where('visitId').equals(visit.id).sortBy('order');
  await updateChecklistItem(db, items[0]!.id, { state: 'done', note: 'mit Herrn Meier' });
  await updateChecklistItem(db, items[1]!.id, { state: 'na' });
  // What a pull leaves on a row: the server's authors (docs/architecture.md, authors).
  await db.transaction('rw', [db.observations, db.outbox], () =>
    db.observations.update(nasty.id, {
      _by: {
        createdBy: 'u1',
        createdByName: 'Ann Autorin',
        createdAt: '2026-05-04T09:00:00.000Z',
        updatedBy: 'u2',
        updatedByName: 'Bea Bearbeiterin',
        updatedAt: EDITED_AT,
      },
    } as never),
  );
  return { visit, nastyId: nasty.id };
}

async function filesOf(bytes: Uint8Array): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [name, data] of Object.entries(unzipSync(bytes))) {
    expect([...data.subarray(0, 3)], `${name} starts with a UTF-8 BOM`).toEqual([0xef, 0xbb, 0xbf]);
    out.set(name, new TextDecoder().decode(data.subarray(3)));
  }
  return out;
}

/** Rows as objects by header, read with the strict parser. */
function table(text: string | undefined, sep: string): Record<string, string>[] {
  expect(text).toBeDefined();
  const [header, ...rows] = strictCsv(text!, sep);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

async function visitZip(lang: Lang) {
  const { visit, nastyId } = await seed();
  const model = buildReportModel(await loadReportData(db, visit.id), lang);
  return { files: await filesOf(await renderCsvZip(model)), model, nastyId };
}

describe('data export as CSV files in one ZIP', () => {
  it('German: one file per entity, German headers, labels, 31.01.2027, decimal comma, ";"', async () => {
    const { files, model } = await visitZip('de');
    expect([...files.keys()].sort()).toEqual(
      [
        'Standorte.csv',
        'Besuche.csv',
        'Teilnehmende.csv',
        'Checkliste.csv',
        'Beobachtungen.csv',
        'Bedarfe-und-Schritte.csv',
        'Fotos.csv',
        'Einschaetzungen.csv',
      ].sort(),
    );
    const obs = table(files.get('Beobachtungen.csv'), ';');
    expect(obs).toHaveLength(model.records.observations.length);
    expect(Object.keys(obs[0]!)).toEqual(
      expect.arrayContaining([
        'Besuch',
        'Datum',
        'Handlungsfeld',
        'Art',
        'Perspektive',
        'Bewertung',
        'Text',
        'Erfasst von',
        'Zuletzt geändert von',
        'Geändert am',
      ]),
    );
    const nasty = obs.find((o) => o.Text === NASTY)!;
    expect(nasty).toMatchObject({
      Besuch: 'Offenbach – Nordend, 04.05.2026',
      Datum: '04.05.2026',
      Handlungsfeld:
        'Klimaschutz, Klimafolgenanpassung, grün-blaue Infrastruktur und Umweltgerechtigkeit',
      Art: 'Empfehlung',
      Perspektive: 'Innensicht (vor Ort)',
      Bewertung: '4',
      Breitengrad: '50,1',
      Längengrad: '8,75',
    });
    const fu = table(files.get('Bedarfe-und-Schritte.csv'), ';');
    expect(fu.find((f) => f.Beschreibung === 'Schulung Beteiligung')).toMatchObject({
      Frist: '31.01.2027',
      Handlungsfeld: 'ohne Handlungsfeld',
      Status: 'Offen',
    });
    const check = table(files.get('Checkliste.csv'), ';');
    expect(check.map((c) => c.Stand).slice(0, 3)).toEqual(['Erledigt', 'Entfällt', 'Offen']);
    expect(check[0]).toMatchObject({ Liste: 'Vorbereitung', Notiz: 'mit Herrn Meier' });
    expect(table(files.get('Teilnehmende.csv'), ';').length).toBe(model.cover.participants.length);
    const photos = table(files.get('Fotos.csv'), ';');
    expect(photos).toHaveLength(model.photoCount);
    expect(photos[0]!.Bildunterschrift).toMatch(/^Foto .* – Straßenansicht$/);
    // Which observation a photo belongs to, in words (its field and first words).
    expect(photos[0]!['Beobachtung']).toMatch(/^Soziale und kulturelle Infrastruktur .*: \S/);
    const visits = table(files.get('Besuche.csv'), ';');
    expect(visits).toEqual([
      expect.objectContaining({
        Standort: 'Offenbach – Nordend',
        Datum: '04.05.2026',
        Programmphase: 'ISEK-Erarbeitung',
      }),
    ]);
    expect(table(files.get('Standorte.csv'), ';')[0]).toMatchObject({
      Kommune: 'Offenbach',
      Quartier: 'Nordend',
    });
    // Every file is CRLF, BOM, ";" — nothing in it uses an internal key as a header.
    for (const [name, text] of files) {
      expect(text.split('\r\n')[0], name).not.toMatch(/Label|Id\b|visitId|fieldId/);
    }
  });

  it('English: English headers and labels, commas, 31 Jan 2027, decimal point', async () => {
    const { files } = await visitZip('en');
    expect(files.has('observations.csv')).toBe(true);
    const obs = table(files.get('observations.csv'), ',');
    expect(obs.find((o) => o.Text === NASTY)).toMatchObject({
      Visit: 'Offenbach – Nordend, 4 May 2026',
      Date: '4 May 2026',
      Kind: 'Recommendation',
      Rating: '4',
      Latitude: '50.1',
      'Recorded by': 'Ann Autorin',
      'Last changed by': 'Bea Bearbeiterin',
    });
    const fu = table(files.get('follow-ups.csv'), ',');
    expect(fu.find((f) => f.Description === 'Schulung Beteiligung')!.Due).toBe('31 Jan 2027');
  });

  it('authors come from the rows the server stamped: recorded by, last changed by, when', async () => {
    const { files } = await visitZip('de');
    const nasty = table(files.get('Beobachtungen.csv'), ';').find((o) => o.Text === NASTY)!;
    expect(nasty['Erfasst von']).toBe('Ann Autorin');
    expect(nasty['Zuletzt geändert von']).toBe('Bea Bearbeiterin');
    expect(nasty['Geändert am']).toBe(formatDateTime(EDITED_AT, 'de'));
  });

  it('cells that start like a formula get a leading apostrophe; ; " and line breaks survive', async () => {
    const { files } = await visitZip('de');
    const raw = files.get('Beobachtungen.csv')!;
    const texts = table(raw, ';').map((o) => o.Text);
    for (const f of FORMULAS) expect(texts).toContain(`'${f}`);
    expect(raw).not.toMatch(/(^|;)[=+\-@]/m);
    expect(texts).toContain(NASTY);
  });

  it('the overview exports every visit of the selection, with its sites', async () => {
    await seed();
    const model = buildOverviewModel(await loadOverviewData(db, {}), 'de');
    const files = await filesOf(await renderCsvZip(model));
    expect(table(files.get('Standorte.csv'), ';')).toHaveLength(1);
    expect(table(files.get('Beobachtungen.csv'), ';')).toHaveLength(
      model.records.observations.length,
    );
  });
});
