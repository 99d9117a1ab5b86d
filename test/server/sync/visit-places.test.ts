// A push reads each visit's place once for all the children it writes to it (apply-mutation.ts,
// ApplyContext.visitPlaces). A mutation of the same push that may change the visit (the visit
// itself, a site, a conflict resolution) makes the children after it read the visit again, so
// what one push does is what the same mutations in separate pushes do.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncResponse } from '../../../src/shared/protocol';
import {
  type Device,
  type Harness,
  makeDevice,
  makeHarness,
  observationFields,
  seedVisit,
} from '../../support/server';
import { visitFields } from '../../support/rows';

let h: Harness;
let a: Device;
let visitId: string, siteId: string;

const rowOf = (res: SyncResponse, id: string) =>
  res.changes.filter((c) => c.entityId === id).at(-1);
/** The device's whole feed again, from the start. */
const everything = () => a.sync([], { cursor: null });

beforeEach(async () => {
  h = await makeHarness();
  a = makeDevice(h, (await h.user('coordinator')).token);
  ({ id: visitId, siteId } = (await seedVisit(a)).visit);
});
afterEach(() => h.close());

describe('visit places within one push', () => {
  it('a child after the visit was deleted in the same push is kept as a tombstone with a conflict', async () => {
    const base = rowOf(await everything(), visitId)!.version;
    const first = observationFields(visitId),
      second = observationFields(visitId);
    const res = await a.sync([
      a.mutation('observation', first.id, 'create', first),
      a.mutation('visit', visitId, 'delete', {}, base),
      a.mutation('observation', second.id, 'create', second),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'conflict']);
    const pulled = await everything();
    expect(rowOf(pulled, first.id)).toMatchObject({ deleted: true });
    expect(rowOf(pulled, second.id)).toMatchObject({ deleted: true });
  });

  it('a child after the visit was restored in the same push is live', async () => {
    await a.sync([a.mutation('visit', visitId, 'delete')]);
    const gone = observationFields(visitId),
      back = observationFields(visitId);
    const res = await a.sync([
      a.mutation('observation', gone.id, 'create', gone),
      a.mutation('visit', visitId, 'restore'),
      a.mutation('observation', back.id, 'create', back),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['conflict', 'applied', 'applied']);
    expect(rowOf(await everything(), back.id)).toMatchObject({ deleted: false });
  });

  it('a child of a visit the push creates after it was refused is applied after the create', async () => {
    const visit = visitFields(siteId);
    const early = observationFields(visit.id),
      late = observationFields(visit.id);
    const res = await a.sync([
      a.mutation('observation', early.id, 'create', early),
      a.mutation('visit', visit.id, 'create', visit),
      a.mutation('observation', late.id, 'create', late),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['rejected', 'applied', 'applied']);
    expect(res.results[0]).toMatchObject({ error: { code: 'parent_missing' } });
  });
});
