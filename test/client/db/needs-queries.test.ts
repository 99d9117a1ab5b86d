// The needs list read from this device: follow-ups of two sites with their site's name and
// their visit's date, a deleted follow-up or one of a deleted visit left out; and a status
// change through the follow-up mutator records the day it closed and clears it when reopened.
import { afterEach, describe, expect, it } from 'vitest';
import {
  addFollowUp,
  createSite,
  createVisit,
  deleteRecord,
  updateFollowUp,
} from '../../../src/client/db/mutators';
import { localDay } from '../../../src/client/db/local-day';
import { loadNeeds } from '../../../src/client/db/needs-queries';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';

let db: AppDb;
afterEach(() => db?.close());

async function seed() {
  db = makeTestDb();
  const hanau = await createSite(db, { municipality: 'Hanau', quarter: 'Lamboy' });
  const kassel = await createSite(db, { municipality: 'Kassel', quarter: 'Nord' });
  const v1 = await createVisit(db, { siteId: hanau.id, date: '2026-10-01' }, []);
  const v2 = await createVisit(db, { siteId: kassel.id, date: '2026-11-15' }, []);
  const v3 = await createVisit(db, { siteId: kassel.id, date: '2026-11-20' }, []);
  const a = await addFollowUp(db, { visitId: v1.id, description: 'Beratung Quartiersfonds' });
  const b = await addFollowUp(db, {
    visitId: v2.id,
    description: 'Schulung Beteiligung',
    kind: 'step',
    dueDate: '2026-12-01',
  });
  const gone = await addFollowUp(db, { visitId: v2.id, description: 'gelöscht' });
  await deleteRecord(db, 'followUp', gone.id);
  const orphan = await addFollowUp(db, { visitId: v3.id, description: 'Besuch gelöscht' });
  await deleteRecord(db, 'visit', v3.id);
  return { hanau, kassel, v1, v2, a, b, orphan };
}

describe('loadNeeds', () => {
  it("lists every live follow-up of both sites with its site's name and visit's date", async () => {
    const s = await seed();
    const rows = await loadNeeds(db);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual([s.a.id, s.b.id].sort());
    expect(byId.get(s.a.id)).toMatchObject({
      siteId: s.hanau.id,
      siteName: 'Hanau – Lamboy',
      visitDate: '2026-10-01',
      visitStatus: 'planned',
      description: 'Beratung Quartiersfonds',
    });
    expect(byId.get(s.b.id)).toMatchObject({
      siteName: 'Kassel – Nord',
      visitDate: '2026-11-15',
      kind: 'step',
      dueDate: '2026-12-01',
    });
  });
});

describe('updateFollowUp and closedAt', () => {
  it('records the day a follow-up closes, keeps it between closed states, clears it on reopening', async () => {
    const s = await seed();
    const closedAt = async () => (await db.followUps.get(s.a.id))?.closedAt;
    await updateFollowUp(db, s.a.id, { status: 'in-progress' });
    expect(await closedAt()).toBeNull();
    await updateFollowUp(db, s.a.id, { status: 'done' });
    expect(await closedAt()).toBe(localDay());
    await updateFollowUp(db, s.a.id, { closedAt: '2026-01-01' });
    await updateFollowUp(db, s.a.id, { status: 'dropped' });
    expect(await closedAt()).toBe('2026-01-01');
    await updateFollowUp(db, s.a.id, { status: 'open' });
    expect(await closedAt()).toBeNull();
    // the outbox carries closedAt with the status, so the server gets both in one patch
    const patches = (await db.outbox.toArray())
      .filter((m) => m.entity === 'followUp' && m.entityId === s.a.id && m.op === 'patch')
      .map((m) => m.fields);
    expect(patches.at(-1)).toEqual({ status: 'open', closedAt: null });
  });
  it('leaves closedAt alone when the status does not change or the caller sets it', async () => {
    const s = await seed();
    await updateFollowUp(db, s.a.id, { owner: 'Frau Ott' });
    expect((await db.followUps.get(s.a.id))?.closedAt).toBeUndefined();
    await updateFollowUp(db, s.a.id, { status: 'done', closedAt: '2026-11-30' });
    expect((await db.followUps.get(s.a.id))?.closedAt).toBe('2026-11-30');
  });
});
