// One device's several saves of the same field while offline each carry the same old base; over a
// concurrent edit on another device they make one conflict holding the last value, not one per
// autosave (docs/architecture.md §Merge). The client engine against the real server code.
import { afterEach, expect, it } from 'vitest';
import { resolveConflict } from '../../../src/client/db/conflict-mutators';
import { createSite, createVisit, updateVisit } from '../../../src/client/db/mutators';
import { noteSeenVersion } from '../../../src/client/db/seen-base';
import { closeOpened, engineDevice, realServer } from '../../support/client-engine';

afterEach(closeOpened);

/** Two devices against one real server, both holding the same visit A created. */
async function twoDevicesOnOneVisit() {
  const server = await realServer();
  const device = () => {
    const { db, engine } = engineDevice(server, { baseUrl: 'http://sim' });
    return { db, sync: () => engine.syncNow() };
  };
  const a = device();
  const b = device();
  const site = await createSite(a.db, { municipality: 'Fulda', quarter: 'Ziehers' });
  const visit = await createVisit(a.db, { siteId: site.id, date: '2026-05-04' });
  await a.sync();
  await b.sync();
  return { a, b, visit };
}

it('three offline saves of one field over a concurrent edit make one conflict', async () => {
  const { a, b, visit } = await twoDevicesOnOneVisit();
  await updateVisit(b.db, visit.id, { goals: 'B' });
  await b.sync();
  // A, offline, saves while typing: three autosaves of the same field, all on the same base.
  for (const goals of ['A1', 'A12', 'A123']) await updateVisit(a.db, visit.id, { goals });
  const bases = (await a.db.outbox.toArray()).map((e) => e.baseVersion);
  expect(new Set(bases).size).toBe(1);
  await a.sync();
  await b.sync();
  const open = (await b.db.conflicts.toArray()).filter((c) => c.status === 'open');
  // One record, the last value against B (not A1, A12, A123 each against B).
  expect(open.map((c) => [c.field, c.serverValue, c.clientValue])).toEqual([
    ['goals', 'B', 'A123'],
  ]);
  expect((await b.db.visits.get(visit.id))?.goals).toBe('B');
  // The author's device holds the same single record.
  const mine = (await a.db.conflicts.toArray()).filter((c) => c.status === 'open');
  expect(mine.map((c) => [c.id, c.clientValue])).toEqual([[open[0]!.id, 'A123']]);
});

it('a decision made on an earlier save keeps the later save open on every device', async () => {
  const { a, b, visit } = await twoDevicesOnOneVisit();
  const typedOn = (await a.db.visits.get(visit.id))!._v;
  await updateVisit(b.db, visit.id, { goals: 'B' });
  await b.sync();
  await updateVisit(a.db, visit.id, { goals: 'A1' });
  await a.sync();
  await b.sync();
  // B decides on A1 while offline; A's next save joins the conflict before B's decision arrives.
  const [seen] = await b.db.conflicts.toArray();
  await resolveConflict(b.db, seen!.id, 'theirs');
  // A keeps typing in the field it saw at `typedOn` (the form holds B back: seen-base.ts).
  noteSeenVersion('visit', visit.id, 'goals', typedOn);
  await updateVisit(a.db, visit.id, { goals: 'A12' });
  await a.sync();
  await b.sync();
  await a.sync();
  for (const db of [a.db, b.db]) {
    const all = (await db.conflicts.toArray()).map((c) => [c.status, c.serverValue, c.clientValue]);
    expect(all.sort()).toEqual([
      ['open', 'B', 'A12'],
      ['resolved', 'B', 'A12'],
    ]);
    expect((await db.visits.get(visit.id))?.goals).toBe('B');
  }
});
