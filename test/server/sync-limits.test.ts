// The server's limits in process (docs/architecture.md §Push step 3, §Pull): a mutation over the
// account's record quota is taken back whole (its savepoint), conflict values count towards it,
// the bytes freed by shrinking are the writer's, and byte-bounded pages never skip or repeat a row.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_LIMITS } from '../../src/server/config';
import { type Change, MAX_PULL_LIMIT, type SyncResponse } from '../../src/shared/protocol';
import {
  type Harness,
  checklistFields,
  codes,
  makeDevice,
  makeHarness,
  observationFields,
  siteFields,
  visitFields,
} from '../support/server';
import { spyOnStore } from '../support/store-spy';

let h: Harness;
const saved = { ...SYNC_LIMITS };
beforeAll(async () => {
  h = await makeHarness();
});
afterEach(() => Object.assign(SYNC_LIMITS, saved));
afterAll(() => h.close());

/** The record bytes charged to the account (docs/architecture.md §Push step 3). */
const usageOf = (userId: string) => h.read((tx) => tx.sync.usage(userId));

async function siteWithVisit() {
  const coord = await h.user('coordinator');
  const d = makeDevice(h, coord.token);
  const site = siteFields();
  const visit = visitFields(site.id);
  await d.sync([
    d.mutation('site', site.id, 'create', site),
    d.mutation('visit', visit.id, 'create', visit),
  ]);
  return { site, visit };
}

describe('record quota', () => {
  it('a conflict that would pass the quota is refused, and nothing of its mutation stays', async () => {
    const { site, visit } = await siteWithVisit();
    const qm = await h.user('quartiersmanagement', site.id);
    const a = makeDevice(h, qm.token);
    const b = makeDevice(h, qm.token);
    const obs = observationFields(visit.id);
    const created = await a.sync([a.mutation('observation', obs.id, 'create', obs)]);
    const base = created.results[0]!.serverSeq!;
    await b.sync([b.mutation('observation', obs.id, 'patch', { text: 'b'.repeat(3_000) }, base)]);
    const used = await usageOf(qm.id);
    SYNC_LIMITS.recordQuotaBytes = used + 2_000;
    // Device a has not seen b's text: its edit would be kept as a conflict of 3 000 bytes.
    const late = await a.sync([
      a.mutation('observation', obs.id, 'patch', { text: 'a'.repeat(3_000), place: 'x' }, base),
    ]);
    expect(late.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'quota_exceeded' },
    });
    expect(late.changes.filter((c) => c.entity === 'conflict')).toEqual([]);
    const row = (await h.record('observation', obs.id))!;
    expect(row.data['text']).toBe('b'.repeat(3_000));
    expect(row.data['place']).toBe('');
    // Nothing was charged: the payload did not fit the room left, so the rejection keeps its envelope.
    expect(await usageOf(qm.id)).toBe(used);
    const rejection = late.changes.find((c) => c.entity === 'rejection');
    expect(rejection?.row?.['payload']).toMatchObject({ truncated: true, op: 'patch' });
    expect(rejection?.row?.['payload']).not.toHaveProperty('fields');
  });

  it('a refusal in the middle of a push takes back only its own mutation; the others apply once', async () => {
    const { site, visit } = await siteWithVisit();
    const qm = await h.user('quartiersmanagement', site.id);
    const d = makeDevice(h, qm.token);
    SYNC_LIMITS.recordQuotaBytes = (await usageOf(qm.id)) + 4_000;
    const first = observationFields(visit.id);
    const tooBig = { ...observationFields(visit.id), text: 't'.repeat(5_000) };
    const last = observationFields(visit.id);
    const push = [
      d.mutation('observation', first.id, 'create', first),
      d.mutation('observation', tooBig.id, 'create', tooBig),
      d.mutation('observation', last.id, 'create', last),
    ];
    const res = await d.sync(push);
    expect(codes(res)).toEqual(['applied', 'quota_exceeded', 'applied']);
    expect(res.lastClientSeq).toBe(3);
    const seqs = res.results.map((r) => r.serverSeq!);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(3);
    expect(await h.record('observation', tooBig.id)).toBeNull();
    for (const o of [first, last]) {
      expect(await h.record('observation', o.id)).toMatchObject({ data: o });
      // One create row holding the fields the create set (history-writer.ts), not twice.
      const rows = await h.read((tx) => tx.history.ofRecord('observation', o.id, 0, 100));
      expect(rows.map((r) => [r.op, Object.keys(r.value as object)])).toEqual([
        ['create', ['kind', 'perspective', 'text', 'place', 'author']],
      ]);
    }
    expect(await h.read((tx) => tx.history.ofRecord('observation', tooBig.id, 0, 100))).toEqual([]);
    const usage = await usageOf(qm.id);
    const again = await d.sync(push);
    expect(again.results.map((r) => [r.status, r.originalStatus, r.serverSeq])).toEqual(
      res.results.map((r) => ['duplicate', r.status, r.serverSeq]),
    );
    expect(await usageOf(qm.id)).toBe(usage);
  });

  it('charges growth to the writer and credits shrinking to the writer', async () => {
    const { site, visit } = await siteWithVisit();
    const one = await h.user('quartiersmanagement', site.id);
    const two = await h.user('quartiersmanagement', site.id);
    const d1 = makeDevice(h, one.token);
    const d2 = makeDevice(h, two.token);
    const obs = { ...observationFields(visit.id), text: 'x'.repeat(5_000) };
    const r = await d1.sync([d1.mutation('observation', obs.id, 'create', obs)]);
    const afterCreate = await usageOf(one.id);
    expect(afterCreate).toBeGreaterThan(5_000);
    await d2.sync([
      d2.mutation('observation', obs.id, 'patch', { text: 'y' }, r.results[0]!.serverSeq!),
    ]);
    expect(await usageOf(one.id)).toBe(afterCreate);
    expect(await usageOf(two.id)).toBe(-4_999);
  });
});

