// Hostile and unlucky inputs against the real server process (docs/architecture.md §Push,
// §Errors): JSON nested deeper than the server reads becomes a rejection of that one mutation
// and the queue advances (it used to be a 500 on every retry); dates that are no calendar date
// and timestamps in year 9999 are refused naming the field; a protocol the server does not
// speak, or a schema older than it upcasts, is 426 upgrade_required naming what it speaks; and
// a rejection keeps at most a bounded part of the mutation it refused.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, SCHEMA_VERSION, type SyncResponse } from '../../src/shared/protocol';
import { observationFields, visitFields } from '../support/rows';
import { startTarget, type Target } from './support/target';

let t: Target;
beforeAll(async () => {
  t = await startTarget();
}, 60_000);
afterAll(() => t?.stop());

/** POST /sync of `device`'s request with `mutations`, where the string '__DEEP__' becomes
 *  [[[ … "x" … ]]] nested `depth` levels (built as text: JSON.stringify itself would overflow). */
async function postDeep(
  device: ReturnType<Target['device']>,
  mutations: ReturnType<Target['device']>['outbox'],
  depth: number,
): Promise<{ status: number; body: SyncResponse }> {
  const text = JSON.stringify(device.request(mutations, { pullLimit: 500 })).replace(
    '"__DEEP__"',
    `${'['.repeat(depth)}"x"${']'.repeat(depth)}`,
  );
  const res = await t.req('/api/v1/sync', {
    method: 'POST',
    token: t.who.qmA.token,
    headers: { 'Content-Type': 'application/json' },
    body: text,
  });
  return { status: res.status, body: (await res.json()) as SyncResponse };
}

describe('hole 9: JSON nested too deep is a rejection, and the queue advances', () => {
  for (const depth of [1_100, 100_000]) {
    it(`depth ${depth}: rejected with a code, the next mutation applies, pulls keep working`, async () => {
      const d = t.device('qmA');
      const deep = d.mutation('visit', t.sites.a.visitId, 'patch', { notes: '__DEEP__' }, null);
      const ok = observationFields(t.sites.a.visitId);
      const next = d.mutation('observation', ok.id, 'create', ok);
      const first = await postDeep(d, [deep, next], depth);
      expect(first.status, JSON.stringify(first.body).slice(0, 300)).toBe(200);
      const [r1, r2] = first.body.results;
      expect(r1?.status).toBe('rejected');
      expect(r1?.error?.code).toBe('too_deep');
      expect(r2?.status).toBe('applied');
      expect(first.body.lastClientSeq).toBe(2);
      // The rejection syncs back to the author, and a fresh device of the same user still pulls.
      const rejection = first.body.changes.find(
        (c) => c.entity === 'rejection' && c.row?.['mutationId'] === deep.id,
      );
      expect(rejection?.row?.['code']).toBe('too_deep');
      const fresh = await t.device('qmA').sync();
      expect(fresh.response.changes.some((c) => c.row?.['mutationId'] === deep.id)).toBe(true);
      // A replay of the same push is answered from the stored results.
      const replay = await postDeep(d, [deep, next], depth);
      expect(replay.status).toBe(200);
      expect(replay.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    });
  }
});

describe('hole 9: deep JSON anywhere else is a 4xx or ignored, never a 500', () => {
  const deep = `${'['.repeat(100_000)}"x"${']'.repeat(100_000)}`;
  const send = (path: string, text: string, token?: string) =>
    t.req(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: text,
      ...(token ? { token } : {}),
    });
  it('as the whole body of a sign-in or a sync', async () => {
    for (const r of [
      await send('/api/v1/auth/login', deep),
      await send('/api/v1/sync', deep, t.who.qmA.token),
    ])
      expect(r.status).toBe(400);
  });
  it('in an unknown field beside the known ones', async () => {
    const login = await send(
      '/api/v1/auth/login',
      `{"email":"nobody@example.org","password":"x","extra":${deep}}`,
    );
    expect([400, 401]).toContain(login.status);
    const body = JSON.stringify(t.device('qmA').request([], { pullLimit: 10 }));
    const sync = await send(
      '/api/v1/sync',
      `${body.slice(0, -1)},"extra":${deep}}`,
      t.who.qmA.token,
    );
    expect(sync.status).toBe(200);
  });
});

