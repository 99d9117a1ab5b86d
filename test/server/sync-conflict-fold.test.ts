// One disagreement, one conflict (docs/architecture.md §Merge): a device's later saves of a field
// it is already in conflict over, all on the base the person saw, join that open conflict, which
// then holds the latest value. Another device or account, a decided conflict, a standing value
// that moved on, or another record makes a conflict of its own.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/server/store/sqlite/migrations';
import type { HistoryPage } from '../../src/shared/history';
import type { ConflictRecord, SyncResponse } from '../../src/shared/protocol';
import {
  type Device,
  type Harness,
  makeDevice,
  makeHarness,
  observationFields,
  seedVisit,
  twoPeopleOnVisit,
} from '../support/server';

let h: Harness;
let coord: Awaited<ReturnType<Harness['user']>>;
let member: Awaited<ReturnType<Harness['user']>>;
let a: Device, b: Device;
let visitId: string;
/** The visit's version both devices saw before A's edit. */
let base: number;

const conflictsIn = (res: SyncResponse) =>
  res.changes.filter((c) => c.entity === 'conflict').map((c) => c.row as ConflictRecord);
/** The open conflicts as stored, oldest first (read beside the server, as an operator would). */
function openConflicts() {
  const raw = new Database(h.dbFile, { readonly: true });
  try {
    return raw
      .prepare(
        `SELECT entity_id, field, server_value, client_value, author_id FROM conflicts
         WHERE status = 'open' ORDER BY seq`,
      )
      .all();
  } finally {
    raw.close();
  }
}
const goals = (id: string, value: string, d: Device = b, at = base) =>
  d.mutation('visit', id, 'patch', { goals: value }, at);
const resolve = (d: Device, conflictId: string, resolution: 'mine' | 'theirs') =>
  d.sync([d.mutation('conflictResolution', conflictId, 'patch', { conflictId, resolution })]);

beforeEach(async () => {
  h = await makeHarness();
  const two = await twoPeopleOnVisit(h);
  ({ coord, member, a, b } = two);
  visitId = two.visit.id;
  base = (await a.sync([], { cursor: null })).changes.find((c) => c.entityId === visitId)!.version;
  await b.sync();
  // A changes the goals; B, not having pulled that, saves its own goals several times.
  await a.sync([goals(visitId, 'A', a)]);
});
afterEach(() => h.close());

