// Participants as rows on the server (docs/adr/0007-participants-as-rows.md): concurrent
// additions and edits of different people or fields all survive; a schema-1 list (an old app,
// or an entry queued before the update) becomes per-item writes; stored lists are migrated.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { legacyParticipantId } from '../../src/shared/domain/schemas';
import type { Change, ConflictRecord, Mutation, SyncResponse } from '../../src/shared/protocol';
import { PARTICIPANT_ROWS_VERSION } from '../../src/server/store/sqlite/migrations';
import { fieldWritersOf } from '../../src/server/store/field-writers';
import { syncDevice } from '../support/devices';
import {
  type Device,
  type Harness,
  makeDevice,
  makeHarness,
  seedVisit,
  siteFields,
  startSimServer,
  visitFields,
} from '../support/server';

let h: Harness;
let a: Device, b: Device;
let visitId: string;
let visitCreatedAt: string;

beforeEach(async () => {
  h = await makeHarness();
  const coord = await h.user('coordinator');
  const member = await h.user('member');
  a = makeDevice(h, coord.token);
  b = makeDevice(h, member.token);
  ({ id: visitId, createdAt: visitCreatedAt } = (await seedVisit(a)).visit);
  await b.sync();
});
afterEach(() => h.close());

let n = 0;
const person = (name: string, order = 0, extra: Record<string, unknown> = {}) => {
  const id = `p-${++n}-${name.replace(/\W/g, '')}`;
  return {
    id,
    visitId,
    name,
    organisation: '',
    role: '',
    order,
    createdAt: new Date().toISOString(),
    ...extra,
  };
};

/** Every live participant of the visit on the server, by id. */
async function serverParticipants(): Promise<Map<string, Record<string, unknown>>> {
  const rows = (await h.read((tx) => tx.sync.childrenOfVisit(visitId))).filter(
    (r) => r.entity === 'participant',
  );
  return new Map(rows.filter((r) => !r.deleted).map((r) => [r.id, r.data]));
}

/** What a device holds after pulling everything: the last change per id wins, tombstones drop out. */
function pulledParticipants(...responses: SyncResponse[]): Map<string, Record<string, unknown>> {
  const last = new Map<string, Change>();
  for (const res of responses)
    for (const c of res.changes) if (c.entity === 'participant') last.set(c.entityId, c);
  return new Map(
    [...last.values()].filter((c) => !c.deleted && c.row).map((c) => [c.entityId, c.row!]),
  );
}

const legacy = (m: Mutation): Mutation => ({ ...m, schemaVersion: 1 });

