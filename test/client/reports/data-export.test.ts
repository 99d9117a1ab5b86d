// CSV and JSON exports re-parse with the shared schemas: nothing lost, nothing retyped.
import { afterEach, describe, expect, it } from 'vitest';
import { Observation } from '../../../src/shared/domain/schemas';
import { addObservation } from '../../../src/client/db/mutators';
import { loadOverviewData, loadReportData } from '../../../src/client/db/report-queries';
import { buildReportModel } from '../../../src/client/reports/model';
import { buildOverviewModel } from '../../../src/client/reports/overview-model';
import { ExportFile } from '../../../src/client/reports/records';
import { observationsFromCsv, parseCsv, renderCsv } from '../../../src/client/reports/render-csv';
import { renderJson } from '../../../src/client/reports/render-json';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';
import { XSS, seedFullVisit } from './fixtures';

let db: AppDb;
afterEach(() => db?.close());
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

describe('data exports round-trip through the shared schemas', () => {
  it('JSON of one visit parses as ExportFile and equals the stored records', async () => {
    db = makeTestDb();
    const { visit } = await seedFullVisit(db);
    const data = await loadReportData(db, visit.id);
    const file = ExportFile.parse(JSON.parse(decode(await renderJson(buildReportModel(data)))));
    expect(file.visits).toEqual([data.visit]);
    expect(file.observations).toEqual(data.observations);
    expect(file.photos).toHaveLength(10);
    expect(file.checklistItems).toHaveLength(data.checklist.length);
    expect(file.followUps[0]?.description).toBe('Beratung zur Verstetigung gewünscht');
  });

  it('CSV of observations re-parses into Observation records equal to the originals, formulas defused', async () => {
    db = makeTestDb();
    const { visit } = await seedFullVisit(db);
    await addObservation(db, {
      visitId: visit.id,
      fieldId: null,
      text: '=HYPERLINK("http://x";"klick")\n2. Zeile; mit "Zitat"',
      place: '-5 m',
      author: "'Ann",
    });
    await addObservation(db, {
      visitId: visit.id,
      fieldId: 'climate',
      text: '  führende Leerzeichen',
      rating: 4,
      lat: 50.1,
      lng: -8.75,
    });
    const data = await loadReportData(db, visit.id);
    const bytes = await renderCsv(buildReportModel(data));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = decode(bytes);
    const rows = parseCsv(csv);
    expect(rows[0]?.slice(0, 3)).toEqual(['Standort', 'Datum', 'Handlungsfeld']);
    expect(rows).toHaveLength(data.observations.length + 1);
    expect(csv).not.toMatch(/(^|;)=HYPERLINK/m);
    const back = observationsFromCsv(csv).map((o) => Observation.parse(o));
    expect(back).toEqual(data.observations);
    expect(back.some((o) => o.text === XSS)).toBe(true);
  });

  it('the overview exports a filtered set and everything', async () => {
    db = makeTestDb();
    await seedFullVisit(db);
    const all = await loadOverviewData(db, {});
    const none = await loadOverviewData(db, { from: '2027-01-01' });
    expect(
      ExportFile.parse(JSON.parse(decode(await renderJson(buildOverviewModel(all, 'de')))))
        .observations,
    ).toHaveLength(21);
    const empty = ExportFile.parse(
      JSON.parse(decode(await renderJson(buildOverviewModel(none, 'de')))),
    );
    expect(empty.visits).toEqual([]);
    expect(empty.observations).toEqual([]);
  });
});
