// Checklist progress says what is done, what does not apply and what is still open, separately
// ("4 erledigt · 1 entfällt · 1 offen"): "Entfällt" is not "erledigt". The same words on the
// visit page, the visit cards and in every report.
import { afterEach, describe, expect, it } from 'vitest';
import { checklistProgress } from '../../../../src/shared/domain/checklist-progress';
import { checklistProgressText } from '../../../../src/client/i18n/checklist';
import { updateChecklistItem } from '../../../../src/client/db/mutators';
import { loadReportData } from '../../../../src/client/db/report-queries';
import { buildReportModel } from '../../../../src/client/reports/model';
import { renderHtml } from '../../../../src/client/reports/render-html';
import type { AppDb } from '../../../../src/client/db/schema';
import { makeTestDb } from '../../../support/fake-db';
import { seedFullVisit } from '../../reports/fixtures';

const items = (...states: ('open' | 'done' | 'na')[]) => states.map((state) => ({ state }));

let db: AppDb;
afterEach(() => db?.close());

describe('checklist progress', () => {
  it('counts done, not applicable and open separately', () => {
    expect(checklistProgress(items('done', 'done', 'done', 'done', 'na', 'open'))).toEqual({
      done: 4,
      na: 1,
      open: 1,
      total: 6,
    });
    expect(checklistProgress([])).toEqual({ done: 0, na: 0, open: 0, total: 0 });
  });

  it('words: "4 erledigt · 1 entfällt · 1 offen", plural-aware, zero parts left out', () => {
    const p = checklistProgress(items('done', 'done', 'done', 'done', 'na', 'open'));
    expect(checklistProgressText(p, 'de')).toBe('4 erledigt · 1 entfällt · 1 offen');
    expect(checklistProgressText(p, 'en')).toBe('4 done · 1 not applicable · 1 open');
    const two = checklistProgress(items('na', 'na', 'open'));
    expect(checklistProgressText(two, 'de')).toBe('2 entfallen · 1 offen');
    expect(checklistProgressText(checklistProgress(items('done')), 'de')).toBe('1 erledigt');
    expect(checklistProgressText(checklistProgress(items('open', 'open')), 'en')).toBe('2 open');
    // The old wording counted "Entfällt" as done: "5 von 6 erledigt".
    expect(checklistProgressText(p, 'de')).not.toContain('5');
  });

  it('the report gives each checklist group the same progress line', async () => {
    db = makeTestDb();
    const { visit } = await seedFullVisit(db);
    const data = await loadReportData(db, visit.id);
    const prep = data.checklist.filter((c) => c.templateId === 'prep');
    await updateChecklistItem(db, prep[0]!.id, { state: 'done' });
    await updateChecklistItem(db, prep[1]!.id, { state: 'na' });
    const model = buildReportModel(await loadReportData(db, visit.id), 'de');
    const group = model.checklist.find((g) => g.title === 'Vorbereitung')!;
    const states = group.items.map((i) => i.state as 'open' | 'done' | 'na');
    expect(group.progress).toBe(checklistProgressText(checklistProgress(items(...states)), 'de'));
    expect(group.progress).toMatch(/erledigt · 1 entfällt · \d+ offen$/);
    const html = new TextDecoder().decode(await renderHtml(model));
    expect(html).toContain(`<h3>Vorbereitung</h3><p class="muted">${group.progress}</p>`);
  });
});