describe('visit cascade', () => {
  it("deletes and restores a visit's children by their flags, never reading their content", async () => {
    const { visit } = await siteWithVisit();
    const coord = await h.user('coordinator');
    const d = makeDevice(h, coord.token);
    const kids = Array.from({ length: 3 }, () => ({
      ...observationFields(visit.id),
      text: 'k'.repeat(8_000),
    }));
    await d.sync(kids.map((o) => d.mutation('observation', o.id, 'create', o)));
    const usage = await usageOf(coord.id);
    const reads = spyOnStore(h.db, 'sync', ['childrenOfVisit', 'childStates']);
    try {
      const del = await d.sync([d.mutation('visit', visit.id, 'delete', {}, null)]);
      expect(del.results[0]!.status).toBe('applied');
      for (const o of kids)
        expect(await h.record('observation', o.id)).toMatchObject({
          deleted: true,
          deletedByCascade: true,
          data: { text: 'k'.repeat(8_000) },
        });
      await d.sync([d.mutation('visit', visit.id, 'restore', {}, null)]);
      for (const o of kids)
        expect(await h.record('observation', o.id)).toMatchObject({
          deleted: false,
          deletedByCascade: false,
          deletedSeq: null,
        });
      expect(reads.calls['childrenOfVisit']).toBe(0);
      // The cascade reads its children's flags only (and the spy sees the server's reads).
      expect(reads.calls['childStates']).toBeGreaterThan(0);
      expect(await usageOf(coord.id)).toBe(usage);
    } finally {
      reads.restore();
    }
  });
});

