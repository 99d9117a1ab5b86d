// Recovery against the real server process (docs/adr/0006-device-recovery.md): an operator restores
// the server from its own `admin backup` (the CLI, while the server runs), and a browser profile
// is copied. The device is the real sync engine on fake-indexeddb, talking HTTP to the process.
// Each must converge by itself: nothing the device had is lost, nothing applied twice.
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addObservation, updateObservation, updateVisit } from '../../src/client/db/mutators';
import type { AppDb } from '../../src/client/db/schema';
import { META } from '../../src/client/db/meta-keys';
import { createSyncEngine } from '../../src/client/sync/engine';
import { runCli } from '../../src/server/cli';
import { dataPaths } from '../../src/server/config';
import { makeTestDb } from '../support/fake-db';
import { type RunningServer, startServer } from '../support/server-process';
import { type Target, type Who, startTarget } from './support/target';

let t: Target;
let restarted: RunningServer | null = null;
const dbs: AppDb[] = [];
beforeAll(async () => {
  t = await startTarget();
}, 60_000);
afterAll(async () => {
  for (const d of dbs) d.close();
  await restarted?.stop();
  await t.stop();
});

const dbFile = () => dataPaths({ DATA_DIR: t.server.dataDir }).dbFile;
let url = () => t.url;

function engineFor(who: Who, db: AppDb = makeTestDb()) {
  dbs.push(db);
  const engine = createSyncEngine(db, {
    baseUrl: '',
    getToken: () => t.who[who].token,
    fetch: (input, init) => fetch(`${url()}${String(input)}`, init),
    appVersion: 'adversarial',
  });
  return { db, engine };
}

/** `npm run admin -- backup --to FILE` while the server runs. */
async function adminBackup(): Promise<string> {
  const file = join(t.server.dataDir, `backup-${Date.now()}.sqlite`);
  await runCli(['backup', '--to', file], dbFile(), () => {});
  return file;
}

/** The operator stops the server, puts the backup in place and starts it again. */
async function restore(file: string) {
  await (restarted ?? t.server).kill();
  for (const f of [`${dbFile()}-wal`, `${dbFile()}-shm`]) rmSync(f, { force: true });
  copyFileSync(file, dbFile());
  const next = await startServer({ dataDir: t.server.dataDir });
  restarted = next;
  url = () => next.url;
}

/** What the server holds for a record, as a coordinator's fresh device pulls it. */
async function serverView(entity: 'visits' | 'observations', id: string) {
  const { db, engine } = engineFor('coordinator');
  expect((await engine.syncNow()).status).toBe('ok');
  return db.table(entity).get(id) as Promise<Record<string, unknown> | undefined>;
}

async function cloneProfile(from: AppDb): Promise<AppDb> {
  const to = makeTestDb();
  const copy = await Promise.all(
    from.tables.map(async (x) => [x.name, await x.toArray()] as const),
  );
  await to.open();
  await to.transaction('rw', to.tables, async () => {
    for (const [name, rows] of copy) await to.table(name).bulkAdd(rows);
  });
  return to;
}

describe('server restored from its own admin backup (hole 5a)', () => {
  it("the device's acknowledged changes the restore lost come back by themselves; a reader refetches", async () => {
    const visitId = t.sites.a.visitId;
    const writer = engineFor('qmA');
    const reader = engineFor('coordinator');
    expect((await writer.engine.syncNow()).status).toBe('ok');
    await reader.engine.syncNow();
    const backup = await adminBackup();
    const obs = await addObservation(writer.db, { visitId, fieldId: 'housing', text: 'lost?' });
    await updateVisit(writer.db, visitId, { goals: 'acknowledged before the restore' });
    expect((await writer.engine.syncNow()).status).toBe('ok');
    expect(await writer.db.outbox.count()).toBe(0);
    await reader.engine.syncNow(); // the reader's cursor now lies in the time the restore loses
    await restore(backup);
    expect(await serverView('observations', obs.id)).toBeUndefined(); // the restore lost it

    // Someone writes on the restored server first; then the writer comes back with new work.
    const other = engineFor('coordinator');
    await other.engine.syncNow();
    await updateVisit(other.db, visitId, { route: 'after the restore' });
    expect((await other.engine.syncNow()).status).toBe('ok');
    await updateVisit(writer.db, visitId, { notes: 'pending during the restore' });
    const out = await writer.engine.syncNow();
    expect(out.status).toBe('ok');
    expect(writer.engine.state().notice).toMatchObject({ kind: 'server_restored' });

    expect(await serverView('observations', obs.id)).toMatchObject({ text: 'lost?' });
    const expected = {
      goals: 'acknowledged before the restore',
      notes: 'pending during the restore',
      route: 'after the restore',
    };
    expect(await serverView('visits', visitId)).toMatchObject(expected);
    await reader.engine.syncNow();
    expect(await reader.db.visits.get(visitId)).toMatchObject(expected);
    expect(await reader.db.observations.get(obs.id)).toMatchObject({ text: 'lost?' });
    // No rejection of the resent changes reached the writer.
    expect(await writer.db.rejections.count()).toBe(0);
  }, 60_000);
});

describe('a copied browser profile (hole 5b)', () => {
  it('both copies keep syncing; the second takes a new identity and nothing is applied twice', async () => {
    const visitId = t.sites.a.visitId;
    const a = engineFor('qmA');
    expect((await a.engine.syncNow()).status).toBe('ok');
    const shared = await addObservation(a.db, { visitId, fieldId: 'climate', text: 'in both' });
    const b = engineFor('qmA', await cloneProfile(a.db));
    await updateObservation(a.db, shared.id, { text: 'in both, A' });
    await addObservation(b.db, { visitId, fieldId: 'public-spaces', text: 'only B' });
    expect((await a.engine.syncNow()).status).toBe('ok');
    expect((await b.engine.syncNow()).status).toBe('ok');
    expect((await b.db.meta.get(META.clientId))?.value).not.toBe(
      (await a.db.meta.get(META.clientId))?.value,
    );
    expect(b.engine.state().notice).toMatchObject({ kind: 'new_identity' });
    expect(await b.db.outbox.count()).toBe(0);
    expect(await b.db.rejections.count()).toBe(0);
    expect(await serverView('observations', shared.id)).toMatchObject({ text: 'in both, A' });
    await a.engine.syncNow();
    const bOnly = (await b.db.observations.toArray()).find((o) => o.text === 'only B');
    expect(bOnly).toBeDefined();
    expect(await a.db.observations.get(bOnly!.id)).toMatchObject({ text: 'only B' });
  }, 60_000);
});
