// The overview's recurring needs link into the needs list: the list opened from that link shows
// exactly the needs the group counts (its action field and offer type, needs and not agreed
// steps), read back through the list's own query parsing and filter.
import { afterEach, expect, it } from 'vitest';
import { addFollowUp, createSite, createVisit } from '../../../src/client/db/mutators';
import { filterNeeds, needsFilterFromQuery } from '../../../src/client/db/needs-filter';
import { loadNeeds } from '../../../src/client/db/needs-queries';
import { loadOverviewData } from '../../../src/client/db/report-queries';
import type { AppDb } from '../../../src/client/db/schema';
import { buildOverviewModel } from '../../../src/client/reports/overview-model';
import { makeTestDb } from '../../support/fake-db';

let db: AppDb;
afterEach(() => db?.close());

it("the recurring need's link opens the needs list on that group's needs only", async () => {
  db = makeTestDb();
  const a = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend', phase: 'isek' });
  const b = await createSite(db, { municipality: 'Fulda', quarter: 'Aschenberg', phase: 'isek' });
  const va = await createVisit(db, { siteId: a.id, date: '2026-03-10', phase: 'isek' });
  const vb = await createVisit(db, { siteId: b.id, date: '2026-04-10', phase: 'isek' });
  const need = { fieldId: 'participation', offerType: 'consultation' } as const;
  for (const v of [va, vb]) await addFollowUp(db, { visitId: v.id, description: 'Fonds', ...need });
  // Same field, other offer type; same field and type, but an agreed step: not in the group.
  await addFollowUp(db, {
    visitId: va.id,
    description: 'Schulung',
    fieldId: 'participation',
    offerType: 'tutorial',
  });
  await addFollowUp(db, { visitId: vb.id, description: 'Schritt', kind: 'step', ...need });

  const model = buildOverviewModel(await loadOverviewData(db, {}), 'de', new Date('2026-10-01'));
  expect(model.needs).toHaveLength(1);
  const group = model.needs[0]!;
  expect(group.open).toBe(2);
  const url = new URL(group.href, 'https://example.org');
  expect(url.pathname).toBe('/needs');
  const filter = needsFilterFromQuery(Object.fromEntries(url.searchParams));
  const shown = filterNeeds(await loadNeeds(db), filter, '2026-10-01');
  expect(shown.map((r) => r.description).sort()).toEqual(['Fonds', 'Fonds']);
});
