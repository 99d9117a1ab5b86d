import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change, ConflictRecord, SyncResponse } from '../../src/shared/protocol';
import {
  type Device,
  type Harness,
  checklistFields,
  makeDevice,
  makeHarness,
  observationFields,
  siteFields,
  twoPeopleOnVisit,
} from '../support/server';

let h: Harness;
let a: Device, b: Device;
let visitId: string, siteId: string;

const rowOf = (res: SyncResponse, id: string) =>
  res.changes.filter((c) => c.entityId === id).at(-1);
const conflictsIn = (res: SyncResponse) =>
  res.changes.filter((c) => c.entity === 'conflict').map((c) => c.row as ConflictRecord);

beforeEach(async () => {
  h = await makeHarness();
  const two = await twoPeopleOnVisit(h);
  ({ a, b } = two);
  ({ id: visitId, siteId } = two.visit);
});
afterEach(() => h.close());

const versionOf = (res: SyncResponse, id: string) => (rowOf(res, id) as Change).version;

describe('concurrent edits', () => {
  it('two clients editing the same field: first committed wins, the second becomes a conflict both see', async () => {
    const base = versionOf(await a.sync([], { cursor: null }), visitId);
    await a.sync([a.mutation('visit', visitId, 'patch', { goals: 'A' }, base)]);
    const res = await b.sync([
      b.mutation('visit', visitId, 'patch', { goals: 'B', notes: 'from B' }, base),
    ]);
    expect(res.results[0]).toMatchObject({ status: 'conflict' });
    expect(res.results[0]!.conflictIds).toHaveLength(1);
    expect(rowOf(res, visitId)!.row).toMatchObject({ goals: 'A', notes: 'from B' });
    const [conflict] = conflictsIn(res);
    expect(conflict).toMatchObject({
      entity: 'visit',
      entityId: visitId,
      kind: 'field',
      field: 'goals',
      serverValue: 'A',
      clientValue: 'B',
      status: 'open',
    });
    expect(conflictsIn(await a.sync()).map((c) => c.id)).toEqual([conflict!.id]);
  });

  it('different fields edited concurrently merge without a conflict', async () => {
    const base = versionOf(await a.sync([], { cursor: null }), visitId);
    await a.sync([a.mutation('visit', visitId, 'patch', { goals: 'A' }, base)]);
    const res = await b.sync([b.mutation('visit', visitId, 'patch', { route: 'B' }, base)]);
    expect(res.results[0]!.status).toBe('applied');
    expect(conflictsIn(res)).toEqual([]);
    expect(rowOf(res, visitId)!.row).toMatchObject({ goals: 'A', route: 'B' });
  });

  it('an edit that saw the previous one applies without a conflict', async () => {
    await a.sync([a.mutation('visit', visitId, 'patch', { goals: 'A' }, null)]);
    const seen = versionOf(await b.sync(), visitId);
    const res = await b.sync([b.mutation('visit', visitId, 'patch', { goals: 'B' }, seen)]);
    expect(res.results[0]!.status).toBe('applied');
    expect(rowOf(res, visitId)!.row).toMatchObject({ goals: 'B' });
  });

  it('a conflict resolution "mine" writes the second value and marks the conflict resolved everywhere', async () => {
    const base = versionOf(await a.sync([], { cursor: null }), visitId);
    await a.sync([a.mutation('visit', visitId, 'patch', { goals: 'A' }, base)]);
    const res = await b.sync([b.mutation('visit', visitId, 'patch', { goals: 'B' }, base)]);
    const conflictId = res.results[0]!.conflictIds![0]!;
    const resolved = await b.sync([
      b.mutation(
        'conflictResolution',
        conflictId,
        'patch',
        { conflictId, resolution: 'mine' },
        null,
      ),
    ]);
    expect(resolved.results[0]!.status).toBe('applied');
    const seenByA = await a.sync();
    expect(rowOf(seenByA, visitId)!.row).toMatchObject({ goals: 'B' });
    expect(conflictsIn(seenByA)).toMatchObject([
      { id: conflictId, status: 'resolved', resolution: 'mine' },
    ]);
  });

  it('checklist items created by two devices with the same deterministic id converge without a conflict', async () => {
    const item = checklistFields(visitId);
    await a.sync([a.mutation('checklistItem', item.id, 'create', item)]);
    const res = await b.sync([b.mutation('checklistItem', item.id, 'create', { ...item })]);
    expect(res.results[0]!.status).toBe('applied');
    expect(conflictsIn(res)).toEqual([]);
    const later = await a.sync([
      a.mutation('checklistItem', item.id, 'patch', { state: 'done' }, null),
    ]);
    expect(later.results[0]!.status).toBe('applied');
  });
});

