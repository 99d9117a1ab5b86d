// record_history and GET /api/v1/history/:entity/:id (docs/architecture.md §History): every
// applied write, cascade, conflict and resolution leaves its rows; the endpoint answers them
// oldest first with `from` computed from the previous row, under the read rule of every other
// read; the retention purge takes a purged record's history with it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry, HistoryPage } from '../../src/shared/history';
import { purgeExpired } from '../../src/server/retention';
import {
  type Device,
  type Harness,
  checklistFields,
  followUpFields,
  makeHarness,
  observationFields,
  seedVisit,
  twoPeopleOnVisit,
} from '../support/server';

let h: Harness;
let coord: Awaited<ReturnType<Harness['user']>>;
let member: Awaited<ReturnType<Harness['user']>>;
let a: Device, b: Device;
let visitId: string, siteId: string;
beforeEach(async () => {
  h = await makeHarness();
  ({
    coord,
    member,
    a,
    b,
    visit: { id: visitId, siteId },
  } = await twoPeopleOnVisit(h));
});
afterEach(() => h.close());

async function history(entity: string, id: string, token = coord.token, cursor?: string) {
  const q = cursor ? `?cursor=${cursor}` : '';
  const res = await h.req(`/api/v1/history/${entity}/${id}${q}`, { token });
  return { status: res.status, body: (await res.json()) as HistoryPage & { error?: string } };
}
const brief = (e: HistoryEntry) => [e.op, e.field, e.from, e.to, e.by?.name ?? null];

