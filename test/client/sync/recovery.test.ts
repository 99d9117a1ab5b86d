// Devices that lost step with the server recover by themselves (docs/architecture.md §Sync run
// step 4, docs/adr/0006-device-recovery.md): a server restored from an older backup (409 gap, or a
// cursor ahead of the server) gets back exactly the mutations it lost from the device's journal;
// a copied or rolled-back browser profile (409 seq_reused) takes a new device identity and resends
// its pending work. Nothing lost, nothing applied twice, no step on the server.
import { afterEach, describe, expect, it } from 'vitest';
import {
  addObservation,
  createSite,
  createVisit,
  updateObservation,
  updateVisit,
} from '../../../src/client/db/mutators';
import { resolveConflict } from '../../../src/client/db/conflict-mutators';
import { META } from '../../../src/client/db/meta-keys';
import type { AppDb } from '../../../src/client/db/schema';
import { dropJournal, resetForRefetch } from '../../../src/client/db/sync-store';
import { makeTestDb } from '../../support/fake-db';
import {
  closeAfterTest,
  closeOpened,
  copyOfDb,
  engineDevice,
  realServer,
} from '../../support/client-engine';
import type { ServerFetch } from '../../support/server-fetch';

afterEach(closeOpened);

const device = (server: ServerFetch, db?: AppDb) => engineDevice(server, {}, db);

/** An `admin backup` of the running server; `restore` is the operator putting it back in place. */
async function backup(server: ServerFetch) {
  const file = await server.backup();
  return { restore: () => server.restoreBackup(file) };
}

type ServerRecord = { entity: string; id: string; data: string; deleted: number };
const serverRow = (server: ServerFetch, id: string) => {
  const r = server.query<ServerRecord>('SELECT * FROM records WHERE id = ?', id)[0];
  return r ? (JSON.parse(r.data) as Record<string, unknown>) : undefined;
};
const rejections = (server: ServerFetch) =>
  server.query<{ code: string }>('SELECT code FROM rejections');

const SYNCED = {
  sites: 'site',
  visits: 'visit',
  checklistItems: 'checklistItem',
  observations: 'observation',
} as const;

/**
 * The device holds exactly the server's records (no record missing on either side), and every
 * synced row equals the server's record (fields, not bookkeeping).
 */
async function expectDeviceEqualsServer(server: ServerFetch, db: AppDb) {
  for (const [t, entity] of Object.entries(SYNCED)) {
    const rows = (await db.table(t).toArray()) as Record<string, unknown>[];
    const onServer = server.query<{ id: string }>(
      'SELECT id FROM records WHERE entity = ?',
      entity,
    );
    expect(rows.map((r) => r['id']).sort(), t).toEqual(onServer.map((r) => r.id).sort());
    for (const row of rows) {
      const { _v, _deleted, _base, _by, ...fields } = row;
      expect(serverRow(server, row['id'] as string), `${t} ${String(row['id'])}`).toEqual(fields);
    }
  }
}

async function seed(db: AppDb) {
  const site = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
  return { site, visit };
}