describe('tombstones', () => {
  it('delete over unseen edits deletes and records a delete_with_unseen_edits conflict', async () => {
    const obs = observationFields(visitId);
    const created = await a.sync([a.mutation('observation', obs.id, 'create', obs)]);
    const base = created.results[0]!.serverSeq!;
    await a.sync([a.mutation('observation', obs.id, 'patch', { text: 'changed by A' }, base)]);
    const res = await b.sync([b.mutation('observation', obs.id, 'delete', {}, base)]);
    expect(res.results[0]!.status).toBe('conflict');
    expect(rowOf(res, obs.id)!.deleted).toBe(true);
    expect(conflictsIn(res)[0]).toMatchObject({
      kind: 'delete_with_unseen_edits',
      serverValue: { text: 'changed by A' },
    });
  });

  it('an edit on a deleted record does not resurrect it and is kept as an edit_on_deleted conflict; restore undeletes', async () => {
    const obs = observationFields(visitId);
    const created = await a.sync([a.mutation('observation', obs.id, 'create', obs)]);
    const base = created.results[0]!.serverSeq!;
    await a.sync([a.mutation('observation', obs.id, 'delete', {}, base)]);
    const res = await b.sync([
      b.mutation('observation', obs.id, 'patch', { text: 'late edit' }, base),
    ]);
    expect(res.results[0]!.status).toBe('conflict');
    expect(rowOf(res, obs.id)!.deleted).toBe(true);
    expect(conflictsIn(res)[0]).toMatchObject({
      kind: 'edit_on_deleted',
      clientValue: { text: 'late edit' },
    });
    const restored = await b.sync([b.mutation('observation', obs.id, 'restore')]);
    expect(rowOf(restored, obs.id)).toMatchObject({ deleted: false });
  });

  it('deleting a visit tombstones its children in the same request; restoring brings exactly those back', async () => {
    const obs = observationFields(visitId),
      gone = observationFields(visitId),
      item = checklistFields(visitId);
    await a.sync([
      a.mutation('observation', obs.id, 'create', obs),
      a.mutation('observation', gone.id, 'create', gone),
      a.mutation('checklistItem', item.id, 'create', item),
    ]);
    await a.sync([a.mutation('observation', gone.id, 'delete')]);
    const before = await b.sync();
    const del = await a.sync([
      a.mutation('visit', visitId, 'delete', {}, versionOf(before, gone.id)),
    ]);
    expect(del.results[0]!.status).toBe('applied');
    const pulled = await b.sync();
    expect(
      pulled.changes
        .filter((c) => c.deleted)
        .map((c) => c.entityId)
        .sort(),
    ).toEqual([visitId, obs.id, item.id].sort());
    const restored = await a.sync([a.mutation('visit', visitId, 'restore')]);
    expect(restored.results[0]!.status).toBe('applied');
    const after = await b.sync();
    expect(
      after.changes
        .filter((c) => !c.deleted)
        .map((c) => c.entityId)
        .sort(),
    ).toEqual([visitId, obs.id, item.id].sort());
    expect(after.changes.find((c) => c.entityId === gone.id)).toBeUndefined();
  });

  it('a child created offline on a deleted visit is kept as a tombstone with a conflict, and comes back with the visit', async () => {
    await a.sync([a.mutation('visit', visitId, 'delete')]);
    const obs = observationFields(visitId);
    const res = await b.sync([b.mutation('observation', obs.id, 'create', obs)]);
    expect(res.results[0]!.status).toBe('conflict');
    expect(rowOf(res, obs.id)).toMatchObject({ deleted: true });
    await a.sync([a.mutation('visit', visitId, 'restore')]);
    expect(rowOf(await b.sync(), obs.id)).toMatchObject({ deleted: false });
  });
});

