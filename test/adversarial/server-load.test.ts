// One account trying to take the server down (docs/architecture.md §Pull, §Push): visits whose
// text is full of control characters (each escapes to six bytes in JSON), pulled with the
// largest pullLimit by eight devices at once. The target runs with small limits so the bounds
// are proven cheaply: a pull page never holds much more than PULL_PAGE_BYTES (one row may stand
// alone above it, so a big row still moves), the feed never skips a row, the account's record
// bytes stop at RECORD_QUOTA_BYTES with a 'quota_exceeded' rejection (never a 500, the queue
// advances, shrinking is still allowed), a record above MAX_RECORD_BYTES is 'too_large', and
// the server keeps answering everybody else.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION, type SyncResponse } from '../../src/shared/protocol';
import { visitFields } from '../support/rows';
import { startTarget, type Target, type Who } from './support/target';

const PAGE_BYTES = 384 * 1024;
/** Six visits of ~150 KB fit (~900 KB), a seventh does not, even after one frees 30 KB. */
const QUOTA_BYTES = 975_000;
const RECORD_BYTES = 200 * 1024;

/** Characters that JSON escapes to six bytes each (\u0001). */
const junk = (n: number) => '\u0001'.repeat(n);

let t: Target;
beforeAll(async () => {
  t = await startTarget({
    PULL_PAGE_BYTES: String(PAGE_BYTES),
    RECORD_QUOTA_BYTES: String(QUOTA_BYTES),
    MAX_RECORD_BYTES: String(RECORD_BYTES),
  });
}, 60_000);
afterAll(() => t?.stop());

/** One raw POST /sync as a fresh device: status, body size in bytes and the parsed body. */
async function rawSync(who: Who, body: Record<string, unknown>) {
  const res = await t.req('/api/v1/sync', {
    method: 'POST',
    token: t.who[who].token,
    json: {
      protocol: PROTOCOL_VERSION,
      appVersion: 'attack',
      schemaVersion: SCHEMA_VERSION,
      clientId: uuidv7(),
      cursor: null,
      outboxHighWater: 0,
      mutations: [],
      pullLimit: 1000,
      ...body,
    },
  });
  const text = await res.text();
  return { status: res.status, bytes: Buffer.byteLength(text), text };
}

/** Pulls everything from scratch as one fresh device; every page's size and the ids seen. */
async function pullAll(who: Who, pullLimit = 1000) {
  const clientId = uuidv7();
  let cursor: string | null = null;
  const pages: number[] = [];
  const ids: string[] = [];
  for (let round = 0; round < 200; round++) {
    const r = await rawSync(who, { clientId, cursor, pullLimit });
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    const page = JSON.parse(r.text) as SyncResponse;
    pages.push(r.bytes);
    ids.push(...page.changes.map((c) => c.entityId));
    cursor = page.cursor;
    if (!page.hasMore) return { pages, ids };
  }
  throw new Error('the feed never ended');
}

describe('hole 3: one account cannot take the server down', () => {
  const written: string[] = [];
  const rejected: string[] = [];

  it('refuses record bytes above the account quota with quota_exceeded; the queue advances', async () => {
    const d = t.device('qmA');
    for (let i = 0; i < 10; i++) {
      // ~150 KB of JSON per visit (25 000 control characters).
      const v = { ...visitFields(t.sites.a.siteId), notes: junk(20_000), goals: junk(5_000) };
      d.enqueue('visit', v.id, 'create', v);
      written.push(v.id);
    }
    const codes: string[] = [];
    while (d.outbox.length) {
      const { acks } = await d.sync(1);
      expect(acks).toHaveLength(1);
      const a = acks[0]!;
      codes.push(a.result.status === 'rejected' ? a.result.error!.code : a.result.status);
      if (a.result.status === 'rejected') rejected.push(a.mutation.entityId);
    }
    // 6 × 150 KB fit, the 7th does not; every later one is refused the same way.
    expect(codes.slice(0, 6)).toEqual(Array(6).fill('applied'));
    expect(codes.slice(6)).toEqual(Array(4).fill('quota_exceeded'));

    // At the limit, a change that frees bytes still applies (the user can always clean up).
    const first = written[0]!;
    const shrink = t.device('qmA');
    shrink.enqueue('visit', first, 'patch', { goals: '' }, null);
    const { acks } = await shrink.sync();
    expect(acks[0]!.result.status).toBe('applied');
    // … and growing again is refused, with the code the UI turns into words.
    const grow = t.device('qmA');
    const v = { ...visitFields(t.sites.a.siteId), notes: junk(20_000), goals: junk(5_000) };
    grow.enqueue('visit', v.id, 'create', v);
    const g = await grow.sync();
    expect(g.acks[0]!.result.error?.code).toBe('quota_exceeded');
    rejected.push(v.id);
  });

  it('refuses a single record above MAX_RECORD_BYTES with too_large', async () => {
    const d = t.device('member');
    const v = {
      ...visitFields(t.sites.b.siteId),
      notes: junk(20_000),
      goals: junk(10_000),
      route: junk(10_000),
    };
    d.enqueue('visit', v.id, 'create', v);
    const { acks } = await d.sync();
    expect(acks[0]!.result.status).toBe('rejected');
    expect(acks[0]!.result.error?.code).toBe('too_large');
  });

  it('bounds every pull page by bytes, for eight concurrent pullers, and skips no row', async () => {
    const applied = written.filter((id) => !rejected.includes(id));
    const runs = await Promise.all(Array.from({ length: 8 }, () => pullAll('qmA')));
    for (const run of runs) {
      // One row of ~150 KB may stand alone above the budget, nothing more.
      for (const bytes of run.pages) expect(bytes).toBeLessThanOrEqual(PAGE_BYTES + 160 * 1024);
      expect(run.pages.length).toBeGreaterThan(2);
      for (const id of applied) expect(run.ids).toContain(id);
      expect(new Set(run.ids).size).toBe(run.ids.length);
    }
  });

  it('clamps pullLimit instead of answering 400 or building a giant page', async () => {
    const r = await rawSync('qmA', { pullLimit: 1_000_000 });
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(r.bytes).toBeLessThanOrEqual(PAGE_BYTES + 160 * 1024);
  });

  it('stays alive and serves other users: health answers, a coordinator first sync completes', async () => {
    const health = await t.req('/api/v1/health');
    expect(health.status).toBe(200);
    const { ids } = await pullAll('coordinator');
    expect(ids).toContain(t.sites.b.visitId);
    expect(ids).toContain(written[0]);
  });
});
