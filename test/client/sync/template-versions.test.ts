// Template versions across devices, with the real sync engine and the real server
// (docs/architecture.md §Templates): a coordinator publishes version 2 of "prep" while a member's
// device is offline. The visit made before keeps version 1 everywhere; a visit made offline from
// version 1 afterwards still syncs without a rejection and keeps version 1; a visit made after the
// device has pulled version 2 gets it. Every device shows the same labels for each visit.
import { afterEach, expect, it } from 'vitest';
import {
  CHECKLIST_TEMPLATES,
  checklistItemId,
} from '../../../src/shared/domain/checklist-templates';
import type { ChecklistTemplate } from '../../../src/shared/domain/schemas';
import { createSite, createVisit } from '../../../src/client/db/mutators';
import { loadReportData } from '../../../src/client/db/report-queries';
import { commit, validateCreate, validatePatch } from '../../../src/client/db/write';
import type { AppDb } from '../../../src/client/db/schema';
import { buildReportModel } from '../../../src/client/reports/model';
import { accountDevice, closeOpened, harnessServer } from '../../support/client-engine';

afterEach(closeOpened);

const prep = CHECKLIST_TEMPLATES[0]!;
const goals = { de: 'Ziele mit der Kommune abgestimmt', en: 'Goals agreed with the municipality' };
const prepV2: ChecklistTemplate = {
  ...prep,
  id: 'prep~v2',
  version: 2,
  items: [
    ...prep.items.map((i) => (i.id === 'prep-goals' ? { ...i, label: goals } : i)),
    {
      id: 'prep-risks',
      label: { de: 'Risiken besprochen', en: 'Risks discussed' },
      hint: { de: 'Zum Beispiel Baustellen', en: '' },
      sectionId: null,
    },
  ],
  createdAt: '2026-06-01T10:00:00.000Z',
};

/** What a device shows of a visit's "prep" checklist: per item its id, version and label. */
async function prepShown(db: AppDb, visitId: string) {
  const model = buildReportModel(await loadReportData(db, visitId), 'de');
  const group = model.checklist[0]!;
  return { title: group.title, labels: group.items.map((i) => i.label) };
}

it('a new version never changes a visit made before; visits made offline keep their version; all devices agree', async () => {
  const h = await harnessServer({ shippedTemplates: true });
  const office = await accountDevice(h, 'coordinator');
  const a = await accountDevice(h, 'member');
  const b = await accountDevice(h, 'member');
  const site = await createSite(office.db, { municipality: 'Gießen', quarter: 'Nordstadt' });
  for (const d of [office, a, b]) await d.sync();
  expect((await a.db.checklistTemplates.toArray()).map((t) => t.id).sort()).toEqual(
    CHECKLIST_TEMPLATES.map((t) => t.id).sort(),
  );

  const before = await createVisit(a.db, { siteId: site.id, date: '2026-05-04' });
  await a.sync();
  await b.sync();

  // The office publishes version 2 (one label changed, one item added) and retires version 1,
  // while A is offline.
  await commit(office.db, [
    {
      entity: 'checklistTemplate',
      op: 'create',
      id: prepV2.id,
      fields: validateCreate('checklistTemplate', { ...prepV2, status: 'published' }),
      visitId: null,
    },
    {
      entity: 'checklistTemplate',
      op: 'patch',
      id: 'prep',
      fields: validatePatch('checklistTemplate', { status: 'retired' }),
      visitId: null,
    },
  ]);
  await office.sync();
  const offline = await createVisit(a.db, { siteId: site.id, date: '2026-06-02' });
  await b.sync();
  const after = await createVisit(b.db, { siteId: site.id, date: '2026-06-03' });
  await b.sync();
  await a.sync();
  await office.sync();
  await b.sync();

  expect(await a.db.rejections.count()).toBe(0);
  expect(await b.db.rejections.count()).toBe(0);
  const prepItems = (visitId: string, templateId: string) =>
    h.read(async (tx) => {
      const items = (await tx.sync.childStates(visitId)).filter(
        (c) => c.entity === 'checklistItem' && c.id.includes('~prep-'),
      );
      const found: [string, boolean][] = [];
      for (const c of items) {
        const row = (await tx.sync.record('checklistItem', c.id))!;
        found.push([c.id, row.data['templateId'] === templateId]);
      }
      return found;
    });
  // On the server: exactly the items of the version each visit was made from.
  for (const [visit, templateId, tpl] of [
    [before, 'prep', prep],
    [offline, 'prep', prep],
    [after, 'prep~v2', prepV2],
  ] as const)
    expect(await prepItems(visit.id, templateId)).toEqual(
      tpl.items.map((i) => [checklistItemId(visit.id, i.id), true]).sort(),
    );
  // Every device shows the same texts: version 1 for the first two visits, version 2 after.
  const v1Labels = prep.items.map((i) => i.label.de);
  const v2Labels = prepV2.items.map((i) => i.label.de);
  for (const d of [office, a, b]) {
    expect(await prepShown(d.db, before.id)).toEqual({ title: 'Vorbereitung', labels: v1Labels });
    expect(await prepShown(d.db, offline.id)).toEqual({ title: 'Vorbereitung', labels: v1Labels });
    expect(await prepShown(d.db, after.id)).toEqual({ title: 'Vorbereitung', labels: v2Labels });
  }
  expect(v2Labels).toContain(goals.de);
});