describe('a server restored from an older backup', () => {
  it('gets back the acknowledged mutations it lost, then the new ones (409 gap)', async () => {
    const server = await realServer();
    const a = device(server);
    const { visit } = await seed(a.db);
    expect((await a.engine.syncNow()).status).toBe('ok');
    const saved = await backup(server);
    const obs = await addObservation(a.db, { visitId: visit.id, fieldId: 'housing', text: 'x' });
    await updateVisit(a.db, visit.id, { goals: 'before restore' });
    expect((await a.engine.syncNow()).status).toBe('ok');
    expect(await a.db.outbox.count()).toBe(0); // acknowledged and pulled back: gone from the queue
    await saved.restore();
    expect(serverRow(server, obs.id)).toBeUndefined();
    await updateVisit(a.db, visit.id, { notes: 'after restore' });
    const out = await a.engine.syncNow();
    expect(out.status).toBe('ok');
    expect(serverRow(server, obs.id)).toMatchObject({ text: 'x' });
    expect(serverRow(server, visit.id)).toMatchObject({
      goals: 'before restore',
      notes: 'after restore',
    });
    expect(await a.db.outbox.count()).toBe(0);
    expect(rejections(server)).toEqual([]);
    expect(server.conflicts()).toEqual([]);
    await expectDeviceEqualsServer(server, a.db);
    expect(a.engine.state().notice).toMatchObject({ kind: 'server_restored', resent: 2 });
  });

  it('gets them back when the device has nothing pending (cursor ahead of the server)', async () => {
    const server = await realServer();
    const a = device(server);
    const { visit } = await seed(a.db);
    await a.engine.syncNow();
    const saved = await backup(server);
    const obs = await addObservation(a.db, { visitId: visit.id, fieldId: 'housing', text: 'kept' });
    await a.engine.syncNow();
    await saved.restore();
    expect((await a.engine.syncNow()).status).toBe('ok');
    expect(serverRow(server, obs.id)).toMatchObject({ text: 'kept' });
    expect((await a.db.observations.get(obs.id))?.text).toBe('kept');
    await expectDeviceEqualsServer(server, a.db);
    // A second device sees the restored work too.
    const b = device(server);
    await b.engine.syncNow();
    expect((await b.db.observations.get(obs.id))?.text).toBe('kept');
  });

  it('restored to before the device ever synced: everything is sent again, nothing adopted blindly', async () => {
    const server = await realServer();
    const saved = await backup(server);
    const a = device(server);
    const { site, visit } = await seed(a.db);
    await a.engine.syncNow();
    await saved.restore();
    await updateVisit(a.db, visit.id, { goals: 'later' });
    expect((await a.engine.syncNow()).status).toBe('ok');
    expect(serverRow(server, site.id)).toMatchObject({ municipality: 'Offenbach' });
    expect(serverRow(server, visit.id)).toMatchObject({ goals: 'later' });
    expect(rejections(server)).toEqual([]);
    await expectDeviceEqualsServer(server, a.db);
  });

  it('when the journal no longer reaches back, a new device identity resends what is still on the device', async () => {
    const server = await realServer();
    const a = device(server);
    const { visit } = await seed(a.db);
    await a.engine.syncNow();
    const saved = await backup(server);
    await updateVisit(a.db, visit.id, { goals: 'lost with the journal' });
    await a.engine.syncNow();
    await saved.restore();
    await dropJournal(a.db);
    const before = (await a.db.meta.get(META.clientId))?.value;
    await updateVisit(a.db, visit.id, { notes: 'pending' });
    const out = await a.engine.syncNow();
    expect(out.status).toBe('ok');
    expect((await a.db.meta.get(META.clientId))?.value).not.toBe(before);
    expect(serverRow(server, visit.id)).toMatchObject({ notes: 'pending' });
    expect(await a.db.outbox.count()).toBe(0);
    await expectDeviceEqualsServer(server, a.db);
    expect(a.engine.state().notice).toMatchObject({ kind: 'new_identity' });
  });

  it('a device that only read during the lost time refetches: no seq is handed out twice', async () => {
    const server = await realServer();
    const a = device(server);
    const b = device(server);
    const { visit } = await seed(a.db);
    await a.engine.syncNow();
    await b.engine.syncNow();
    const saved = await backup(server);
    await updateVisit(a.db, visit.id, { goals: 'lost time' });
    await a.engine.syncNow();
    await b.engine.syncNow(); // b's cursor now points into the time the restore loses
    await saved.restore();
    const d = device(server); // someone writes on the restored server before a and b come back
    await d.engine.syncNow();
    await updateVisit(d.db, visit.id, { notes: 'after restore' });
    await d.engine.syncNow();
    expect((await b.engine.syncNow()).status).toBe('ok');
    expect((await b.db.visits.get(visit.id))?.notes).toBe('after restore');
    await a.engine.syncNow(); // a resends its lost edit from the journal
    for (const x of [b, d]) await x.engine.syncNow();
    for (const x of [a, b, d]) {
      expect(await x.db.visits.get(visit.id)).toMatchObject({
        goals: 'lost time',
        notes: 'after restore',
      });
      await expectDeviceEqualsServer(server, x.db);
    }
  });
});