describe('participants from two devices', () => {
  it('A adds three people while B adds two: all five on the server and on both devices', async () => {
    const fromA = [person('Ayşe', 0), person('Bernd', 1), person('Clara', 2)];
    const fromB = [person('Dana', 0), person('Emil', 1)];
    const pullA0 = await a.sync(fromA.map((p) => a.mutation('participant', p.id, 'create', p)));
    const pushB = await b.sync(fromB.map((p) => b.mutation('participant', p.id, 'create', p)));
    expect(pushB.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const pullA = await a.sync();
    const names = (m: Map<string, Record<string, unknown>>) =>
      [...m.values()].map((r) => r['name']).sort();
    const all = ['Ayşe', 'Bernd', 'Clara', 'Dana', 'Emil'];
    expect(names(await serverParticipants())).toEqual(all);
    expect(names(pulledParticipants(pullA0, pullA))).toEqual(all);
    expect(names(pulledParticipants(pushB))).toEqual(all);
  });

  it('A changes one person’s organisation while B changes the same person’s role: both kept, no conflict', async () => {
    const p = person('Ayşe', 0);
    const created = await a.sync([a.mutation('participant', p.id, 'create', p)]);
    const base = created.results[0]!.serverSeq!;
    await b.sync();
    await a.sync([a.mutation('participant', p.id, 'patch', { organisation: 'Caritas' }, base)]);
    const res = await b.sync([b.mutation('participant', p.id, 'patch', { role: 'Leitung' }, base)]);
    expect(res.results[0]).toMatchObject({ status: 'applied' });
    expect((await serverParticipants()).get(p.id)).toMatchObject({
      name: 'Ayşe',
      organisation: 'Caritas',
      role: 'Leitung',
    });
    expect(res.changes.filter((c) => c.entity === 'conflict')).toEqual([]);
  });

  it('the same field changed on both: first committed stays, the other is a conflict of that field only', async () => {
    const p = person('Ayşe', 0);
    const base = (await a.sync([a.mutation('participant', p.id, 'create', p)])).results[0]!
      .serverSeq!;
    await a.sync([a.mutation('participant', p.id, 'patch', { organisation: 'Caritas' }, base)]);
    const res = await b.sync([
      b.mutation('participant', p.id, 'patch', { organisation: 'AWO', role: 'Gast' }, base),
    ]);
    expect(res.results[0]).toMatchObject({ status: 'conflict' });
    expect((await serverParticipants()).get(p.id)).toMatchObject({
      organisation: 'Caritas',
      role: 'Gast',
    });
    const conflict = res.changes.find((c) => c.entity === 'conflict')!.row as ConflictRecord;
    expect(conflict).toMatchObject({ entity: 'participant', field: 'organisation' });
    expect(conflict.clientValue).toBe('AWO');
  });

  it('a visit delete tombstones its participants; a restore brings them back', async () => {
    const p = person('Ayşe', 0);
    await a.sync([a.mutation('participant', p.id, 'create', p)]);
    const del = await a.sync([a.mutation('visit', visitId, 'delete', {}, null)]);
    expect(del.changes.find((c) => c.entityId === p.id)?.deleted).toBe(true);
    const res = await a.sync([a.mutation('visit', visitId, 'restore')]);
    expect(res.changes.find((c) => c.entityId === p.id)?.deleted).toBe(false);
  });
});

describe('a schema-1 participants list (old app, or queued before the update)', () => {
  it('becomes one row per item with deterministic ids; a shorter list removes the rest', async () => {
    const list = [
      { name: 'Ayşe', organisation: 'QM', role: '' },
      { name: 'Bernd', organisation: '', role: 'Gast' },
      { name: 'Clara', organisation: 'IHK', role: '' },
    ];
    const res = await a.sync([
      legacy(a.mutation('visit', visitId, 'patch', { participants: list, goals: 'G' }, null)),
    ]);
    expect(res.results[0]).toMatchObject({ status: 'applied' });
    const rows = await serverParticipants();
    expect([...rows.keys()].sort()).toEqual([0, 1, 2].map((i) => legacyParticipantId(visitId, i)));
    expect(rows.get(legacyParticipantId(visitId, 2))).toMatchObject({
      name: 'Clara',
      organisation: 'IHK',
      order: 2,
      visitId,
      createdAt: visitCreatedAt,
    });
    const visit = (await h.record('visit', visitId))!;
    expect(visit.data).toMatchObject({ goals: 'G' });
    expect(visit.data).not.toHaveProperty('participants');
    // The entry stays shown on the device until its pull covers every row written.
    const seqs = res.changes.filter((c) => c.entity === 'participant').map((c) => c.seq);
    expect(res.results[0]!.serverSeq).toBe(Math.max(...seqs));

    const base = Number(res.cursor);
    await a.sync([
      legacy(a.mutation('visit', visitId, 'patch', { participants: list.slice(0, 2) }, base)),
    ]);
    expect([...(await serverParticipants()).keys()].sort()).toEqual(
      [0, 1].map((i) => legacyParticipantId(visitId, i)),
    );
  });

  it('a visit created with a list (queued offline before the update) gets its rows', async () => {
    const v = { ...(await h.record('visit', visitId))!.data, id: 'v-legacy' } as Record<
      string,
      unknown
    >;
    const res = await a.sync([
      legacy(
        a.mutation('visit', 'v-legacy', 'create', {
          ...v,
          participants: [{ name: 'Ayşe', organisation: 'QM', role: '' }],
        }),
      ),
    ]);
    expect(res.results[0]).toMatchObject({ status: 'applied' });
    expect((await h.record('participant', legacyParticipantId('v-legacy', 0)))?.data).toMatchObject(
      { name: 'Ayşe', visitId: 'v-legacy' },
    );
  });

  it('an invalid list is refused as a whole; a list in schema 2 is not accepted', async () => {
    const bad = await a.sync([
      legacy(a.mutation('visit', visitId, 'patch', { participants: [{ name: '' }] }, null)),
    ]);
    expect(bad.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'invalid', path: 'participants.0.name' },
    });
    const now = await a.sync([a.mutation('visit', visitId, 'patch', { participants: [] }, null)]);
    expect(now.results[0]).toMatchObject({ status: 'rejected', error: { code: 'invalid' } });
    expect((await serverParticipants()).size).toBe(0);
  });
});