describe('byte-bounded pull pages', () => {
  it('pages of any byte budget cover the feed exactly once, in seq order', async () => {
    const { site, visit } = await siteWithVisit();
    const qm = await h.user('quartiersmanagement', site.id);
    const w = makeDevice(h, qm.token);
    const muts = Array.from({ length: 30 }, (_, i) => {
      const o = { ...observationFields(visit.id), text: 'z'.repeat((i * 7919) % 9_000) };
      return w.mutation('observation', o.id, 'create', o);
    });
    await w.sync(muts);
    const full = await makeDevice(h, qm.token).sync([], { pullLimit: 1000 });
    expect(full.hasMore).toBe(false);
    for (const budget of [1, 4_000, 20_000, 100_000]) {
      SYNC_LIMITS.pullPageBytes = budget;
      const r = makeDevice(h, qm.token);
      const seen: Change[] = [];
      for (let round = 0; round < 100; round++) {
        const page = await r.sync([], { pullLimit: 7 });
        seen.push(...page.changes);
        const json = page.changes.map((c) => JSON.stringify(c.row).length);
        if (page.changes.length > 1)
          expect(json.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(budget);
        if (!page.hasMore) break;
      }
      expect(seen.map((c) => c.seq)).toEqual(full.changes.map((c) => c.seq));
    }
  });

  it('large records with multi-byte text: no page of several changes passes its byte budget', async () => {
    const { site, visit } = await siteWithVisit();
    const qm = await h.user('quartiersmanagement', site.id);
    const w = makeDevice(h, qm.token);
    // 20 000 characters of two-, three- and four-byte UTF-8: 40 to 80 KB per stored row.
    for (const ch of ['ü', '€', '😀'])
      await w.sync(
        Array.from({ length: 4 }, () => {
          const o = { ...observationFields(visit.id), text: ch.repeat(20_000 / ch.length) };
          return w.mutation('observation', o.id, 'create', o);
        }),
      );
    const all = (await makeDevice(h, qm.token).sync([], { pullLimit: MAX_PULL_LIMIT })).changes;
    for (const budget of [60_000, 200_000, 500_000]) {
      SYNC_LIMITS.pullPageBytes = budget;
      const r = makeDevice(h, qm.token);
      const seen: number[] = [];
      for (let round = 0; round < 100; round++) {
        const res = await r.post(r.request([], { pullLimit: MAX_PULL_LIMIT }));
        const body = Buffer.from(await res.arrayBuffer());
        const page = JSON.parse(body.toString('utf8')) as SyncResponse;
        r.cursor = page.cursor;
        seen.push(...page.changes.map((c) => c.seq));
        // The whole answer, envelope included, in UTF-8 bytes as it goes on the wire.
        if (page.changes.length > 1) expect(body.byteLength).toBeLessThanOrEqual(budget);
        if (!page.hasMore) break;
      }
      expect(seen).toEqual(all.map((c) => c.seq));
    }
  });

  it('a page of small rows is bounded by bytes, not by a thousand rows', async () => {
    const { site, visit } = await siteWithVisit();
    const qm = await h.user('quartiersmanagement', site.id);
    const w = makeDevice(h, qm.token);
    for (let round = 0; round < 15; round++)
      await w.sync(
        Array.from({ length: 100 }, (_, i) => {
          const c = { ...checklistFields(visit.id, `item-${round}-${i}`), order: i };
          return w.mutation('checklistItem', c.id, 'create', c);
        }),
      );
    const page = await makeDevice(h, qm.token).sync([], { pullLimit: MAX_PULL_LIMIT });
    expect(page.changes.length).toBeGreaterThan(1500);
    expect(page.hasMore).toBe(false);
  });

  it('an answer names its cursor and hasMore before its changes (the next page can be asked while this one arrives)', async () => {
    const { site } = await siteWithVisit();
    const qm = await h.user('quartiersmanagement', site.id);
    const r = makeDevice(h, qm.token);
    const text = await (await r.post(r.request([], { pullLimit: 1 }))).text();
    const at = (key: string) => text.indexOf(`"${key}":`);
    expect(at('changes')).toBeGreaterThan(0);
    expect(at('cursor')).toBeGreaterThan(0);
    expect(at('cursor')).toBeLessThan(at('changes'));
    expect(at('hasMore')).toBeLessThan(at('changes'));
    expect(JSON.parse(text)).toMatchObject({ hasMore: true });
  });
});