describe('the same backup restored twice', () => {
  it('the second restore hands out no seq of the first: a reader from the first restored time refetches', async () => {
    const server = await realServer();
    const a = device(server);
    const r = device(server);
    const { visit } = await seed(a.db);
    await a.engine.syncNow();
    await r.engine.syncNow();
    const saved = await backup(server);
    await saved.restore();
    await updateVisit(a.db, visit.id, { goals: 'first restored time' });
    await a.engine.syncNow();
    await r.engine.syncNow();
    expect((await r.db.visits.get(visit.id))?.goals).toBe('first restored time');
    await saved.restore();
    const d = device(server);
    await d.engine.syncNow();
    await updateVisit(d.db, visit.id, { notes: 'second restored time' });
    await d.engine.syncNow();
    await r.engine.syncNow();
    expect((await r.db.visits.get(visit.id))?.notes).toBe('second restored time');
    await a.engine.syncNow(); // resends its edit lost by the second restore
    for (const x of [a, r, d]) {
      await x.engine.syncNow();
      await expectDeviceEqualsServer(server, x.db);
    }
  });
});

describe('a database file copied back behind the server (a VM snapshot, no admin backup)', () => {
  it('a reader whose cursor lies in the lost time refetches even after new writes pass its cursor', async () => {
    const server = await realServer();
    const a = device(server);
    const b = device(server);
    const { site, visit } = await seed(a.db);
    await a.engine.syncNow();
    await b.engine.syncNow();
    const copy = server.snapshot();
    await updateVisit(a.db, visit.id, { goals: 'lost time' });
    await a.engine.syncNow();
    await b.engine.syncNow(); // b's cursor now points into the time the copy lacks
    await server.restoreBackup(copy);
    // Two writes on two records after the restore: the newest seq passes b's cursor, and the
    // visit's write lies at or below it.
    const d = device(server);
    await d.engine.syncNow();
    await updateVisit(d.db, visit.id, { notes: 'after restore' });
    await d.engine.syncNow();
    await addObservation(d.db, { visitId: visit.id, fieldId: 'housing', text: 'second write' });
    await d.engine.syncNow();
    expect((await b.engine.syncNow()).status).toBe('ok');
    expect((await b.db.visits.get(visit.id))?.notes).toBe('after restore');
    await a.engine.syncNow(); // a resends its lost edit from the journal
    for (const x of [b, d, a]) await x.engine.syncNow();
    for (const x of [a, b, d]) {
      expect(await x.db.visits.get(visit.id)).toMatchObject({
        goals: 'lost time',
        notes: 'after restore',
      });
      expect(await x.db.sites.get(site.id)).toBeDefined();
      await expectDeviceEqualsServer(server, x.db);
    }
  });

  it('a plain restart resets nobody: cursors stay, nothing is pulled twice', async () => {
    const server = await realServer();
    const a = device(server);
    await seed(a.db);
    await a.engine.syncNow();
    const before = await a.db.meta.get(META.cursor);
    await server.restart();
    await server.restart();
    const out = await a.engine.syncNow();
    expect(out).toMatchObject({ status: 'ok', pulled: 0 });
    expect(server.requests.at(-1)?.cursor).toBe(before?.value);
    expect(BigInt(String((await a.db.meta.get(META.cursor))?.value))).toBeGreaterThan(
      BigInt(String(before?.value)),
    );
  });
});

describe('a conflict the restore lost', () => {
  it('is forgotten everywhere, the resent edit makes a new one, and a decision on the lost one ends as a visible rejection', async () => {
    const server = await realServer();
    const a = device(server);
    const b = device(server);
    const { visit } = await seed(a.db);
    await a.engine.syncNow();
    await b.engine.syncNow();
    const saved = await backup(server);
    await saved.restore(); // restored once already: the second restore must not reuse these seqs
    await updateVisit(a.db, visit.id, { goals: 'from A' });
    await updateVisit(b.db, visit.id, { goals: 'from B' });
    await a.engine.syncNow();
    await b.engine.syncNow(); // conflict: B's edit arrived second
    await a.engine.syncNow();
    const lost = (await b.db.conflicts.toArray())[0]!;
    expect(lost).toMatchObject({ field: 'goals', status: 'open' });
    expect((await a.db.conflicts.get(lost.id))?.status).toBe('open');
    await resolveConflict(a.db, lost.id, 'theirs'); // a decides, but its decision stays queued
    await saved.restore();
    // b resends its edit first: a conflict with a new id on the restored server.
    for (const x of [b, a, b, a]) await x.engine.syncNow();
    const kept = server.conflicts();
    expect(kept.map((c) => c.id)).not.toContain(lost.id);
    for (const x of [a, b]) {
      const shown = await x.db.conflicts.toArray();
      expect(shown.map((c) => c.id).sort()).toEqual(kept.map((c) => c.id).sort());
      expect(await x.db.outbox.count()).toBe(0);
      await expectDeviceEqualsServer(server, x.db);
    }
    // a's decision on the conflict the server no longer has is a rejection a person sees.
    expect(await a.db.rejections.toArray()).toEqual([
      expect.objectContaining({
        entity: 'conflictResolution',
        entityId: lost.id,
        code: 'not_found',
      }),
    ]);
  });
});