describe('hole 9: dates are calendar dates, timestamps are sane', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['month 13, day 45', { date: '2026-13-45' }, 'date'],
    ['year 0000', { date: '0000-00-00' }, 'date'],
    ['30 February', { date: '2026-02-30' }, 'date'],
    ['year 9999 timestamp', { createdAt: '9999-12-31T23:59:59.000Z' }, 'createdAt'],
    ['year 0001 timestamp', { createdAt: '0001-01-01T00:00:00.000Z' }, 'createdAt'],
  ];
  for (const [name, bad, path] of cases) {
    it(`refuses ${name}, naming the field`, async () => {
      const d = t.device('qmA');
      const v = { ...visitFields(t.sites.a.siteId), ...bad };
      d.enqueue('visit', v.id, 'create', v);
      const { acks } = await d.sync();
      expect(acks[0]!.result.status).toBe('rejected');
      expect(acks[0]!.result.error?.code).toBe('invalid');
      expect(acks[0]!.result.error?.path).toBe(path);
    });
  }
  it('still accepts a real date and a real timestamp (29 February of a leap year)', async () => {
    const d = t.device('qmA');
    const v = { ...visitFields(t.sites.a.siteId), date: '2028-02-29' };
    d.enqueue('visit', v.id, 'create', v);
    const { acks } = await d.sync();
    expect(acks[0]!.result.status).toBe('applied');
  });
});

describe('hole 9: a protocol the server does not speak is 426 upgrade_required', () => {
  const body = (extra: Record<string, unknown>) => ({
    protocol: PROTOCOL_VERSION,
    appVersion: 'old',
    schemaVersion: SCHEMA_VERSION,
    clientId: uuidv7(),
    cursor: null,
    outboxHighWater: 0,
    mutations: [],
    pullLimit: 10,
    ...extra,
  });
  for (const [name, extra] of [
    ['protocol 2', { protocol: 2 }],
    ['protocol "x"', { protocol: 'x' }],
    ['no protocol at all, other shape', { protocol: undefined, changes: 'whatever' }],
    ['schemaVersion 0 (older than the server upcasts)', { schemaVersion: 0 }],
    ['schemaVersion 1 (an app that cannot read participant rows)', { schemaVersion: 1 }],
  ] as const) {
    it(`${name} → 426 naming the supported protocol`, async () => {
      const res = await t.req('/api/v1/sync', {
        method: 'POST',
        token: t.who.qmA.token,
        json: body(extra),
      });
      expect(res.status).toBe(426);
      const json = (await res.json()) as Record<string, unknown>;
      expect(json['error']).toBe('upgrade_required');
      expect(json['protocol']).toBe(PROTOCOL_VERSION);
      expect(typeof json['minSchemaVersion']).toBe('number');
    });
  }
  it('the current protocol still syncs', async () => {
    const res = await t.req('/api/v1/sync', {
      method: 'POST',
      token: t.who.qmA.token,
      json: body({}),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as SyncResponse).protocol).toBe(PROTOCOL_VERSION);
  });
});

describe('hole 8: a rejection keeps a bounded part of the mutation', () => {
  /** Logical size of the database file (pages in use, WAL included), read beside the server. */
  function dbBytes(): number {
    const db = new Database(join(t.server.dataDir, 'standortbesuch.sqlite'), { readonly: true });
    try {
      const pages = db.pragma('page_count', { simple: true }) as number;
      const free = db.pragma('freelist_count', { simple: true }) as number;
      const size = db.pragma('page_size', { simple: true }) as number;
      return (pages - free) * size;
    } finally {
      db.close();
    }
  }

  it('20 refused mutations of ~900 KB each grow the database by less than 1 MiB', async () => {
    const before = dbBytes();
    const d = t.device('qmA');
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const v = visitFields(t.sites.a.siteId);
      // An unknown field makes the create invalid; the junk is ~900 KB of JSON.
      const m = d.enqueue('visit', v.id, 'create', { ...v, junk: 'y'.repeat(900_000) });
      ids.push(m.id);
    }
    const codes: string[] = [];
    const pulled = new Set<string>();
    let more = true;
    while (d.outbox.length || more) {
      const { acks, response } = await d.sync(1);
      for (const a of acks) codes.push(a.result.error?.code ?? a.result.status);
      // The rejection that syncs back is small, and still tells the device what was refused.
      const mine = response.changes.filter(
        (ch) => ch.entity === 'rejection' && ids.includes(String(ch.row?.['mutationId'])),
      );
      for (const c of mine) {
        expect(JSON.stringify(c.row).length).toBeLessThan(20 * 1024);
        expect((c.row?.['payload'] as Record<string, unknown>)['op']).toBe('create');
        pulled.add(String(c.row?.['mutationId']));
      }
      more = response.hasMore;
    }
    expect(codes).toEqual(Array(20).fill('invalid'));
    // Every one of the 20 rejections was pulled and checked above.
    expect(pulled.size).toBe(20);
    const grown = dbBytes() - before;
    expect(grown).toBeLessThan(1024 * 1024);
  });
});