describe('one conflict per field per device', () => {
  it('three saves of one field make one conflict holding the last value; the other side pulls one row', async () => {
    const first = await b.sync([goals(visitId, 'B1')]);
    const later = await b.sync([goals(visitId, 'B12'), goals(visitId, 'B123')]);
    const ids = [...first.results, ...later.results].map((r) => r.conflictIds);
    const id = ids[0]![0]!;
    expect(ids).toEqual([[id], [id], [id]]);
    expect([...first.results, ...later.results].map((r) => r.status)).toEqual([
      'conflict',
      'conflict',
      'conflict',
    ]);
    const pulled = conflictsIn(await a.sync());
    expect(pulled).toHaveLength(1);
    expect(pulled[0]).toMatchObject({
      id,
      field: 'goals',
      serverValue: 'A',
      clientValue: 'B123',
      mutationId: later.results[1]!.id,
      authorId: member.id,
      serverAuthorId: coord.id,
      status: 'open',
    });
    // B already holds the row from its first push; the fold moved it to a new seq, so it comes again.
    expect(conflictsIn(later).map((c) => [c.id, c.clientValue])).toEqual([[id, 'B123']]);
    expect(openConflicts()).toHaveLength(1);
    // The author's record bytes count the values the conflict keeps now, not every save's.
    expect(await h.read((tx) => tx.sync.usage(member.id))).toBe(
      Buffer.byteLength(JSON.stringify(['A', 'B123'])),
    );
  });

  it('every save stays in the record’s history under the one conflict', async () => {
    await b.sync([goals(visitId, 'B1'), goals(visitId, 'B12')]);
    const res = await h.req(`/api/v1/history/visit/${visitId}`, { token: coord.token });
    const page = (await res.json()) as HistoryPage;
    const rows = page.entries.filter((e) => e.op === 'conflict');
    expect(rows.map((e) => [e.field, e.to, e.by?.id])).toEqual([
      ['goals', 'B1', member.id],
      ['goals', 'B12', member.id],
    ]);
    expect(new Set(rows.map((e) => e.conflictId)).size).toBe(1);
  });

  it('"mine" on a joined conflict writes the latest value', async () => {
    const res = await b.sync([goals(visitId, 'B1'), goals(visitId, 'B12'), goals(visitId, 'B123')]);
    const id = res.results[0]!.conflictIds![0]!;
    await a.sync();
    expect((await resolve(a, id, 'mine')).results[0]!.status).toBe('applied');
    const seen = await b.sync();
    expect(seen.changes.find((c) => c.entityId === visitId)!.row).toMatchObject({
      goals: 'B123',
    });
    expect(conflictsIn(seen)).toMatchObject([{ id, status: 'resolved', resolution: 'mine' }]);
  });

  it('a decision on an earlier save keeps the later one, which nobody deciding saw, open', async () => {
    const first = await b.sync([goals(visitId, 'B1')]);
    const id = first.results[0]!.conflictIds![0]!;
    const seen = first.results[0]!.id;
    await a.sync();
    await b.sync([goals(visitId, 'B12')]);
    // A decided on B1 before pulling B12: the decision stands, B12 stays open against A.
    const usage = await h.read((tx) => tx.sync.usage(coord.id));
    const decided = await a.sync([
      a.mutation('conflictResolution', id, 'patch', { conflictId: id, resolution: 'theirs', seen }),
    ]);
    expect(decided.results[0]!.status).toBe('applied');
    const [reopened] = decided.results[0]!.conflictIds!;
    expect(reopened).not.toBe(id);
    expect(await h.read((tx) => tx.sync.conflict(id))).toMatchObject({
      status: 'resolved',
      resolution: 'theirs',
    });
    // The decider's record bytes carry the reopened values (its quota bounds reopening).
    expect((await h.read((tx) => tx.sync.usage(coord.id))) - usage).toBe(
      Buffer.byteLength(JSON.stringify(['A', 'B12'])),
    );
    expect(conflictsIn(await b.sync()).find((c) => c.id === reopened)).toMatchObject({
      field: 'goals',
      serverValue: 'A',
      clientValue: 'B12',
      authorId: member.id,
      serverAuthorId: coord.id,
      status: 'open',
    });
    // An edit decided on the earlier save: B12 stays open against the edited value.
    const edited = await a.sync([
      a.mutation('conflictResolution', reopened!, 'patch', {
        conflictId: reopened,
        resolution: 'edited',
        value: 'E',
        seen: first.results[0]!.id,
      }),
    ]);
    expect(openConflicts()).toEqual([
      {
        entity_id: visitId,
        field: 'goals',
        server_value: '"E"',
        client_value: '"B12"',
        author_id: member.id,
      },
    ]);
    expect(edited.results[0]!.conflictIds).toHaveLength(1);
  });

  it('a decision on the latest save, or "mine" on an earlier one, leaves nothing open', async () => {
    await b.sync([goals(visitId, 'B1')]);
    const later = await b.sync([goals(visitId, 'B12')]);
    const id = later.results[0]!.conflictIds![0]!;
    await a.sync();
    const seen = later.results[0]!.id;
    const decided = await a.sync([
      a.mutation('conflictResolution', id, 'patch', { conflictId: id, resolution: 'theirs', seen }),
    ]);
    expect(decided.results[0]!.conflictIds).toBeUndefined();
    const again = await b.sync([goals(visitId, 'B123')]);
    const next = again.results[0]!.conflictIds![0]!;
    await b.sync([goals(visitId, 'B1234')]);
    const mine = await a.sync([
      a.mutation('conflictResolution', next, 'patch', {
        conflictId: next,
        resolution: 'mine',
        seen: again.results[0]!.id,
      }),
    ]);
    expect(mine.results[0]!.conflictIds).toBeUndefined();
    expect(openConflicts()).toEqual([]);
    expect((await h.record('visit', visitId))!.data['goals']).toBe('B1234');
  });

  it('another device of the same account gets a conflict of its own', async () => {
    const b2 = makeDevice(h, member.token);
    await b2.sync();
    const one = await b.sync([goals(visitId, 'B1')]);
    const two = await b2.sync([goals(visitId, 'B2', b2)]);
    expect(two.results[0]!.conflictIds![0]).not.toBe(one.results[0]!.conflictIds![0]);
    expect(openConflicts()).toMatchObject([{ client_value: '"B1"' }, { client_value: '"B2"' }]);
  });

  it('another account gets a conflict of its own', async () => {
    const other = await h.user('member');
    const c = makeDevice(h, other.token);
    await c.sync();
    await b.sync([goals(visitId, 'B1')]);
    await c.sync([goals(visitId, 'C1', c)]);
    expect(openConflicts()).toMatchObject([
      { author_id: member.id, client_value: '"B1"' },
      { author_id: other.id, client_value: '"C1"' },
    ]);
  });

  it('a decided conflict is never reopened: a later save makes a new one', async () => {
    const first = await b.sync([goals(visitId, 'B1')]);
    const id = first.results[0]!.conflictIds![0]!;
    await a.sync();
    await resolve(a, id, 'theirs');
    const later = await b.sync([goals(visitId, 'B12')]);
    expect(later.results[0]!.status).toBe('conflict');
    expect(later.results[0]!.conflictIds![0]).not.toBe(id);
    expect(await h.read((tx) => tx.sync.conflict(id))).toMatchObject({
      status: 'resolved',
      clientValue: 'B1',
    });
    expect(openConflicts()).toMatchObject([{ server_value: '"A"', client_value: '"B12"' }]);
  });

  it('a standing value that moved on makes a new conflict; the earlier one keeps its value', async () => {
    const first = await b.sync([goals(visitId, 'B1')]);
    // A's own last write of the field: seen, so C replaces A without a conflict.
    await a.sync([goals(visitId, 'C', a)]);
    const later = await b.sync([goals(visitId, 'B12')]);
    expect(later.results[0]!.conflictIds![0]).not.toBe(first.results[0]!.conflictIds![0]);
    expect(openConflicts()).toMatchObject([
      { server_value: '"A"', client_value: '"B1"' },
      { server_value: '"C"', client_value: '"B12"' },
    ]);
  });

  it('a conflict over another record is never joined, and stays as it was', async () => {
    const { visit: other } = await seedVisit(a);
    const otherBase = (await b.sync()).changes.find((c) => c.entityId === other.id)!.version;
    await a.sync([goals(other.id, 'A', a, otherBase)]);
    const here = await b.sync([goals(visitId, 'B1')]);
    const there = await b.sync([goals(other.id, 'B1', b, otherBase)]);
    expect(there.results[0]!.conflictIds![0]).not.toBe(here.results[0]!.conflictIds![0]);
    await a.sync();
    const later = await b.sync([goals(other.id, 'B12', b, otherBase)]);
    expect(later.results[0]!.conflictIds).toEqual(there.results[0]!.conflictIds);
    // Only the joined conflict moved: A pulls that one, with the new value.
    expect(conflictsIn(await a.sync()).map((c) => [c.entityId, c.clientValue])).toEqual([
      [other.id, 'B12'],
    ]);
    expect(openConflicts()).toMatchObject([
      { entity_id: visitId, client_value: '"B1"' },
      { entity_id: other.id, client_value: '"B12"' },
    ]);
  });

  it('other kinds of conflict are recorded one per mutation, as before', async () => {
    const obs = observationFields(visitId);
    const created = await a.sync([a.mutation('observation', obs.id, 'create', obs)]);
    const at = created.results[0]!.serverSeq!;
    await b.sync();
    await a.sync([a.mutation('observation', obs.id, 'delete', {}, at)]);
    const res = await b.sync([
      b.mutation('observation', obs.id, 'patch', { text: 'eins' }, at),
      b.mutation('observation', obs.id, 'patch', { text: 'zwei' }, at),
    ]);
    const ids = res.results.flatMap((r) => r.conflictIds ?? []);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  it('conflicts recorded before the device was kept get it from the applied mutation, and are joined', async () => {
    const first = await b.sync([goals(visitId, 'B1')]);
    const raw = new Database(h.dbFile);
    raw.exec('UPDATE conflicts SET client_id = NULL');
    // Back to the step before (migration 11); the later steps replay harmlessly.
    raw.pragma('user_version = 10');
    migrate(raw);
    expect(raw.prepare('SELECT client_id FROM conflicts').all()).toEqual([
      { client_id: b.clientId },
    ]);
    raw.close();
    const later = await b.sync([goals(visitId, 'B12')]);
    expect(later.results[0]!.conflictIds).toEqual(first.results[0]!.conflictIds);
  });
});
