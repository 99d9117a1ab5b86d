// A value typed over one that arrived meanwhile is judged against what the person saw
// (src/client/db/seen-base.ts): the arrived value stays and the typed one becomes a conflict,
// where a plain patch on the newer row would have replaced it without a trace.
import { afterEach, describe, expect, it } from 'vitest';
import {
  addObservation,
  createSite,
  createVisit,
  updateObservation,
} from '../../../src/client/db/mutators';
import { noteSeenVersion } from '../../../src/client/db/seen-base';
import { closeOpened, harnessDevice, harnessServer } from '../../support/client-engine';
import type { Harness } from '../../support/server';

afterEach(closeOpened);

const device = (h: Harness, token: string) => harnessDevice(h, token);

async function twoPeople() {
  const h = await harnessServer();
  const a = await device(h, (await h.user('coordinator')).token);
  const b = await device(h, (await h.user('member')).token);
  const site = await createSite(a.db, { municipality: 'Kassel', quarter: 'Nord' });
  const visit = await createVisit(a.db, { siteId: site.id, date: '2026-05-04' });
  const obs = await addObservation(a.db, { visitId: visit.id, fieldId: 'housing', text: 'A1' });
  expect((await a.engine.syncNow()).status).toBe('ok');
  expect((await b.engine.syncNow()).status).toBe('ok');
  const seen = (await a.db.observations.get(obs.id))!._v;
  await updateObservation(b.db, obs.id, { text: 'von B' });
  expect((await b.engine.syncNow()).status).toBe('ok');
  expect((await a.engine.syncNow()).status).toBe('ok'); // A's row now holds B's text
  expect(await a.db.observations.get(obs.id)).toMatchObject({ text: 'von B' });
  return { a, b, obs, seen };
}

describe('the version a person saw', { timeout: 30_000 }, () => {
  it('a patch based on the version seen before the arrived value records a conflict', async () => {
    const { a, obs, seen } = await twoPeople();
    noteSeenVersion('observation', obs.id, 'text', seen);
    await updateObservation(a.db, obs.id, { text: 'A tippt weiter' });
    expect((await a.engine.syncNow()).status).toBe('ok');
    const conflicts = await a.db.conflicts.toArray();
    expect(conflicts).toMatchObject([
      { field: 'text', serverValue: 'von B', clientValue: 'A tippt weiter', status: 'open' },
    ]);
    expect(await a.db.observations.get(obs.id)).toMatchObject({ text: 'von B' });
    a.engine.stop();
  });

  it('without it the patch replaces the arrived value (what a field must not do unseen)', async () => {
    const { a, obs } = await twoPeople();
    await updateObservation(a.db, obs.id, { text: 'A tippt weiter' });
    expect((await a.engine.syncNow()).status).toBe('ok');
    expect(await a.db.conflicts.count()).toBe(0);
    expect(await a.db.observations.get(obs.id)).toMatchObject({ text: 'A tippt weiter' });
    a.engine.stop();
  });
});
