import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RejectionRecord } from '../../src/shared/protocol';
import {
  type Harness,
  makeDevice,
  makeHarness,
  observationFields,
  seedVisit,
  siteFields,
} from '../support/server';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

async function setup() {
  const coord = await h.user('coordinator');
  const member = await h.user('member');
  const c = makeDevice(h, coord.token),
    m = makeDevice(h, member.token);
  return { c, m, ...(await seedVisit(c)) };
}

describe('rejections never block the queue', () => {
  it('an invalid payload is rejected with the failing path, later mutations still apply, lastClientSeq advances', async () => {
    const { m, visit } = await setup();
    const bad = { ...observationFields(visit.id), rating: 9 };
    const good = observationFields(visit.id);
    const res = await m.sync([
      m.mutation('observation', bad.id, 'create', bad),
      m.mutation('observation', good.id, 'create', good),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
    expect(res.results[0]!.error).toMatchObject({ code: 'invalid', path: 'rating' });
    expect(res.lastClientSeq).toBe(2);
    const rej = res.changes.find((c) => c.entity === 'rejection')!.row as RejectionRecord;
    expect(rej).toMatchObject({
      mutationId: res.results[0]!.id,
      clientId: m.clientId,
      code: 'invalid',
      path: 'rating',
      entity: 'observation',
    });
    expect((rej.payload as { fields: unknown }).fields).toEqual(bad);
  });

  it('a patch of an immutable field is rejected', async () => {
    const { m, visit } = await setup();
    const res = await m.sync([m.mutation('visit', visit.id, 'patch', { siteId: 'elsewhere' })]);
    expect(res.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'immutable_field', path: 'siteId' },
    });
  });

  it('a patch with an unknown field or a wrong type is rejected', async () => {
    const { m, visit } = await setup();
    const res = await m.sync([
      m.mutation('visit', visit.id, 'patch', { colour: 'red' }),
      m.mutation('visit', visit.id, 'patch', { goals: 42 }),
    ]);
    expect(res.results.map((r) => r.error?.code)).toEqual(['invalid', 'invalid']);
    expect(res.results[1]!.error!.path).toBe('goals');
  });

  it('a create whose fields.id differs from entityId, or on a missing parent, is rejected', async () => {
    const { m } = await setup();
    const orphan = observationFields('no-such-visit');
    const res = await m.sync([
      m.mutation('observation', 'other-id', 'create', orphan),
      m.mutation('observation', orphan.id, 'create', orphan),
    ]);
    expect(res.results.map((r) => r.error?.code)).toEqual(['invalid', 'parent_missing']);
  });

  it('a forbidden mutation is a rejection record that only its author receives', async () => {
    const { c, m } = await setup();
    const site = siteFields();
    const res = await m.sync([m.mutation('site', site.id, 'create', site)]);
    expect(res.results[0]).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    expect(res.changes.filter((x) => x.entity === 'rejection')).toHaveLength(1);
    const other = await c.sync();
    expect(other.changes.filter((x) => x.entity === 'rejection' || x.entityId === site.id)).toEqual(
      [],
    );
  });

  it('a replayed rejected mutation answers the stored rejection as duplicate without a second record', async () => {
    const { m } = await setup();
    const site = siteFields();
    const mut = m.mutation('site', site.id, 'create', site);
    const first = await m.sync([mut]);
    const replay = await m.sync([mut], { cursor: first.cursor });
    expect(replay.results[0]).toMatchObject({
      status: 'duplicate',
      originalStatus: 'rejected',
      error: { code: 'forbidden' },
    });
    expect(replay.changes).toEqual([]);
  });

  it('a mutation with an unknown entity or op is a rejection for that mutation only, not a 400 for the request', async () => {
    const { m, visit } = await setup();
    const good = observationFields(visit.id);
    const res = await m.sync([
      { ...m.mutation('site', 'x', 'create'), entity: 'template' } as never,
      { ...m.mutation('visit', visit.id, 'patch', { goals: 'x' }), op: 'explode' } as never,
      m.mutation('observation', good.id, 'create', good),
    ]);
    expect(res.results.map((r) => [r.status, r.error?.path])).toEqual([
      ['rejected', 'entity'],
      ['rejected', 'op'],
      ['applied', undefined],
    ]);
    expect(res.lastClientSeq).toBe(3);
    expect(
      res.changes
        .filter((c) => c.entity === 'rejection')
        .map((c) => (c.row as RejectionRecord).entity),
    ).toEqual(['template', 'visit']);
  });

  it('a create with a field the server does not know is rejected, not silently trimmed', async () => {
    const { m, visit } = await setup();
    const obs = { ...observationFields(visit.id), mood: 'sunny' };
    const res = await m.sync([m.mutation('observation', obs.id, 'create', obs)]);
    expect(res.results[0]).toMatchObject({ status: 'rejected', error: { code: 'invalid' } });
  });

  it('patching a record that does not exist is rejected as not_found', async () => {
    const { m } = await setup();
    const res = await m.sync([m.mutation('observation', 'nope', 'patch', { text: 'x' })]);
    expect(res.results[0]!.error!.code).toBe('not_found');
  });
});
