// Authors on the device (docs/architecture.md "Authors"): a pulled row keeps the server's meta as
// `_by`; a row written here gets the signed-in user at once and keeps that through pulls until its
// change is synced; the mutation never carries it; a backup keeps it.
import { afterEach, describe, expect, it } from 'vitest';
import { exportBackup } from '../../../src/client/backup/export-file';
import { importBackup } from '../../../src/client/backup/import-file';
import { authorsOf } from '../../../src/client/db/authors';
import { META } from '../../../src/client/db/meta-keys';
import {
  addObservation,
  createSite,
  createVisit,
  updateObservation,
} from '../../../src/client/db/mutators';
import type { AppDb } from '../../../src/client/db/schema';
import { applySyncResponse } from '../../../src/client/db/sync-apply';
import { PROTOCOL_VERSION, type SyncResponse } from '../../../src/shared/protocol';
import {
  closeAfterTest,
  closeOpened,
  harnessDevice,
  harnessServer,
} from '../../support/client-engine';
import { makeTestDb } from '../../support/fake-db';
import type { Harness } from '../../support/server';

let h: Harness;
afterEach(closeOpened);

/** A phone signed in as a new account called `name` (its user stored as the session does). */
async function phone(role: 'coordinator' | 'member', name: string) {
  const account = await h.user(role);
  await h.app.accounts.updateUser(account.id, { name });
  const d = harnessDevice(h, account.token);
  await d.db.meta.put({ key: META.user, value: { ...account, name } });
  const sync = async () => {
    const outcome = await d.engine.syncNow();
    expect(outcome.error ?? null).toBeNull();
  };
  return { ...d, account, sync };
}

async function setUp() {
  h = await harnessServer();
  const clara = await phone('coordinator', 'Clara Koordination');
  const mehmet = await phone('member', 'Mehmet Mitglied');
  const site = await createSite(clara.db, { municipality: 'Hanau', quarter: 'Lamboy' });
  const visit = await createVisit(clara.db, { siteId: site.id, date: '2026-12-02' });
  const obs = await addObservation(clara.db, {
    visitId: visit.id,
    fieldId: 'housing',
    text: 'Spielplatz verwaist',
  });
  return { clara, mehmet, site, visit, obs };
}

describe('authors on the device', () => {
  it('a row written here names the signed-in user at once, and the mutation does not carry it', async () => {
    const { clara, obs } = await setUp();
    const row = await clara.db.observations.get(obs.id);
    expect(authorsOf(row)).toMatchObject({
      author: 'Clara Koordination',
      editor: 'Clara Koordination',
      edited: false,
    });
    const entry = await clara.db.outbox
      .where('[entity+entityId]')
      .equals(['observation', obs.id])
      .first();
    expect(entry).toBeDefined();
    expect(entry?.fields).not.toHaveProperty('_by');
    await clara.sync();
    const synced = await clara.db.observations.get(obs.id);
    expect(synced?._by).toMatchObject({
      createdBy: clara.account.id,
      createdByName: 'Clara Koordination',
      updatedBy: clara.account.id,
    });
  });

  it("another person's patch: the pulled row keeps its author and names the editor on every device", async () => {
    const { clara, mehmet, obs } = await setUp();
    await clara.sync();
    await mehmet.sync();
    expect(authorsOf(await mehmet.db.observations.get(obs.id)).author).toBe('Clara Koordination');
    await updateObservation(mehmet.db, obs.id, { text: 'Spielplatz wird wieder genutzt' });
    // At once, before any sync: Mehmet changed Clara's observation.
    expect(authorsOf(await mehmet.db.observations.get(obs.id))).toMatchObject({
      author: 'Clara Koordination',
      editor: 'Mehmet Mitglied',
      edited: true,
    });
    await mehmet.sync();
    await clara.sync();
    const seen = await clara.db.observations.get(obs.id);
    expect(seen?.text).toBe('Spielplatz wird wieder genutzt');
    expect(seen?._by).toMatchObject({
      createdBy: clara.account.id,
      createdByName: 'Clara Koordination',
      updatedBy: mehmet.account.id,
      updatedByName: 'Mehmet Mitglied',
    });
  });

  it('a pull of an older server state keeps the local editor while the local change is queued', async () => {
    const { clara, mehmet, obs } = await setUp();
    await clara.sync();
    await mehmet.sync();
    const before = await mehmet.db.observations.get(obs.id);
    await updateObservation(mehmet.db, obs.id, { place: 'Spielplatz Nord' });
    // The server's row arrives again (another field changed by Clara) while Mehmet's patch waits.
    const serverBy = before!._by!;
    const next = Number((await mehmet.db.meta.get(META.cursor))?.value) + 1;
    const res: SyncResponse = {
      protocol: PROTOCOL_VERSION,
      results: [],
      lastClientSeq: 0,
      changes: [
        {
          seq: next,
          entity: 'observation',
          entityId: obs.id,
          version: next,
          deleted: false,
          row: { ...stripLocal(before!), text: 'von Clara geändert' },
          meta: { ...serverBy, updatedAt: '2026-12-02T08:00:00.000Z' },
        },
      ],
      cursor: String(next),
      hasMore: false,
      minSchemaVersion: 1,
      serverTime: '2026-12-02T08:00:00.000Z',
    };
    const clientId = (await mehmet.db.meta.get(META.clientId))?.value as string;
    await applySyncResponse(mehmet.db, res, clientId);
    const row = await mehmet.db.observations.get(obs.id);
    expect(row?.text).toBe('von Clara geändert');
    expect(row?.place).toBe('Spielplatz Nord');
    expect(authorsOf(row)).toMatchObject({
      author: 'Clara Koordination',
      editor: 'Mehmet Mitglied',
    });
    // Nothing queued for a row: the server's meta alone.
    const untouched = {
      ...res,
      changes: [{ ...res.changes[0]!, seq: next + 1, version: next + 1 }],
      cursor: String(next + 1),
    };
    await mehmet.db.outbox.clear();
    await applySyncResponse(mehmet.db, untouched, clientId);
    expect((await mehmet.db.observations.get(obs.id))?._by).toEqual(untouched.changes[0]!.meta);
  });

  it('a backup keeps who wrote what', async () => {
    const { clara, obs } = await setUp();
    await clara.sync();
    const file = await exportBackup(clara.db, 'all', 'test');
    const target: AppDb = closeAfterTest(makeTestDb());
    await importBackup(target, file);
    const row = await target.observations.get(obs.id);
    expect(row?._by).toEqual((await clara.db.observations.get(obs.id))?._by);
    expect(authorsOf(row).author).toBe('Clara Koordination');
  });
});

function stripLocal(row: object): Record<string, unknown> {
  const { _v, _deleted, _base, _by, ...plain } = row as Record<string, unknown>;
  return plain;
}