describe('what the server writes', () => {
  it('create: one row per field; patch of two fields: two rows with from and to; unchanged fields none', async () => {
    const obs = observationFields(visitId);
    const base = (await a.sync([a.mutation('observation', obs.id, 'create', obs)])).results[0]!
      .serverSeq!;
    await b.sync([
      b.mutation(
        'observation',
        obs.id,
        'patch',
        { text: 'neu', place: 'Hof', kind: obs.kind },
        base,
      ),
    ]);
    const { status, body } = await history('observation', obs.id);
    expect(status).toBe(200);
    const created = body.entries.filter((e) => e.op === 'create');
    // The fields a person can change; placement and fields left null have no row.
    expect(created.map((e) => e.field)).toEqual(['kind', 'perspective', 'text', 'place', 'author']);
    expect(created.every((e) => e.by?.id === coord.id && e.from === null)).toBe(true);
    expect(created.find((e) => e.field === 'text')!.to).toBe('x');
    expect(body.entries.filter((e) => e.op === 'patch').map(brief)).toEqual([
      ['patch', 'text', 'x', 'neu', 'member user'],
      ['patch', 'place', '', 'Hof', 'member user'],
    ]);
    expect(body.complete).toBe(true);
    expect(body.next).toBeNull();
    expect(body.created.by?.id).toBe(coord.id);
  });

  it('create: one stored row holding its fields; rows one per field, as stored before, read the same', async () => {
    const obs = observationFields(visitId);
    const old = { ...observationFields(visitId), text: obs.text, place: obs.place };
    const res = await a.sync([
      a.mutation('observation', obs.id, 'create', obs),
      a.mutation('observation', old.id, 'create', old),
    ]);
    const stored = (id: string) => h.read((tx) => tx.history.ofRecord('observation', id, 0, 100));
    const rows = await stored(obs.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ op: 'create', field: null, userId: coord.id });
    // The second record's create as rows one per field, as a database from before holds it.
    const { default: Database } = await import('better-sqlite3');
    const file = new Database(h.dbFile);
    const [create] = file
      .prepare('SELECT * FROM record_history WHERE entity_id = ?')
      .all(old.id) as Record<string, unknown>[];
    file.prepare('DELETE FROM record_history WHERE entity_id = ?').run(old.id);
    const insert = file.prepare(`INSERT INTO record_history (entity, entity_id, site_id, visit_id,
      op, field, value, user_id, client_id, at, conflict_id) VALUES (@entity, @entity_id,
      @site_id, @visit_id, @op, @field, @value, @user_id, @client_id, @at, @conflict_id)`);
    for (const [field, value] of Object.entries(JSON.parse(create!['value'] as string)))
      insert.run({ ...create, field, value: JSON.stringify(value) });
    file.close();
    expect(await stored(old.id)).toHaveLength(Object.keys(rows[0]!.value as object).length);
    // The same change on each: `from` comes from the create either way.
    const [s1, s2] = res.results.map((r) => r.serverSeq!);
    await b.sync([
      b.mutation('observation', obs.id, 'patch', { text: 'neu', rating: 2 }, s1),
      b.mutation('observation', old.id, 'patch', { text: 'neu', rating: 2 }, s2),
    ]);
    const brief2 = (e: HistoryEntry) => [e.op, e.field, e.from, e.to, e.by?.id, e.conflictId];
    const now = (await history('observation', obs.id)).body;
    const before = (await history('observation', old.id)).body;
    expect(before.entries.map(brief2)).toEqual(now.entries.map(brief2));
    expect(now.entries.filter((e) => e.op === 'patch').map(brief)).toEqual([
      ['patch', 'rating', null, 2, 'member user'],
      ['patch', 'text', 'x', 'neu', 'member user'],
    ]);
    expect([now.complete, before.complete]).toEqual([true, true]);
  });

  it('delete and restore: one row each without a field; a visit cascade names every child', async () => {
    const obs = observationFields(visitId);
    const fu = followUpFields(visitId, siteId);
    const item = checklistFields(visitId);
    const res = await a.sync([
      a.mutation('observation', obs.id, 'create', obs),
      a.mutation('followUp', fu.id, 'create', fu),
      a.mutation('checklistItem', item.id, 'create', item),
    ]);
    const v = res.changes.find((c) => c.entityId === visitId)?.version ?? null;
    await a.sync([a.mutation('observation', obs.id, 'delete', {})]);
    await a.sync([a.mutation('observation', obs.id, 'restore', {})]);
    const o = (await history('observation', obs.id)).body.entries.filter((e) => e.op !== 'create');
    expect(o.map(brief)).toEqual([
      ['delete', null, null, null, 'coordinator user'],
      ['restore', null, null, null, 'coordinator user'],
    ]);
    await a.sync([a.mutation('visit', visitId, 'delete', {}, v)]);
    await a.sync([a.mutation('visit', visitId, 'restore', {})]);
    const visit = (await history('visit', visitId)).body.entries.filter((e) => e.op !== 'create');
    expect(visit.map((e) => e.op)).toEqual(['delete', 'restore']);
    for (const [entity, id] of [
      ['observation', obs.id],
      ['followUp', fu.id],
      ['checklistItem', item.id],
    ] as const) {
      const rows = (await history(entity, id)).body.entries.filter((e) => e.op !== 'create');
      expect(rows.map((e) => e.op).slice(-2)).toEqual(['cascade-delete', 'cascade-restore']);
      expect(rows.at(-1)!.by?.id).toBe(coord.id);
    }
  });

  it("a conflict records the value that did not win; 'theirs' and 'edited' resolutions record what stays", async () => {
    const obs = observationFields(visitId);
    const base = (await a.sync([a.mutation('observation', obs.id, 'create', obs)])).results[0]!
      .serverSeq!;
    await a.sync([a.mutation('observation', obs.id, 'patch', { text: 'A' }, base)]);
    const c1 = (await b.sync([b.mutation('observation', obs.id, 'patch', { text: 'B' }, base)]))
      .results[0]!.conflictIds![0]!;
    await b.sync([
      b.mutation('conflictResolution', c1, 'patch', { conflictId: c1, resolution: 'theirs' }),
    ]);
    const seen = (await b.sync()).changes.find((c) => c.entityId === obs.id)?.version ?? base;
    await a.sync([a.mutation('observation', obs.id, 'patch', { text: 'A2' }, seen)]);
    const c2 = (await b.sync([b.mutation('observation', obs.id, 'patch', { text: 'B2' }, seen)]))
      .results[0]!.conflictIds![0]!;
    await a.sync([
      a.mutation('conflictResolution', c2, 'patch', {
        conflictId: c2,
        resolution: 'edited',
        value: 'A2 und B2',
      }),
    ]);
    const rows = (await history('observation', obs.id)).body.entries.filter(
      (e) => e.op !== 'create',
    );
    expect(rows.map((e) => [...brief(e), e.conflictId])).toEqual([
      ['patch', 'text', 'x', 'A', 'coordinator user', null],
      ['conflict', 'text', 'A', 'B', 'member user', c1],
      ['resolution', 'text', 'A', 'A', 'member user', c1],
      ['patch', 'text', 'A', 'A2', 'coordinator user', null],
      ['conflict', 'text', 'A2', 'B2', 'member user', c2],
      ['resolution', 'text', 'A2', 'A2 und B2', 'coordinator user', c2],
    ]);
  });

  it('a delete over unseen edits records the edits that the delete overrode', async () => {
    const obs = observationFields(visitId);
    const base = (await a.sync([a.mutation('observation', obs.id, 'create', obs)])).results[0]!
      .serverSeq!;
    await a.sync([a.mutation('observation', obs.id, 'patch', { text: 'unseen' }, base)]);
    const res = await b.sync([b.mutation('observation', obs.id, 'delete', {}, base)]);
    const conflictId = res.results[0]!.conflictIds![0]!;
    const rows = (await history('observation', obs.id)).body.entries.slice(-2);
    expect(rows.map((e) => [e.op, e.field, e.to, e.conflictId])).toEqual([
      ['delete', null, null, null],
      ['conflict', null, { text: 'unseen' }, conflictId],
    ]);
  });

  it('a legacy participants list (schema 1) writes the history of the participant rows it becomes', async () => {
    const m = a.mutation('visit', visitId, 'patch', {
      participants: [{ name: 'Frau Roth', organisation: 'QM', role: 'Leitung' }],
    });
    await a.sync([{ ...m, schemaVersion: 1 }]);
    const { status, body } = await history('participant', `${visitId}~p0`);
    expect(status).toBe(200);
    expect(body.entries.find((e) => e.field === 'name')).toMatchObject({
      op: 'create',
      to: 'Frau Roth',
      by: { id: coord.id },
    });
  });
});

