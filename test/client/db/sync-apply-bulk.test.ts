// The bulk rebuild (src/client/db/sync-apply-bulk.ts) must leave exactly the state the per-row
// rebuild leaves: the same device state is copied, the same responses are applied once with the
// bulk path and once with every row going through rebuildRow, and every table is compared.
// The responses interleave rows this device has queued changes for (pending edits, a delete, a
// queued conflict resolution) with rows it has not touched, an older version than the one held
// and a purged row.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addObservation,
  createSite,
  createVisit,
  deleteRecord,
  updateObservation,
} from '../../../src/client/db/mutators';
import { resolveConflict } from '../../../src/client/db/conflict-mutators';
import { applySyncResponse } from '../../../src/client/db/sync-apply';
import { META } from '../../../src/client/db/meta-keys';
import type { AppDb } from '../../../src/client/db/schema';
import { PROTOCOL_VERSION, SCHEMA_VERSION, type SyncResponse } from '../../../src/shared/protocol';
import {
  closeAfterTest,
  closeOpened,
  copyOfDb,
  engineDevice,
  realServer,
} from '../../support/client-engine';
import type { ServerFetch } from '../../support/server-fetch';

/** perRow: every touched row goes through rebuildRow, as before the bulk path existed. */
const mode = vi.hoisted(() => ({ perRow: false, bulkCalls: 0 }));
vi.mock('../../../src/client/db/sync-apply-bulk', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/client/db/sync-apply-bulk')>();
  return {
    ...real,
    rebuildRows: async (...args: Parameters<typeof real.rebuildRows>) => {
      const [db, touched, one] = args;
      if (!mode.perRow) {
        mode.bulkCalls++;
        return real.rebuildRows(...args);
      }
      for (const t of touched) await one(db, t.entity, t.id, t.base, t.version);
    },
  };
});

afterEach(closeOpened);

const NOW = Date.parse('2026-05-04T10:00:00Z');

const device = (server: ServerFetch, db?: AppDb) => engineDevice(server, { now: () => NOW }, db);

/** Every table except meta in primary-key order, plus the cursor. */
async function stateOf(db: AppDb) {
  const out: Record<string, unknown> = {};
  for (const t of db.tables) if (t.name !== 'meta') out[t.name] = await t.toArray();
  out['cursor'] = (await db.meta.get(META.cursor))?.value;
  return out;
}

async function pullOnly(server: ServerFetch, db: AppDb): Promise<SyncResponse> {
  const cursor = (await db.meta.get(META.cursor))?.value as string;
  const clientId = (await db.meta.get(META.clientId))?.value as string;
  const res = await server.handle(
    new Request('http://test/api/v1/sync', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      body: JSON.stringify({
        protocol: PROTOCOL_VERSION,
        appVersion: 't',
        schemaVersion: SCHEMA_VERSION,
        clientId,
        cursor,
        outboxHighWater: 0,
        mutations: [],
        pullLimit: 1000,
      }),
    }),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as SyncResponse;
}

async function applyBoth(bulk: AppDb, perRow: AppDb, res: SyncResponse, clientId: string) {
  mode.perRow = false;
  await applySyncResponse(bulk, structuredClone(res), clientId, NOW);
  mode.perRow = true;
  try {
    await applySyncResponse(perRow, structuredClone(res), clientId, NOW);
  } finally {
    mode.perRow = false;
  }
}

describe('bulk rebuild of pulled rows', () => {
  it('leaves the same state as the per-row rebuild, with queued changes interleaved', async () => {
    const server = await realServer();
    const a = device(server);
    const b = device(server);
    const site = await createSite(a.db, { municipality: 'Offenbach', quarter: 'Nordend' });
    const visit = await createVisit(a.db, { siteId: site.id, date: '2026-05-04' });
    const obs: Awaited<ReturnType<typeof addObservation>>[] = [];
    for (let i = 0; i < 16; i++)
      obs.push(
        await addObservation(a.db, { visitId: visit.id, fieldId: 'housing', text: `A ${i}` }),
      );
    expect((await a.engine.syncNow()).status).toBe('ok');
    expect((await b.engine.syncNow()).status).toBe('ok');

    // A conflict on observation 0 that B decides locally (its resolution stays queued).
    await updateObservation(a.db, obs[0]!.id, { text: 'A wins first' });
    expect((await a.engine.syncNow()).status).toBe('ok');
    await updateObservation(b.db, obs[0]!.id, { text: 'B comes second' });
    expect((await b.engine.syncNow()).status).toBe('ok');
    const conflict = (await b.db.conflicts.toArray()).find((c) => c.entityId === obs[0]!.id);
    expect(conflict?.status).toBe('open');
    await resolveConflict(b.db, conflict!.id, 'mine');

    // A changes every observation and deletes one; B queues changes on some of the same rows.
    for (const [i, o] of obs.entries())
      await updateObservation(a.db, o.id, { text: `A again ${i}`, place: `Platz ${i}` });
    await deleteRecord(a.db, 'observation', obs[15]!.id);
    expect((await a.engine.syncNow()).status).toBe('ok');
    await updateObservation(b.db, obs[2]!.id, { text: 'B edits 2' });
    await updateObservation(b.db, obs[4]!.id, { place: 'B place 4' });
    await deleteRecord(b.db, 'observation', obs[6]!.id);
    await addObservation(b.db, { visitId: visit.id, fieldId: 'housing', text: 'B new' });

    const clientId = (await b.db.meta.get(META.clientId))?.value as string;
    const res = await pullOnly(server, b.db);
    const rowOf = (id: string) => res.changes.findIndex((c) => c.entityId === id);
    expect(res.changes.length).toBeGreaterThan(15);
    // An older version than B holds (a late page) and a purged row, between the others.
    res.changes[rowOf(obs[8]!.id)]!.version = 1;
    res.changes[rowOf(obs[8]!.id)]!.row = { ...res.changes[rowOf(obs[8]!.id)]!.row, text: 'old' };
    Object.assign(res.changes[rowOf(obs[10]!.id)]!, { row: null, deleted: true });
    Object.assign(res.changes[rowOf(obs[4]!.id)]!, { row: null, deleted: true });

    const bulk = b.db;
    const perRow = closeAfterTest(await copyOfDb(b.db));
    expect(await stateOf(perRow)).toEqual(await stateOf(bulk));
    const calls = mode.bulkCalls;
    await applyBoth(bulk, perRow, res, clientId);
    expect(mode.bulkCalls).toBe(calls + 1);
    const after = await stateOf(bulk);
    expect(await stateOf(perRow)).toEqual(after);
    // The scenario reaches both paths: queued rows kept their local values, others took A's.
    const row = (id: string) => bulk.observations.get(id);
    expect((await row(obs[2]!.id))?.text).toBe('B edits 2');
    expect((await row(obs[6]!.id))?._deleted).toBe(1);
    expect((await row(obs[3]!.id))?.text).toBe('A again 3');
    expect((await row(obs[8]!.id))?.text).not.toBe('old');
    expect(await row(obs[10]!.id)).toBeUndefined();
    expect((await row(obs[4]!.id))?.place).toBe('B place 4');

    // Then B pushes its queue through the engine (results and pulled rows in one response):
    // the per-row copy replays the same request (answered as duplicates) with the per-row path.
    const c = device(server, perRow);
    mode.perRow = false;
    expect((await b.engine.syncNow()).status).toBe('ok');
    mode.perRow = true;
    try {
      expect((await c.engine.syncNow()).status).toBe('ok');
    } finally {
      mode.perRow = false;
    }
    expect(await stateOf(perRow)).toEqual(await stateOf(bulk));
  }, 60_000);
});
