import { afterEach, describe, expect, it } from 'vitest';
import {
  addFollowUp,
  createSite,
  createVisit,
  deleteRecord,
  updateFollowUp,
} from '../../../src/client/db/mutators';
import {
  listSites,
  listVisits,
  observationsOf,
  openFollowUpsOfSite,
  visitsOfSite,
} from '../../../src/client/db/queries';
import { addObservation } from '../../../src/client/db/mutators';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';

let db: AppDb;
afterEach(() => db?.close());

describe('read queries for the screens', () => {
  it('lists sites by municipality and visits newest first, without tombstones', async () => {
    db = makeTestDb();
    const b = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' });
    const a = await createSite(db, { municipality: 'Gießen', quarter: 'Nordstadt' });
    const gone = await createSite(db, { municipality: 'Alsfeld', quarter: 'Altstadt' });
    await deleteRecord(db, 'site', gone.id);
    expect((await listSites(db)).map((s) => s.municipality)).toEqual(['Gießen', 'Offenbach']);
    const v1 = await createVisit(db, { siteId: b.id, date: '2026-03-01' });
    const v2 = await createVisit(db, { siteId: b.id, date: '2026-05-01' });
    const v3 = await createVisit(db, { siteId: a.id, date: '2026-04-01' });
    await deleteRecord(db, 'visit', v1.id);
    expect((await listVisits(db)).map((v) => v.id)).toEqual([v2.id, v3.id]);
    expect((await visitsOfSite(db, b.id)).map((v) => v.id)).toEqual([v2.id]);
  });

  it('the briefing holds the open and running follow-ups of every visit of the site, earliest due first', async () => {
    db = makeTestDb();
    const site = await createSite(db, { municipality: 'Hanau', quarter: 'Lamboy' });
    const other = await createSite(db, { municipality: 'Fulda', quarter: 'Ziehers' });
    const first = await createVisit(db, { siteId: site.id, date: '2025-10-01' });
    const second = await createVisit(db, { siteId: site.id, date: '2026-04-01' });
    const elsewhere = await createVisit(db, { siteId: other.id, date: '2026-04-01' });
    const late = await addFollowUp(db, {
      visitId: first.id,
      description: 'Beirat gründen',
      dueDate: '2026-09-01',
    });
    const soon = await addFollowUp(db, {
      visitId: second.id,
      description: 'Förderantrag',
      dueDate: '2026-06-01',
    });
    const noDate = await addFollowUp(db, { visitId: second.id, description: 'Kontakt IHK' });
    const done = await addFollowUp(db, { visitId: first.id, description: 'Erledigt' });
    await updateFollowUp(db, done.id, { status: 'done' });
    await updateFollowUp(db, late.id, { status: 'in-progress' });
    const dropped = await addFollowUp(db, { visitId: first.id, description: 'Gelöscht' });
    await deleteRecord(db, 'followUp', dropped.id);
    await addFollowUp(db, { visitId: elsewhere.id, description: 'Anderer Standort' });
    expect((await openFollowUpsOfSite(db, site.id)).map((f) => f.id)).toEqual([
      soon.id,
      late.id,
      noDate.id,
    ]);
  });

  it('observations of a visit come in the order they were made, deleted ones hidden', async () => {
    db = makeTestDb();
    const site = await createSite(db, { municipality: 'Kassel', quarter: 'Rothenditmold' });
    const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
    const o1 = await addObservation(db, { visitId: visit.id, fieldId: 'housing', text: 'eins' });
    const o2 = await addObservation(db, { visitId: visit.id, fieldId: 'climate', text: 'zwei' });
    const o3 = await addObservation(db, { visitId: visit.id, fieldId: null, text: 'drei' });
    await deleteRecord(db, 'observation', o2.id);
    expect((await observationsOf(db, visit.id)).map((o) => o.id)).toEqual([o1.id, o3.id]);
  });
});