describe('who may read a history', () => {
  it('coordinator, member and the site’s Quartiersmanagement read it; another site’s QM and a missing record get 404; a disabled account 401', async () => {
    const own = await h.user('quartiersmanagement', siteId);
    const other = await h.user('quartiersmanagement', (await seedVisit(a)).site.id);
    const off = await h.user('member');
    for (const u of [coord, member, own]) {
      const res = await history('visit', visitId, u.token);
      expect(res.status).toBe(200);
      expect(res.body.entries.some((e) => e.field === 'status')).toBe(true);
    }
    const hidden = await history('visit', visitId, other.token);
    expect([hidden.status, hidden.body.error]).toEqual([404, 'not_found']);
    expect((await history('visit', 'nope-does-not-exist')).status).toBe(404);
    expect((await history('site', siteId, other.token)).status).toBe(404);
    const bad = await history('users', visitId);
    expect([bad.status, bad.body.error]).toEqual([400, 'invalid']);
    expect((await history('visit', visitId, coord.token, 'x1')).status).toBe(400);
    const res = await h.req(`/api/v1/users/${off.id}`, {
      method: 'PATCH',
      token: coord.token,
      json: { disabled: true },
    });
    expect(res.status).toBe(200);
    expect((await history('visit', visitId, off.token)).status).toBe(401);
    expect((await h.req(`/api/v1/history/visit/${visitId}`)).status).toBe(401);
  });
});

describe('long histories and old records', () => {
  it('pages by cursor with every change once, from carried across the page edge', async () => {
    const obs = observationFields(visitId);
    await a.sync([a.mutation('observation', obs.id, 'create', obs)]);
    // One device's own edits in a row never conflict: three pushes of 70.
    for (let n = 0; n < 3; n++)
      await a.sync(
        Array.from({ length: 70 }, (_, i) =>
          a.mutation('observation', obs.id, 'patch', { text: `t${n * 70 + i}` }),
        ),
      );
    const first = await history('observation', obs.id);
    expect(first.body.entries).toHaveLength(200);
    const second = await history('observation', obs.id, coord.token, first.body.next!);
    const all = [...first.body.entries, ...second.body.entries];
    expect(second.body.next).toBeNull();
    expect(all.filter((e) => e.op === 'patch')).toHaveLength(210);
    const edge = second.body.entries[0]!;
    expect([edge.from, edge.to]).toEqual([
      first.body.entries.at(-1)!.to,
      `t${210 - second.body.entries.length}`,
    ]);
  });

  it('a record older than the table shows what it knows and says the rest was not recorded', async () => {
    const obs = observationFields(visitId);
    const base = (await a.sync([a.mutation('observation', obs.id, 'create', obs)])).results[0]!
      .serverSeq!;
    // As if the record had been written before record_history existed.
    const { default: Database } = await import('better-sqlite3');
    const file = new Database(h.dbFile);
    file.prepare('DELETE FROM record_history WHERE entity_id = ?').run(obs.id);
    file.close();
    await a.sync([a.mutation('observation', obs.id, 'patch', { text: 'später' }, base)]);
    const { body } = await history('observation', obs.id);
    expect(body.complete).toBe(false);
    expect(body.created.by?.id).toBe(coord.id);
    expect(body.entries.map(brief)).toEqual([
      ['patch', 'text', null, 'später', 'coordinator user'],
    ]);
  });
});

describe('retention', () => {
  it("purging a deleted visit removes its and its children's history rows", async () => {
    const obs = observationFields(visitId);
    await a.sync([a.mutation('observation', obs.id, 'create', obs)]);
    const count = (id: string) =>
      h.read(
        async (tx) =>
          (await tx.history.ofRecord('observation', id, 0, 1000)).length +
          (await tx.history.ofRecord('visit', id, 0, 1000)).length,
      );
    expect(await count(obs.id)).toBeGreaterThan(0);
    await a.sync([a.mutation('visit', visitId, 'delete', {})]);
    const later = new Date(Date.now() + 40 * 86_400_000);
    const report = await purgeExpired(h.db, h.app.blobs.storage, later, 30);
    expect(report.visits).toBe(1);
    expect(await count(obs.id)).toBe(0);
    expect(await count(visitId)).toBe(0);
    expect((await history('visit', visitId)).status).toBe(404);
  });
});
