// JSON exports re-parse with the shared schemas: nothing lost, nothing retyped (the CSV files
// are for people: csv-zip.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { loadOverviewData, loadReportData } from '../../../src/client/db/report-queries';
import { buildReportModel } from '../../../src/client/reports/model';
import { buildOverviewModel } from '../../../src/client/reports/overview-model';
import { ExportFile } from '../../../src/client/reports/records';
import { renderJson } from '../../../src/client/reports/render-json';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';
import { seedFullVisit } from './fixtures';

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
