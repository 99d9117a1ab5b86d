import { describe, expect, it } from 'vitest';
import { coverage, uncoveredFields } from '../../../../src/client/app/visit/coverage';
import { ACTION_FIELDS, THEMES, fieldsOfTheme } from '../../../../src/shared/domain/action-fields';
import { buildReportModel } from '../../../../src/client/reports/model';
import { buildOverviewModel } from '../../../../src/client/reports/overview-model';
import { loadOverviewData, loadReportData } from '../../../../src/client/db/report-queries';
import { makeTestDb } from '../../../support/fake-db';

/** The order the visit page shows its field sections in: by theme, as observations-section.tsx. */
const PAGE_ORDER = THEMES.flatMap((t) => fieldsOfTheme(t.id)).map((f) => f.id);

describe('coverage of the ten action fields', () => {
  it('with no observations every field is uncovered, in the order of the page below', () => {
    expect(uncoveredFields([])).toEqual(PAGE_ORDER);
    expect(coverage([]).map((c) => c.fieldId)).toEqual(PAGE_ORDER);
    // The page is grouped by theme, which is not the official order.
    expect(PAGE_ORDER).not.toEqual(ACTION_FIELDS.map((f) => f.id));
  });
  it('the reports and the overview list the fields in the same order as the strip', async () => {
    const db = makeTestDb();
    try {
      const { seedFullVisit } = await import('../../reports/fixtures');
      const { visit } = await seedFullVisit(db);
      const model = buildReportModel(await loadReportData(db, visit.id), 'de');
      expect(model.themes.flatMap((t) => t.fields.map((f) => f.id))).toEqual(PAGE_ORDER);
      const empty = buildReportModel({ ...(await loadReportData(db, visit.id)), observations: [] });
      const label = (id: string) => ACTION_FIELDS.find((f) => f.id === id)!.de;
      expect(empty.uncovered).toEqual(PAGE_ORDER.map(label));
      const overview = buildOverviewModel(await loadOverviewData(db, {}), 'de');
      expect(overview.fields.map((f) => f.id)).toEqual(PAGE_ORDER);
      expect(overview.fields.map((f) => f.number)).toEqual(PAGE_ORDER.map((_, i) => i + 1));
      expect(overview.rows[0]!.cells.map((c) => c.fieldId)).toEqual(PAGE_ORDER);
    } finally {
      db.close();
    }
  });
  it('counts observations per field and ignores visit-level notes without a field', () => {
    const cov = coverage([
      { fieldId: 'housing' },
      { fieldId: 'housing' },
      { fieldId: 'climate' },
      { fieldId: null },
    ]);
    expect(cov).toHaveLength(10);
    expect(cov.find((c) => c.fieldId === 'housing')?.count).toBe(2);
    expect(cov.find((c) => c.fieldId === 'climate')?.count).toBe(1);
    expect(cov.filter((c) => c.count === 0)).toHaveLength(8);
  });
  it('is complete when each field has one observation', () => {
    expect(uncoveredFields(ACTION_FIELDS.map((f) => ({ fieldId: f.id })))).toEqual([]);
  });
});
