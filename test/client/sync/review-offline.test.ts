// Two devices of one member, the real sync engine and the real server (docs/architecture.md
// §Review): device A submits the visit while device B, offline, edits an observation. B's edit
// is not applied to the submitted visit and not lost: it is a conflict on both devices, the
// coordinator's return lets B decide it, and B's text then stands everywhere.
import { afterEach, expect, it } from 'vitest';
import { resolveConflict } from '../../../src/client/db/conflict-mutators';
import {
  addObservation,
  createSite,
  createVisit,
  updateObservation,
  updateVisit,
} from '../../../src/client/db/mutators';
import { accountDevice, closeOpened, harnessServer } from '../../support/client-engine';

afterEach(closeOpened);

it('a submit on A and an offline edit on B: a conflict on both devices, decided by B after a return', async () => {
  const h = await harnessServer();
  const office = await accountDevice(h, 'coordinator');
  const a = await accountDevice(h, 'member');
  const b = await accountDevice(h, 'member');
  const site = await createSite(office.db, { municipality: 'Gießen', quarter: 'Nordstadt' });
  await office.sync();
  await a.sync();
  const visit = await createVisit(a.db, { siteId: site.id, date: '2026-05-04' });
  await updateVisit(a.db, visit.id, { status: 'in-progress' });
  const obs = await addObservation(a.db, { visitId: visit.id, fieldId: null, text: 'Treffpunkt' });
  await a.sync();
  await b.sync();

  // B, offline, adds to the text; meanwhile A submits.
  await updateObservation(b.db, obs.id, { text: 'Treffpunkt, abends voll' });
  await updateVisit(a.db, visit.id, { status: 'submitted' });
  await a.sync();
  await b.sync();
  await a.sync();

  const server = async () => (await h.record('observation', obs.id))!.data;
  expect((await server())['text']).toBe('Treffpunkt');
  for (const d of [a, b]) {
    const open = await d.db.conflicts.where('status').equals('open').toArray();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      entity: 'observation',
      entityId: obs.id,
      field: 'text',
      serverValue: 'Treffpunkt',
      clientValue: 'Treffpunkt, abends voll',
    });
    expect(await d.db.outbox.where('state').notEqual('done').count()).toBe(0);
    expect((await d.db.visits.get(visit.id))?.status).toBe('submitted');
  }

  // The coordinator returns the visit; B now decides for its own text.
  await office.sync();
  await updateVisit(office.db, visit.id, { status: 'returned' });
  await office.sync();
  await b.sync();
  const conflictId = (await b.db.conflicts.toArray())[0]!.id;
  await resolveConflict(b.db, conflictId, 'mine');
  await b.sync();
  await a.sync();
  expect((await server())['text']).toBe('Treffpunkt, abends voll');
  expect((await a.db.observations.get(obs.id))?.text).toBe('Treffpunkt, abends voll');
  expect(await a.db.conflicts.get(conflictId)).toMatchObject({ status: 'resolved' });
  expect(await b.db.rejections.count()).toBe(0);
}, 20_000);
