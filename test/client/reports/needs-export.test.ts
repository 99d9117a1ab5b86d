// The needs list's exports read back: the CSV (BOM, ';' and German words by default, ',' in
// English, a typed formula defused, only the rows the filter keeps, overdue in its own column)
// and the PDF through pdftotext (title, filter sentence, date, site headings, overdue in words).
import { afterEach, describe, expect, it } from 'vitest';
import { addFollowUp, createSite, createVisit } from '../../../src/client/db/mutators';
import { DEFAULT_NEEDS_FILTER } from '../../../src/client/db/needs-filter';
import { loadNeeds } from '../../../src/client/db/needs-queries';
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
  const hanau = await createSite(db, { municipality: 'Hanau', quarter: 'Lamboy' });
  const kassel = await createSite(db, { municipality: 'Kassel', quarter: 'Nord' });
  const v1 = await createVisit(db, { siteId: hanau.id, date: '2026-10-01' }, []);
  const v2 = await createVisit(db, { siteId: kassel.id, date: '2026-11-15' }, []);
  await addFollowUp(db, {
    visitId: v1.id,
    description: 'Beratung zum Verfügungsfonds',
    fieldId: 'participation',
    owner: '=Frau Ott',
    dueDate: '2026-11-20',
  });
  await addFollowUp(db, {
    visitId: v2.id,
    description: 'Schulung "Beteiligung"; zwei Termine',
    kind: 'step',
    offerType: 'tutorial',
    dueDate: '2027-01-15',
    status: 'in-progress',
  });
  await addFollowUp(db, { visitId: v2.id, description: 'Erledigter Bedarf', status: 'done' });
  return { hanau, kassel };
}

const csvOf = async (blob: Blob) => {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  return {
    bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf,
    text: new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes),
  };
};

describe('needs CSV', () => {
  it('holds the filtered rows in German with ";" and the overdue row first', async () => {
    await seed();
    const out = await exportNeeds(db, DEFAULT_NEEDS_FILTER, 'csv', 'de', TODAY);
    expect(out.name).toBe('Bedarfe_2026-12-02.csv');
    const { bom, text } = await csvOf(out.blob);
    expect(bom).toBe(true);
    const rows = strictCsv(text, ';');
    expect(rows[0]).toEqual([
      'Standort',
      'Art',
      'Beschreibung',
      'Handlungsfeld',
      'Angebotsart',
      'Zuständig',
      'Fällig am',
      'Status',
      'Überfällig',
      'Abgeschlossen am',
      'Besuchsdatum',
      'Angebot des Bündnisses',
      'Stand der Verknüpfung',
    ]);
    expect(rows.slice(1)).toEqual([
      [
        'Hanau – Lamboy',
        'Beratungsbedarf',
        'Beratung zum Verfügungsfonds',
        'Aktivierung und Beteiligung',
        'Beratung',
        "'=Frau Ott",
        '20.11.2026',
        'Offen',
        'ja',
        '',
        '01.10.2026',
        '',
        '',
      ],
      [
        'Kassel – Nord',
        'Vereinbarter Schritt',
        'Schulung "Beteiligung"; zwei Termine',
        'Ohne Handlungsfeld',
        'Tutorial / Schulung',
        '',
        '15.01.2027',
        'In Arbeit',
        '',
        '',
        '15.11.2026',
        '',
        '',
      ],
    ]);
  });

  it('writes English with "," and keeps only what the filter keeps', async () => {
    const { kassel } = await seed();
    const filter = { ...DEFAULT_NEEDS_FILTER, siteId: kassel.id, statuses: [] };
    const out = await exportNeeds(db, filter, 'csv', 'en', TODAY);
    expect(out.name).toBe('Needs_2026-12-02.csv');
    const rows = strictCsv((await csvOf(out.blob)).text, ',');
    expect(rows[0]![0]).toBe('Site');
    expect(rows.slice(1).map((r) => [r[2], r[7]])).toEqual([
      ['Schulung "Beteiligung"; zwei Termine', 'In progress'],
      ['Erledigter Bedarf', 'Done'],
    ]);
  });
});

describe('needs PDF', () => {
  it('shows title, filter, date, sites as headings and the overdue need in words', async () => {
    const { hanau } = await seed();
    const model = buildNeedsModel(
      await loadNeeds(db),
      await listSites(db),
      DEFAULT_NEEDS_FILTER,
      'de',
      TODAY,
    );
    const text = pdfText(await renderNeedsPdf(model, nodeFonts()));
    expect(text).toContain('Bedarfe und Vereinbarungen');
    expect(text).toContain('Status: Offen, In Arbeit');
    expect(text).toContain('Stand: 02.12.2026 · 2 Einträge');
    expect(text.indexOf('Hanau – Lamboy')).toBeLessThan(text.indexOf('Kassel – Nord'));
    expect(text).toContain('Beratungsbedarf: Beratung zum Verfügungsfonds');
    expect(text).toContain('überfällig seit 20.11.2026');
    expect(text).toContain('Vereinbarter Schritt: Schulung "Beteiligung"; zwei Termine');
    expect(text).not.toContain('Erledigter Bedarf');
    expect(text).toMatch(/Seite 1 von 1/);

    const onlyHanau = buildNeedsModel(
      await loadNeeds(db),
      await listSites(db),
      { ...DEFAULT_NEEDS_FILTER, siteId: hanau.id, overdueOnly: true },
      'en',
      TODAY,
    );
    const en = pdfText(await renderNeedsPdf(onlyHanau, nodeFonts()));
    expect(en).toContain('Site: Hanau – Lamboy · Status: Open, In progress · overdue only');
    expect(en).toContain('overdue since 20 Nov 2026');
    expect(en).not.toContain('Kassel');
  });
});
