// The history of a record edited on three devices (docs/architecture.md §History), with the real
// sync engine against the real server: every change in order with its author and its values,
// a concurrent edit that became a conflict and the decision that ended it; "restore this value"
// on one device is a new change that every device receives and the history shows.
import { afterEach, expect, it } from 'vitest';
import { resolveConflict } from '../../../src/client/db/conflict-mutators';
import { mayRestoreValue, restoreValue } from '../../../src/client/db/history-restore';
import {
  addObservation,
  createSite,
  createVisit,
  updateObservation,
} from '../../../src/client/db/mutators';
import { fetchHistory } from '../../../src/client/sync/history-fetch';
import {
  closeOpened,
  harnessDevice,
  harnessAccess,
  harnessServer,
} from '../../support/client-engine';

afterEach(closeOpened);

it(
  'shows every change of three devices in order, the conflict and its resolution; a restored value reaches everyone',
  { timeout: 30_000 },
  async () => {
    const h = await harnessServer();
    const coord = await h.user('coordinator');
    const anna = await h.user('member');
    const ben = await h.user('member');
    const device = (token: string) => harnessDevice(h, token, { prefetch: false });
    const a = device(coord.token);
    const b = device(anna.token);
    const c = device(ben.token);

    const site = await createSite(a.db, { municipality: 'Marburg', quarter: 'Richtsberg' });
    const visit = await createVisit(a.db, { siteId: site.id, date: '2026-06-01' });
    const obs = await addObservation(a.db, { visitId: visit.id, fieldId: null, text: 'Anfang' });
    await a.engine.syncNow();
    await b.engine.syncNow();
    await c.engine.syncNow();

    // Anna edits, everyone hears of it.
    await updateObservation(b.db, obs.id, { text: 'Anna 1', place: 'Hof' });
    await b.engine.syncNow();
    await a.engine.syncNow();
    await c.engine.syncNow();
    // The coordinator and Ben change the same text without having seen each other's change.
    await updateObservation(a.db, obs.id, { text: 'Koordination 2' });
    await updateObservation(c.db, obs.id, { text: 'Ben 2' });
    await a.engine.syncNow();
    await c.engine.syncNow();
    const conflict = (await c.db.conflicts.toArray()).find((x) => x.entityId === obs.id)!;
    expect(conflict).toMatchObject({ status: 'open', field: 'text' });
    // Ben decides: both texts together.
    await resolveConflict(c.db, conflict.id, 'edited', 'Koordination 2 / Ben 2');
    await c.engine.syncNow();

    const access = harnessAccess(h, coord.token);
    const page = await fetchHistory(access, 'observation', obs.id);
    const changes = page.entries
      .filter((e) => e.op !== 'create')
      .map((e) => [e.op, e.field, e.from, e.to, e.by?.id, e.conflictId]);
    expect(changes).toEqual([
      ['patch', 'text', 'Anfang', 'Anna 1', anna.id, null],
      ['patch', 'place', '', 'Hof', anna.id, null],
      ['patch', 'text', 'Anna 1', 'Koordination 2', coord.id, null],
      ['conflict', 'text', 'Koordination 2', 'Ben 2', ben.id, conflict.id],
      ['resolution', 'text', 'Koordination 2', 'Koordination 2 / Ben 2', ben.id, conflict.id],
    ]);
    expect(page.entries.find((e) => e.field === 'text')).toMatchObject({
      op: 'create',
      to: 'Anfang',
      by: { id: coord.id },
    });
    expect(page.complete).toBe(true);

    // Anna puts her first text back: a new patch everyone receives.
    await b.engine.syncNow();
    const row = await b.db.observations.get(obs.id);
    const at = await b.db.visits.get(visit.id);
    const annaUser = { ...anna, token: undefined };
    expect(mayRestoreValue(annaUser, 'observation', 'text', 'Anna 1', row, at!)).toBe(true);
    // The value standing now is not offered; neither is an immutable field.
    expect(
      mayRestoreValue(annaUser, 'observation', 'text', 'Koordination 2 / Ben 2', row, at!),
    ).toBe(false);
    expect(mayRestoreValue(annaUser, 'observation', 'visitId', 'x', row, at!)).toBe(false);
    await restoreValue(b.db, 'observation', obs.id, 'text', 'Anna 1');
    await b.engine.syncNow();
    await a.engine.syncNow();
    await c.engine.syncNow();
    for (const d of [a, b, c]) expect((await d.db.observations.get(obs.id))!.text).toBe('Anna 1');
    const after = await fetchHistory(access, 'observation', obs.id);
    expect(after.entries.at(-1)).toMatchObject({
      op: 'patch',
      field: 'text',
      from: 'Koordination 2 / Ben 2',
      to: 'Anna 1',
      by: { id: anna.id },
    });
    for (const d of [a, b, c]) await d.engine.stop();
  },
);