describe('migration of stored participant lists', () => {
  it('turns every stored list into rows (new seqs, fields as seen): an edit queued by someone who saw the list applies without a conflict', async () => {
    const server = await startSimServer();
    try {
      const dev = syncDevice();
      const sync = async (mutations: Mutation[], cursor: string | null = dev.cursor) => {
        const res = await server.handle(
          new Request('http://sim/api/v1/sync', {
            method: 'POST',
            headers: {
              authorization: `Bearer ${server.token}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify(dev.request(mutations, { cursor })),
          }),
        );
        expect(res.status).toBe(200);
        const body = (await res.json()) as SyncResponse;
        dev.cursor = body.cursor;
        return body;
      };
      const site = siteFields();
      const visit = visitFields(site.id);
      const gone = visitFields(site.id);
      await sync([
        dev.mutation('site', site.id, 'create', site),
        dev.mutation('visit', visit.id, 'create', visit),
        dev.mutation('visit', gone.id, 'create', gone),
        dev.mutation('visit', gone.id, 'delete'),
      ]);
      // The file as a server before this change kept it: the lists on the visits.
      const list = [
        { name: 'Ayşe', organisation: 'QM', role: '' },
        { name: 'Bernd', organisation: '', role: 'Gast' },
      ];
      let listSeq = 0;
      await server.restart((file) => {
        const raw = new Database(file);
        listSeq = (
          raw
            .prepare(
              "UPDATE counters SET value = value + 1 WHERE name = 'global_seq' RETURNING value",
            )
            .get() as { value: number }
        ).value;
        for (const [id, items] of [
          [visit.id, list],
          [gone.id, list.slice(0, 1)],
        ] as const) {
          const row = raw
            .prepare(
              "SELECT data, field_versions, field_writers FROM records WHERE entity = 'visit' AND id = ?",
            )
            .get(id) as { data: string; field_versions: string; field_writers: string };
          raw
            .prepare(
              "UPDATE records SET data = ?, field_versions = ?, field_writers = ?, version = ?, seq = ? WHERE entity = 'visit' AND id = ?",
            )
            .run(
              JSON.stringify({ ...JSON.parse(row.data), participants: items }),
              JSON.stringify({ ...JSON.parse(row.field_versions), participants: listSeq }),
              JSON.stringify({
                ...fieldWritersOf(JSON.parse(row.field_versions), row.field_writers),
                participants: 'someone',
              }),
              listSeq,
              id === visit.id ? listSeq : -listSeq,
              id,
            );
        }
        // Back to just before the step: it runs again on this legacy-shaped data.
        raw.pragma(`user_version = ${PARTICIPANT_ROWS_VERSION - 1}`);
        raw.close();
      });

      const rows = server.query<{
        id: string;
        data: string;
        seq: number;
        field_versions: string;
        deleted: number;
        deleted_by_cascade: number;
      }>(
        "SELECT id, data, seq, field_versions, deleted, deleted_by_cascade FROM records WHERE entity = 'participant' ORDER BY id",
      );
      const mine = rows.filter((r) => r.id.startsWith(visit.id));
      expect(mine.map((r) => [r.id, JSON.parse(r.data).name, JSON.parse(r.data).order])).toEqual([
        [legacyParticipantId(visit.id, 0), 'Ayşe', 0],
        [legacyParticipantId(visit.id, 1), 'Bernd', 1],
      ]);
      for (const r of mine) {
        expect(r.seq).toBeGreaterThan(listSeq);
        expect(new Set(Object.values(JSON.parse(r.field_versions)))).toEqual(new Set([listSeq]));
      }
      const goneRow = rows.find((r) => r.id === legacyParticipantId(gone.id, 0))!;
      expect(goneRow).toMatchObject({ deleted: 1, deleted_by_cascade: 1 });
      const [stored] = server.query<{ data: string; field_versions: string; seq: number }>(
        "SELECT data, field_versions, seq FROM records WHERE entity = 'visit' AND id = ?",
        visit.id,
      );
      expect(JSON.parse(stored!.data)).not.toHaveProperty('participants');
      expect(JSON.parse(stored!.field_versions)).not.toHaveProperty('participants');
      expect(stored!.seq).toBeGreaterThan(Math.max(...mine.map((r) => r.seq)));

      // A device that had seen the list (base = listSeq) queued an edit of Bernd before updating.
      const edited = [list[0]!, { ...list[1]!, organisation: 'AWO' }];
      const res = await sync([
        {
          ...dev.mutation('visit', visit.id, 'patch', { participants: edited }, listSeq),
          schemaVersion: 1,
        },
      ]);
      expect(res.results[0]).toMatchObject({ status: 'applied' });
      expect(res.changes.filter((c) => c.entity === 'conflict')).toEqual([]);
      // A fresh device pulls the rows, and the visit without the list.
      const all = await sync([], null);
      const pulled = all.changes.filter((c) => c.entity === 'participant' && !c.deleted);
      expect(pulled.map((c) => [c.row!['name'], c.row!['organisation']])).toEqual([
        ['Ayşe', 'QM'],
        ['Bernd', 'AWO'],
      ]);
      expect(all.changes.find((c) => c.entityId === visit.id)!.row).not.toHaveProperty(
        'participants',
      );
    } finally {
      await server.close();
    }
  });
});
