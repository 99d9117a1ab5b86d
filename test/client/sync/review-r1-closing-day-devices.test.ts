// A need closed on one device and reopened on another, both offline: the device that reopened
// it decides the status conflict for its own value, and every device ends with an open need
// without a closing day (the server writes the day's removal with the decision).
import { afterEach, expect, it } from 'vitest';
import { resolveConflict } from '../../../src/client/db/conflict-mutators';
import {
  addFollowUp,
  createSite,
  createVisit,
  updateFollowUp,
} from '../../../src/client/db/mutators';
import { closeOpened, engineDevice, realServer } from '../../support/client-engine';

afterEach(closeOpened);

it('keeping the reopened status clears the closing day on every device', async () => {
  const server = await realServer();
  const device = () => {
    const { db, engine } = engineDevice(server, { baseUrl: 'http://sim' });
    return { db, sync: () => engine.syncNow() };
  };
  const a = device();
  const b = device();
  const site = await createSite(a.db, { municipality: 'Fulda', quarter: 'Ziehers' });
  const visit = await createVisit(a.db, { siteId: site.id, date: '2026-05-04' }, []);
  const need = await addFollowUp(a.db, { visitId: visit.id, description: 'Beratung' });
  await a.sync();
  await b.sync();
  await updateFollowUp(a.db, need.id, { status: 'done' });
  await updateFollowUp(b.db, need.id, { status: 'in-progress' });
  await a.sync();
  await b.sync(); // B's move becomes conflicts: the server keeps A's closed need
  const onStatus = (await b.db.conflicts.toArray()).find(
    (c) => c.entityId === need.id && c.field === 'status',
  )!;
  await resolveConflict(b.db, onStatus.id, 'mine');
  await b.sync();
  await a.sync();
  for (const d of [a, b])
    expect(await d.db.followUps.get(need.id)).toMatchObject({
      status: 'in-progress',
      closedAt: null,
    });
});