describe('photo bytes a restored server may have lost', () => {
  it('wait for the server again after a reset when the device still holds them', async () => {
    const db = closeAfterTest(makeTestDb());
    const held = 'a'.repeat(64);
    const gone = 'b'.repeat(64);
    await db.blobs.put({
      sha256: held,
      data: { buf: new ArrayBuffer(4), type: 'image/jpeg' },
      size: 4,
    });
    await db.blobState.bulkPut([
      { sha256: held, state: 'uploaded', lastAccess: 0 },
      { sha256: gone, state: 'uploaded', lastAccess: 0 },
    ]);
    await resetForRefetch(db);
    expect(await db.blobState.get(held)).toMatchObject({ state: 'local', offset: 0 });
    expect(await db.blobs.get(held)).toBeDefined();
    // Bytes this device no longer holds cannot be sent again: nothing to wait for.
    expect((await db.blobState.get(gone))?.state).toBe('uploaded');
  });
});

describe('a copied or rolled-back browser profile', () => {
  it('two copies of one profile both sync: the second takes a new identity (409 seq_reused), nothing twice', async () => {
    const server = await realServer();
    const a = device(server);
    const { visit } = await seed(a.db);
    await a.engine.syncNow();
    const obs = await addObservation(a.db, { visitId: visit.id, fieldId: 'housing', text: 'both' });
    const b = device(server, await copyOfDb(a.db)); // the pending observation is in both
    await updateVisit(a.db, visit.id, { goals: 'from A' });
    await updateObservation(b.db, obs.id, { text: 'both, then B' });
    await updateVisit(b.db, visit.id, { notes: 'from B' });
    expect((await a.engine.syncNow()).status).toBe('ok');
    expect((await b.engine.syncNow()).status).toBe('ok');
    expect((await b.db.meta.get(META.clientId))?.value).not.toBe(
      (await a.db.meta.get(META.clientId))?.value,
    );
    expect(await b.db.outbox.count()).toBe(0);
    expect(serverRow(server, visit.id)).toMatchObject({ goals: 'from A', notes: 'from B' });
    expect(serverRow(server, obs.id)).toMatchObject({ text: 'both, then B' });
    expect(rejections(server)).toEqual([]);
    expect(server.conflicts()).toEqual([]);
    await a.engine.syncNow();
    await expectDeviceEqualsServer(server, a.db);
    await expectDeviceEqualsServer(server, b.db);
  });

  it('a profile rolled back to an older copy writes again and syncs (409 seq_reused), keeping its new work', async () => {
    const server = await realServer();
    const a = device(server);
    const { visit } = await seed(a.db);
    await a.engine.syncNow();
    const old = await copyOfDb(a.db);
    await updateVisit(a.db, visit.id, { goals: 'newer' });
    await a.engine.syncNow();
    a.db.close();
    const rolledBack = device(server, old);
    await updateVisit(rolledBack.db, visit.id, { notes: 'after the rollback' });
    expect((await rolledBack.engine.syncNow()).status).toBe('ok');
    expect(serverRow(server, visit.id)).toMatchObject({
      goals: 'newer',
      notes: 'after the rollback',
    });
    expect(rejections(server)).toEqual([]);
    await expectDeviceEqualsServer(server, rolledBack.db);
  });
});
