// Authors of synced records (docs/architecture.md "Authors"): every pulled change of a record
// carries `meta` — who created it, who changed it last, when — taken from the pushing accounts,
// never from what a device sends.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServerDb } from '../../src/server/store/store';
import type { Change, RecordMeta } from '../../src/shared/protocol';
import {
  type Harness,
  makeDevice,
  makeHarness,
  observationFields,
  seedVisit,
} from '../support/server';

let h: Harness;
let clock = new Date('2026-12-02T09:00:00.000Z');
beforeEach(async () => {
  clock = new Date('2026-12-02T09:00:00.000Z');
  h = await makeHarness({ clock: () => clock });
});
afterEach(() => h.close());

const metaOf = (changes: Change[], id: string): RecordMeta | undefined =>
  changes.filter((c) => c.entityId === id).at(-1)?.meta;

async function people() {
  const coord = await h.user('coordinator');
  const member = await h.user('member');
  await h.app.accounts.updateUser(coord.id, { name: 'Clara Koordination' });
  await h.app.accounts.updateUser(member.id, { name: 'Mehmet Mitglied' });
  return { coord, member };
}

describe('authors in the pull', () => {
  it('a pulled record names the account that pushed it, with the server time', async () => {
    const { coord, member } = await people();
    const c = makeDevice(h, coord.token);
    const { visit } = await seedVisit(c);
    const obs = observationFields(visit.id);
    const m = makeDevice(h, member.token);
    const res = await m.sync([m.mutation('observation', obs.id, 'create', obs)]);
    expect(res.results[0]?.status).toBe('applied');
    expect(metaOf(res.changes, obs.id)).toEqual({
      createdBy: member.id,
      createdByName: 'Mehmet Mitglied',
      createdAt: '2026-12-02T09:00:00.000Z',
      updatedBy: member.id,
      updatedByName: 'Mehmet Mitglied',
      updatedAt: '2026-12-02T09:00:00.000Z',
    });
    // The coordinator's other device pulls the same names.
    const pulled = await makeDevice(h, coord.token).sync();
    expect(metaOf(pulled.changes, obs.id)?.createdByName).toBe('Mehmet Mitglied');
    expect(metaOf(pulled.changes, visit.id)?.createdByName).toBe('Clara Koordination');
  });

  it("a second person's patch changes who changed it last and when, never who created it", async () => {
    const { coord, member } = await people();
    const c = makeDevice(h, coord.token);
    const { visit } = await seedVisit(c);
    const obs = observationFields(visit.id);
    const m = makeDevice(h, member.token);
    const created = await m.sync([m.mutation('observation', obs.id, 'create', obs)]);
    const version = created.changes.find((x) => x.entityId === obs.id)!.version;
    await c.sync();
    clock = new Date('2026-12-02T10:14:00.000Z');
    const patched = await c.sync([
      c.mutation('observation', obs.id, 'patch', { text: 'besser so' }, version),
    ]);
    expect(metaOf(patched.changes, obs.id)).toEqual({
      createdBy: member.id,
      createdByName: 'Mehmet Mitglied',
      createdAt: '2026-12-02T09:00:00.000Z',
      updatedBy: coord.id,
      updatedByName: 'Clara Koordination',
      updatedAt: '2026-12-02T10:14:00.000Z',
    });
    const seenByMember = await m.sync();
    expect(metaOf(seenByMember.changes, obs.id)?.updatedByName).toBe('Clara Koordination');
  });

  it('shows the display name at pull time (a renamed account is named anew)', async () => {
    const { coord } = await people();
    const c = makeDevice(h, coord.token);
    const { site } = await seedVisit(c);
    await h.app.accounts.updateUser(coord.id, { name: 'Clara Neuname' });
    const fresh = await makeDevice(h, coord.token).sync();
    expect(metaOf(fresh.changes, site.id)?.createdByName).toBe('Clara Neuname');
  });

  it('deleting a visit names the deleter and the time on the children it takes along', async () => {
    const { coord, member } = await people();
    const c = makeDevice(h, coord.token);
    const { visit } = await seedVisit(c);
    const obs = observationFields(visit.id);
    const m = makeDevice(h, member.token);
    await m.sync([m.mutation('observation', obs.id, 'create', obs)]);
    const seen = await c.sync();
    const visitVersion = seen.changes.find((x) => x.entityId === visit.id)?.version ?? null;
    clock = new Date('2026-12-03T08:30:00.000Z');
    const res = await c.sync([c.mutation('visit', visit.id, 'delete', {}, visitVersion)]);
    const child = res.changes.find((x) => x.entityId === obs.id);
    expect(child?.deleted).toBe(true);
    expect(child?.meta).toMatchObject({
      createdByName: 'Mehmet Mitglied',
      updatedByName: 'Clara Koordination',
      updatedAt: '2026-12-03T08:30:00.000Z',
    });
  });

  it('whoever decides a conflict with a new value is its last editor', async () => {
    const { coord, member } = await people();
    const c = makeDevice(h, coord.token);
    const { visit } = await seedVisit(c);
    const m = makeDevice(h, member.token);
    const obs = observationFields(visit.id);
    const base = (await c.sync([c.mutation('observation', obs.id, 'create', obs)])).results[0]!
      .serverSeq!;
    await c.sync([c.mutation('observation', obs.id, 'patch', { text: 'A' }, base)]);
    const res = await m.sync([m.mutation('observation', obs.id, 'patch', { text: 'B' }, base)]);
    const conflictId = res.results[0]!.conflictIds![0]!;
    clock = new Date('2026-12-02T11:00:00.000Z');
    const decided = await m.sync([
      m.mutation('conflictResolution', conflictId, 'patch', {
        conflictId,
        resolution: 'edited',
        value: 'A und B',
      }),
    ]);
    expect(metaOf(decided.changes, obs.id)).toMatchObject({
      createdBy: coord.id,
      updatedByName: 'Mehmet Mitglied',
      updatedAt: '2026-12-02T11:00:00.000Z',
    });
  });

  it('conflicts and rejections carry no meta', async () => {
    const { coord } = await people();
    const c = makeDevice(h, coord.token);
    const res = await c.sync([
      c.mutation('observation', '01939b3e-0000-7000-8000-000000000001', 'patch', { text: 'x' }, 1),
    ]);
    expect(res.results[0]?.status).toBe('rejected');
    const later = await makeDevice(h, coord.token).sync();
    const rejections = [...res.changes, ...later.changes].filter((x) => x.entity === 'rejection');
    expect(rejections.length).toBeGreaterThan(0);
    for (const ch of rejections) expect(ch.meta).toBeUndefined();
  });
});