describe('reset', () => {
  it('answers a cursor ahead of the server (data wiped) with reset and a page from the start', async () => {
    const res = await a.sync([], { cursor: '999999' });
    expect(res.reset).toEqual({ reason: 'cursor_too_old' });
    expect(res.changes.map((c) => c.entityId)).toEqual([siteId, visitId]);
  });

  it('answers with scope_changed after the user got another scope, until the device pulls from scratch', async () => {
    const qm = await h.user('quartiersmanagement', siteId);
    const d = makeDevice(h, qm.token);
    const seen = (await d.sync()).cursor;
    const other = siteFields();
    await a.sync([a.mutation('site', other.id, 'create', other)]);
    await h.app.accounts.updateUser(qm.id, { siteId: other.id });
    const res = await d.sync([]);
    expect(res.reset).toEqual({ reason: 'scope_changed' });
    const retry = await d.sync([], { cursor: seen });
    expect(retry.reset).toEqual({ reason: 'scope_changed' });
    const fresh = await d.sync([], { cursor: null });
    expect(fresh.reset).toBeUndefined();
    expect(fresh.changes.map((c) => c.entityId)).toEqual([other.id]);
    expect((await d.sync()).reset).toBeUndefined();
  });
});

describe('paging', () => {
  it('pages by pullLimit with hasMore and never skips a row', async () => {
    const obs = Array.from({ length: 7 }, () => observationFields(visitId));
    await a.sync(obs.map((o) => a.mutation('observation', o.id, 'create', o)));
    const seen: string[] = [];
    const d = makeDevice(h, b.token);
    for (let i = 0; i < 10; i++) {
      const res = await d.sync([], { pullLimit: 3 });
      seen.push(...res.changes.map((c) => c.entityId));
      if (!res.hasMore) break;
    }
    expect(seen).toEqual([siteId, visitId, ...obs.map((o) => o.id)]);
  });
});

describe('visit delete over unseen child edits', () => {
  it("lists the children someone else changed unseen in a conflict; 'theirs' brings visit and children back", async () => {
    const seen = versionOf(await a.sync([], { cursor: null }), visitId);
    const obs = observationFields(visitId);
    await b.sync([b.mutation('observation', obs.id, 'create', obs)]);
    const del = await a.sync([a.mutation('visit', visitId, 'delete', {}, seen)]);
    expect(del.results[0]!.status).toBe('conflict');
    const conflict = conflictsIn(del)[0]!;
    expect(conflict).toMatchObject({
      entity: 'visit',
      kind: 'delete_with_unseen_edits',
      serverValue: { children: [{ entity: 'observation', id: obs.id }] },
    });
    await b.sync([
      b.mutation('conflictResolution', conflict.id, 'patch', {
        conflictId: conflict.id,
        resolution: 'theirs',
      }),
    ]);
    const after = await a.sync();
    expect(rowOf(after, visitId)!.deleted).toBe(false);
    expect(rowOf(after, obs.id)!.deleted).toBe(false);
  });

  it('children the deleting device wrote itself are not unseen', async () => {
    const seen = versionOf(await a.sync([], { cursor: null }), visitId);
    const obs = observationFields(visitId);
    await a.sync([a.mutation('observation', obs.id, 'create', obs)]);
    const del = await a.sync([a.mutation('visit', visitId, 'delete', {}, seen)]);
    expect(del.results[0]!.status).toBe('applied');
  });
});

describe('visit delete after pulling the child edits', () => {
  it('is no conflict: the device had seen the edits (causally ordered)', async () => {
    const obs = observationFields(visitId);
    await b.sync([b.mutation('observation', obs.id, 'create', obs)]);
    const pulled = await a.sync();
    expect(rowOf(pulled, obs.id)).toBeDefined();
    const del = await a.sync([
      a.mutation(
        'visit',
        visitId,
        'delete',
        {},
        versionOf(await a.sync([], { cursor: null }), visitId),
      ),
    ]);
    expect(del.results[0]!.status).toBe('applied');
  });
});
