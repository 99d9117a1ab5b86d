// conflictResolution mutations: each kind × resolution ends as documented in
// src/server/sync/resolve-conflict.ts, and a resolution is authorized like an edit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConflictRecord, SyncResponse } from '../../src/shared/protocol';
import {
  type Device,
  type Harness,
  makeDevice,
  makeHarness,
  observationFields,
  seedVisit,
  siteFields,
} from '../support/server';

let h: Harness;
let a: Device, b: Device;
let visitId: string, siteId: string;
beforeEach(async () => {
  h = await makeHarness();
  a = makeDevice(h, (await h.user('coordinator')).token);
  b = makeDevice(h, (await h.user('member')).token);
  ({ id: visitId, siteId } = (await seedVisit(a)).visit);
});
afterEach(() => h.close());

const row = (res: SyncResponse, id: string) => res.changes.filter((c) => c.entityId === id).at(-1);
const resolve = (d: Device, conflictId: string, resolution: string, value?: unknown) =>
  d.sync([
    d.mutation('conflictResolution', conflictId, 'patch', {
      conflictId,
      resolution,
      ...(value !== undefined ? { value } : {}),
    }),
  ]);

async function fieldConflict() {
  const obs = observationFields(visitId);
  const base = (await a.sync([a.mutation('observation', obs.id, 'create', obs)])).results[0]!
    .serverSeq!;
  await a.sync([a.mutation('observation', obs.id, 'patch', { text: 'A' }, base)]);
  const res = await b.sync([b.mutation('observation', obs.id, 'patch', { text: 'B' }, base)]);
  return { obs, conflictId: res.results[0]!.conflictIds![0]! };
}

describe('conflict resolution', () => {
  it("field: 'theirs' keeps the first value, 'edited' writes the given value", async () => {
    const one = await fieldConflict();
    await resolve(b, one.conflictId, 'theirs');
    const after = await a.sync([], { cursor: null });
    expect(row(after, one.obs.id)!.row).toMatchObject({ text: 'A' });
    expect(after.changes.find((c) => c.entityId === one.conflictId)!.row).toMatchObject({
      status: 'resolved',
      resolution: 'theirs',
    });
    const two = await fieldConflict();
    await resolve(b, two.conflictId, 'edited', 'A und B');
    const res = await a.sync();
    expect(row(res, two.obs.id)!.row).toMatchObject({ text: 'A und B' });
    expect(
      res.changes
        .filter((c) => c.entity === 'conflict')
        .map((c) => (c.row as ConflictRecord).resolution),
    ).toContain('edited');
  });

  it('an edited value that breaks the schema is rejected and the conflict stays open', async () => {
    const { conflictId } = await fieldConflict();
    const res = await resolve(b, conflictId, 'edited', 42);
    expect(res.results[0]).toMatchObject({ status: 'rejected', error: { code: 'invalid' } });
    const again = await resolve(b, conflictId, 'theirs');
    expect(again.results[0]!.status).toBe('applied');
  });

  it("edit_on_deleted: 'mine' restores the record with the late edit; 'theirs' leaves it deleted", async () => {
    const obs = observationFields(visitId);
    const base = (await a.sync([a.mutation('observation', obs.id, 'create', obs)])).results[0]!
      .serverSeq!;
    await a.sync([a.mutation('observation', obs.id, 'delete', {}, base)]);
    const res = await b.sync([b.mutation('observation', obs.id, 'patch', { text: 'late' }, base)]);
    await resolve(b, res.results[0]!.conflictIds![0]!, 'mine');
    expect(row(await a.sync(), obs.id)).toMatchObject({ deleted: false, row: { text: 'late' } });

    const other = observationFields(visitId);
    const base2 = (await a.sync([a.mutation('observation', other.id, 'create', other)])).results[0]!
      .serverSeq!;
    await a.sync([a.mutation('observation', other.id, 'delete', {}, base2)]);
    const res2 = await b.sync([
      b.mutation('observation', other.id, 'patch', { text: 'late' }, base2),
    ]);
    await resolve(b, res2.results[0]!.conflictIds![0]!, 'theirs');
    expect(row(await a.sync([], { cursor: null }), other.id)).toMatchObject({ deleted: true });
  });

  it("delete_with_unseen_edits: 'theirs' restores the edited record", async () => {
    const obs = observationFields(visitId);
    const base = (await a.sync([a.mutation('observation', obs.id, 'create', obs)])).results[0]!
      .serverSeq!;
    await a.sync([a.mutation('observation', obs.id, 'patch', { text: 'edited' }, base)]);
    const res = await b.sync([b.mutation('observation', obs.id, 'delete', {}, base)]);
    await resolve(a, res.results[0]!.conflictIds![0]!, 'theirs');
    expect(row(await b.sync(), obs.id)).toMatchObject({ deleted: false, row: { text: 'edited' } });
  });

  it("another site's quartiersmanagement cannot resolve (not_found); an unknown conflict id is rejected", async () => {
    const { conflictId } = await fieldConflict();
    const other = siteFields();
    await a.sync([a.mutation('site', other.id, 'create', other)]);
    const qm = makeDevice(h, (await h.user('quartiersmanagement', other.id)).token);
    expect((await resolve(qm, conflictId, 'mine')).results[0]!.error!.code).toBe('not_found');
    expect((await resolve(b, 'no-such-conflict', 'mine')).results[0]!.error!.code).toBe(
      'not_found',
    );
    const own = makeDevice(h, (await h.user('quartiersmanagement', siteId)).token);
    expect((await resolve(own, conflictId, 'mine')).results[0]!.status).toBe('applied');
  });
});
