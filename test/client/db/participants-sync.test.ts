// Participants across devices with the real client code (Dexie, mutators, sync engine) against
// the real server in-process: people added and edited on two devices at once all arrive on
// both, and a device upgraded from the list era sends its queued list edit without losing it.
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addParticipant,
  createSite,
  createVisit,
  updateParticipant,
} from '../../../src/client/db/mutators';
import { participantsOf } from '../../../src/client/db/queries';
import { AppDb, STORES_V1 } from '../../../src/client/db/schema';
import { createSyncEngine } from '../../../src/client/sync/engine';
import { legacyParticipantId } from '../../../src/shared/domain/schemas';
import { type SimServer, startSimServer } from '../../support/server';

const closers: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

let n = 0;
function device(
  server: SimServer,
  db = new AppDb(`dev-${++n}`, { indexedDB: new IDBFactory(), IDBKeyRange }),
) {
  closers.push(() => db.close());
  const engine = createSyncEngine(db, {
    baseUrl: 'http://sim',
    getToken: () => server.token,
    appVersion: 't',
    fetch: (input, init) => server.handle(new Request(input as string, init)),
  });
  return {
    db,
    async sync() {
      const outcome = await engine.syncNow();
      expect(outcome.error ?? null).toBeNull();
      expect(await db.outbox.count()).toBe(0);
    },
  };
}

async function setup() {
  const server = await startSimServer();
  closers.push(() => server.close());
  const a = device(server);
  const b = device(server);
  const site = await createSite(a.db, { municipality: 'Hanau', quarter: 'Lamboy' });
  const visit = await createVisit(a.db, { siteId: site.id, date: '2026-06-01' });
  await a.sync();
  await b.sync();
  return { server, a, b, visitId: visit.id };
}

const shown = async (db: AppDb, visitId: string) =>
  (await participantsOf(db, visitId)).map((p) => [p.name, p.organisation, p.role]);

describe('participants on two devices (real client, real server)', () => {
  it('A adds three people while B adds two: all five on both after sync', async () => {
    const { a, b, visitId } = await setup();
    for (const name of ['Ayşe', 'Bernd', 'Clara']) await addParticipant(a.db, visitId, { name });
    for (const name of ['Dana', 'Emil']) await addParticipant(b.db, visitId, { name });
    await a.sync();
    await b.sync();
    await a.sync();
    const names = async (db: AppDb) => (await shown(db, visitId)).map(([name]) => name).sort();
    expect(await names(a.db)).toEqual(['Ayşe', 'Bernd', 'Clara', 'Dana', 'Emil']);
    expect(await names(b.db)).toEqual(['Ayşe', 'Bernd', 'Clara', 'Dana', 'Emil']);
    expect(await shown(a.db, visitId)).toEqual(await shown(b.db, visitId));
  }, 60_000);

  it('A edits one person’s organisation while B edits the same person’s role: both kept, no conflict', async () => {
    const { a, b, visitId } = await setup();
    const p = await addParticipant(a.db, visitId, { name: 'Ayşe' });
    await a.sync();
    await b.sync();
    await updateParticipant(a.db, p.id, { organisation: 'Caritas' });
    await updateParticipant(b.db, p.id, { role: 'Leitung' });
    await a.sync();
    await b.sync();
    await a.sync();
    expect(await shown(a.db, visitId)).toEqual([['Ayşe', 'Caritas', 'Leitung']]);
    expect(await shown(b.db, visitId)).toEqual([['Ayşe', 'Caritas', 'Leitung']]);
    expect(await a.db.conflicts.count()).toBe(0);
    expect(await b.db.conflicts.count()).toBe(0);
  }, 60_000);

  it('a device from the list era: its stored list and its queued list edit round-trip as rows to another device', async () => {
    const { server, a, visitId } = await setup();
    // Device C was written by the list-era app: Dexie version 1, the visit with a list, and
    // a queued schema-1 patch of that list that never reached the server.
    const factory = new IDBFactory();
    const name = `legacy-${++n}`;
    const old = new Dexie(name, { indexedDB: factory, IDBKeyRange });
    old.version(1).stores(STORES_V1);
    const visit = await a.db.visits.get(visitId);
    const { _v, _deleted, _base, ...fields } = visit as typeof visit & { _base?: unknown };
    const list = [
      { name: 'Ayşe', organisation: 'QM', role: '' },
      { name: 'Bernd', organisation: 'AWO', role: 'Gast' },
    ];
    await old.table('visits').put({ ...fields, participants: list, _v, _deleted: 0 });
    await old.table('meta').put({ key: 'nextClientSeq', value: 2 });
    await old.table('outbox').put({
      id: `m-${n}`,
      clientSeq: 1,
      entity: 'visit',
      entityId: visitId,
      op: 'patch',
      baseVersion: _v,
      fields: { participants: list },
      schemaVersion: 1,
      clientTime: new Date().toISOString(),
      visitId,
      state: 'pending',
      createdAt: Date.now(),
      attempts: 0,
    });
    old.close();
    const c = device(server, new AppDb(name, { indexedDB: factory, IDBKeyRange }));
    expect(await shown(c.db, visitId)).toEqual([
      ['Ayşe', 'QM', ''],
      ['Bernd', 'AWO', 'Gast'],
    ]);
    await c.sync();
    await a.sync();
    expect(await shown(a.db, visitId)).toEqual([
      ['Ayşe', 'QM', ''],
      ['Bernd', 'AWO', 'Gast'],
    ]);
    expect((await participantsOf(a.db, visitId)).map((p) => p.id)).toEqual([
      legacyParticipantId(visitId, 0),
      legacyParticipantId(visitId, 1),
    ]);
    expect(await shown(c.db, visitId)).toEqual(await shown(a.db, visitId));
    expect(await c.db.visits.get(visitId)).not.toHaveProperty('participants');
    // Edited on the new app afterwards: a person-by-person patch, back on the upgraded device.
    await updateParticipant(a.db, legacyParticipantId(visitId, 1), { role: 'Leitung' });
    await a.sync();
    await c.sync();
    expect(await shown(c.db, visitId)).toEqual([
      ['Ayşe', 'QM', ''],
      ['Bernd', 'AWO', 'Leitung'],
    ]);
  }, 60_000);
});