describe('authors cannot be forged', () => {
  for (const forged of ['createdBy', 'updatedBy', '_by', 'createdByName', 'meta']) {
    it(`a create or patch that sends "${forged}" is refused and the record's authors stay the server's`, async () => {
      const { coord, member } = await people();
      const c = makeDevice(h, coord.token);
      const { visit } = await seedVisit(c);
      const m = makeDevice(h, member.token);
      const obs = observationFields(visit.id);
      const refusedCreate = await m.sync([
        m.mutation('observation', obs.id, 'create', { ...obs, [forged]: coord.id }),
      ]);
      expect(refusedCreate.results[0]).toMatchObject({ status: 'rejected' });
      const ok = await m.sync([m.mutation('observation', obs.id, 'create', obs)]);
      expect(ok.results[0]?.status).toBe('applied');
      const v = ok.changes.find((x) => x.entityId === obs.id)!.version;
      const refusedPatch = await m.sync([
        m.mutation('observation', obs.id, 'patch', { text: 'y', [forged]: coord.id }, v),
      ]);
      expect(refusedPatch.results[0]).toMatchObject({ status: 'rejected' });
      const seen = await makeDevice(h, coord.token).sync();
      expect(metaOf(seen.changes, obs.id)).toMatchObject({
        createdBy: member.id,
        updatedBy: member.id,
      });
      expect(seen.changes.find((x) => x.entityId === obs.id)?.row).not.toHaveProperty(forged);
    });
  }
});

describe('migration 6', () => {
  it('gives records written before it the times of the mutations that wrote them', async () => {
    const { coord } = await people();
    const c = makeDevice(h, coord.token);
    const { site } = await seedVisit(c);
    await h.db.close();
    // The file as the previous server left it: no time columns yet.
    const raw = new Database(h.dbFile);
    raw.exec(
      'ALTER TABLE records DROP COLUMN created_at; ALTER TABLE records DROP COLUMN updated_at',
    );
    raw.pragma('user_version = 5');
    raw.close();
    const reopened = openServerDb(h.dbFile);
    try {
      const rec = await reopened.readTx((tx) => tx.sync.record('site', site.id));
      expect(rec).toMatchObject({
        createdBy: coord.id,
        createdAt: '2026-12-02T09:00:00.000Z',
        updatedAt: '2026-12-02T09:00:00.000Z',
      });
    } finally {
      await reopened.close();
    }
  });
});
