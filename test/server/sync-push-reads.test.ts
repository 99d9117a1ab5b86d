// What one push reads per mutation (docs/architecture.md §Push): every read is a round trip on
// PostgreSQL, taken while the push holds the seq counter, so the writes of every process wait
// behind it. A push of 20 creates under one visit reads the account's record bytes once per
// mutation plus once, looks its mutation id up once, and reads the parent visit once per push
// (test/server/sync/visit-places.test.ts: when it reads it again); and the
// quota check built on those reads still refuses exactly the mutation that crosses the quota.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_LIMITS } from '../../src/server/config';
import {
  type Harness,
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

async function deviceWithVisit() {
  const coord = await h.user('coordinator');
  const d = makeDevice(h, coord.token);
  const site = siteFields();
  const visit = visitFields(site.id);
  await d.sync([
    d.mutation('site', site.id, 'create', site),
    d.mutation('visit', visit.id, 'create', visit),
  ]);
  return { coord, d, visit };
}

describe('reads per pushed mutation', () => {
  it('20 observation creates: usage 21 times, the mutation id once each, the visit once', async () => {
    const { d, visit } = await deviceWithVisit();
    const spy = spyOnStore(h.db, 'sync', ['usage', 'priorApplication', 'place', 'visitPlace']);
    try {
      const obs = Array.from({ length: 20 }, () => observationFields(visit.id));
      const res = await d.sync(obs.map((o) => d.mutation('observation', o.id, 'create', o)));
      expect(res.results.map((r) => r.status)).toEqual(obs.map(() => 'applied'));
      expect(spy.calls['usage']).toBe(21);
      expect(spy.calls['priorApplication']).toBe(20);
      const visitReads = ['place', 'visitPlace'].map((m) => spy.calls[m]!);
      expect(visitReads.reduce((a, b) => a + b)).toBe(1);
    } finally {
      spy.restore();
    }
  });
});

describe('reads per pushed comment', () => {
  it("a new review comment reads its visit once: the placement's read serves the comment gate", async () => {
    const { d, visit } = await deviceWithVisit();
    const comment = {
      id: uuidv7(),
      visitId: visit.id,
      target: { entity: 'visit', id: visit.id },
      text: 'Bitte die Bewertung begründen.',
      author: 'K. Prüfer',
      replyTo: null,
      resolved: false,
      createdAt: new Date().toISOString(),
    };
    const spy = spyOnStore(h.db, 'sync', ['place', 'visitPlace']);
    try {
      const res = await d.sync([d.mutation('reviewComment', comment.id, 'create', comment)]);
      expect(res.results.map((r) => r.status)).toEqual(['applied']);
      expect(spy.calls['place']! + spy.calls['visitPlace']!).toBe(1);
    } finally {
      spy.restore();
    }
  });
});

describe('record quota within one push', () => {
  it('applies the creates that fit and refuses the one that crosses, then the next that fits', async () => {
    const { coord, d, visit } = await deviceWithVisit();
    const small = () => ({ ...observationFields(visit.id), text: 's' });
    const big = { ...observationFields(visit.id), text: 'b'.repeat(4_000) };
    const used = await h.read((tx) => tx.sync.usage(coord.id));
    // Room for a few small observations, not for the big one.
    SYNC_LIMITS.recordQuotaBytes = used + 2_500;
    const rows = [small(), small(), big, small()];
    const res = await d.sync(rows.map((o) => d.mutation('observation', o.id, 'create', o)));
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'applied']);
    expect(res.results[2]!.error?.code).toBe('quota_exceeded');
    expect(await h.record('observation', big.id)).toBeNull();
    const after = await h.read((tx) => tx.sync.usage(coord.id));
    expect(after).toBeLessThanOrEqual(SYNC_LIMITS.recordQuotaBytes);
    // The refused create's kept payload counts: a create after it that would cross is refused.
    SYNC_LIMITS.recordQuotaBytes = after + 10;
    const next = [small()];
    const again = await d.sync(next.map((o) => d.mutation('observation', o.id, 'create', o)));
    expect(again.results[0]!.status).toBe('rejected');
  });
});
