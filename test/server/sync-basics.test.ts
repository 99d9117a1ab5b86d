import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Harness,
  makeDevice,
  makeHarness,
  observationFields,
  siteFields,
  visitFields,
} from '../support/server';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

describe('POST /api/v1/sync basics', () => {
  it('applies creates and returns them in the pull with a decimal cursor', async () => {
    const coord = await h.user('coordinator');
    const d = makeDevice(h, coord.token);
    const site = siteFields();
    const visit = visitFields(site.id);
    const res = await d.sync([
      d.mutation('site', site.id, 'create', site),
      d.mutation('visit', visit.id, 'create', visit),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(res.lastClientSeq).toBe(2);
    expect(res.changes.map((c) => c.entity)).toEqual(['site', 'visit']);
    expect(res.changes[1]!.row).toEqual(visit);
    expect(res.cursor).toMatch(/^\d+$/);
    expect(res.hasMore).toBe(false);
    const again = await d.sync();
    expect(again.changes).toEqual([]);
  });

  it('answers a replay with the stored result as duplicate', async () => {
    const coord = await h.user('coordinator');
    const d = makeDevice(h, coord.token);
    const site = siteFields();
    const m = d.mutation('site', site.id, 'create', site);
    const first = await d.sync([m]);
    const replay = await d.sync([m]);
    expect(replay.results[0]).toMatchObject({
      id: m.id,
      status: 'duplicate',
      originalStatus: 'applied',
      serverSeq: first.results[0]!.serverSeq,
    });
    expect(replay.lastClientSeq).toBe(1);
  });

  it('answers a gap with 409 and the expected clientSeq; the prefix before the gap is kept', async () => {
    const coord = await h.user('coordinator');
    const d = makeDevice(h, coord.token);
    const a = siteFields(),
      b = siteFields();
    const first = d.mutation('site', a.id, 'create', a);
    d.seq = 4;
    const res = await d.post(d.request([first, d.mutation('site', b.id, 'create', b)]));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: 'gap', expected: 2 });
    expect((await d.sync([first])).results[0]).toMatchObject({
      status: 'duplicate',
      originalStatus: 'applied',
    });
  });

  it('never adopts the numbering of a device it never saw (server restored): 409 gap from 1, so the device resends what was lost', async () => {
    const coord = await h.user('coordinator');
    const d = makeDevice(h, coord.token);
    const site = siteFields();
    d.seq = 56;
    const res = await d.post(
      d.request([d.mutation('site', site.id, 'create', site)], { cursor: '900' }),
    );
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: 'gap', expected: 1 });
  });

  it('refuses a reused clientSeq with a different mutation id (409)', async () => {
    const coord = await h.user('coordinator');
    const d = makeDevice(h, coord.token);
    const a = siteFields(),
      b = siteFields();
    await d.sync([d.mutation('site', a.id, 'create', a)]);
    d.seq = 0;
    const res = await d.post(d.request([d.mutation('site', b.id, 'create', b)]));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toBe('seq_reused');
  });

  it('keeps member writes to children working end to end', async () => {
    const coord = await h.user('coordinator');
    const member = await h.user('member');
    const c = makeDevice(h, coord.token),
      m = makeDevice(h, member.token);
    const site = siteFields();
    await c.sync([c.mutation('site', site.id, 'create', site)]);
    const visit = visitFields(site.id),
      obs = observationFields(visit.id);
    const res = await m.sync([
      m.mutation('visit', visit.id, 'create', visit),
      m.mutation('observation', obs.id, 'create', obs),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const pulled = await c.sync();
    expect(pulled.changes.map((x) => x.entityId)).toEqual([visit.id, obs.id]);
  });
});
