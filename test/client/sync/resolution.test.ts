import { afterEach, expect, it } from 'vitest';
import { createSite, createVisit, updateVisit } from '../../../src/client/db/mutators';
import { resolveConflict } from '../../../src/client/db/conflict-mutators';
import type { AppDb } from '../../../src/client/db/schema';
import { closeOpened, engineDevice, realServer } from '../../support/client-engine';

afterEach(closeOpened);

it('a conflict resolved differently on two devices ends in the first decision everywhere (row and record)', async () => {
  const server = await realServer();
  const device = () => {
    const { db, engine } = engineDevice(server, { baseUrl: 'http://sim' });
    return { db, sync: () => engine.syncNow() };
  };
  const a = device();
  const b = device();
  const c = device();
  const site = await createSite(a.db, { municipality: 'Fulda', quarter: 'Ziehers' });
  const visit = await createVisit(a.db, { siteId: site.id, date: '2026-05-04' });
  await a.sync();
  await b.sync();
  await updateVisit(b.db, visit.id, { goals: 'B' });
  await updateVisit(a.db, visit.id, { goals: 'A' });
  await b.sync();
  await a.sync(); // A's edit becomes a conflict: server keeps B
  await c.sync();
  const conflictId = (await c.db.conflicts.toArray())[0]!.id;
  await resolveConflict(c.db, conflictId, 'theirs');
  await c.sync(); // first decision: keep B
  await resolveConflict(a.db, conflictId, 'edited', 'A again'); // decided without seeing C's choice
  expect((await a.db.visits.get(visit.id))?.goals).toBe('A again');
  await a.sync();
  await b.sync();
  const strip = async (db: AppDb) => {
    const { _base, ...row } = (await db.visits.get(visit.id)) as unknown as Record<string, unknown>;
    const { _server, ...record } = (await db.conflicts.get(conflictId)) as unknown as Record<
      string,
      unknown
    >;
    return { row, record };
  };
  const want = await strip(b.db);
  expect(want.row['goals']).toBe('B');
  expect(want.record).toMatchObject({ status: 'resolved', resolution: 'theirs' });
  expect(await strip(a.db)).toEqual(want);
  expect(await strip(c.db)).toEqual(want);
  expect(await a.db.outbox.count()).toBe(0);
});
