// Pipelined pull (docs/architecture.md §Sync run step 7): while one page is applied, the next one
// is already requested. The page ahead must never move the cursor by itself, and losing it (the
// connection drops before or after the server answered, or the server fails) must lose nothing:
// the run asks again and ends with every row, the cursor only ever growing.
import { afterEach, describe, expect, it } from 'vitest';
import { addObservation, createSite, createVisit } from '../../../src/client/db/mutators';
import { META } from '../../../src/client/db/meta-keys';
import type { AppDb } from '../../../src/client/db/schema';
import type { SyncRequest } from '../../../src/shared/protocol';
import { makeTestDb } from '../../support/fake-db';
import { closeOpened, engineDevice, realServer } from '../../support/client-engine';
import type { ServerFetch } from '../../support/server-fetch';

afterEach(closeOpened);

const PAGE = 4; // rows per page, so a few dozen rows take many pages

type Sent = { cursor: string | null; storedAtSend: string | null };
type Failure = 'drop' | 'drop-after' | 'http_500' | null;

/** A device whose sync requests ask for small pages; records what was stored when each was sent. */
function device(server: ServerFetch, failAhead: Failure = null) {
  const db = makeTestDb();
  let stored: string | null = null;
  const storedCursors: string[] = [];
  const onCursor = (value: unknown) => {
    stored = value as string;
    storedCursors.push(stored);
  };
  db.meta.hook('creating', (key, row) => {
    if (key === META.cursor) onCursor(row.value);
  });
  db.meta.hook('updating', (mods, key) => {
    if (key === META.cursor && 'value' in mods) onCursor((mods as { value: unknown }).value);
  });
  const sent: Sent[] = [];
  let failed = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const storedAtSend = stored;
    const req = new Request(input as RequestInfo, init);
    if (!req.url.endsWith('/api/v1/sync')) return server.fetch(req);
    const body = (await req.json()) as SyncRequest;
    sent.push({ cursor: body.cursor, storedAtSend });
    const ahead = body.cursor !== storedAtSend;
    const forward = () =>
      server.fetch(
        new Request(req.url, {
          method: 'POST',
          headers: req.headers,
          body: JSON.stringify({ ...body, pullLimit: PAGE }),
          signal: init?.signal ?? null,
        }),
      );
    if (ahead && failAhead) {
      failed++;
      if (failAhead === 'drop') throw new TypeError('fetch failed');
      if (failAhead === 'http_500')
        return new Response(JSON.stringify({ error: 'internal' }), { status: 500 });
      await forward(); // the server answered; the answer is lost
      throw new TypeError('connection reset');
    }
    return forward();
  };
  const { engine } = engineDevice(server, { fetch }, db);
  return { db, engine, sent, storedCursors, failed: () => failed };
}

async function seeded() {
  const server = await realServer();
  const a = device(server);
  const site = await createSite(a.db, { municipality: 'Offenbach', quarter: 'Nordend' });
  const visit = await createVisit(a.db, { siteId: site.id, date: '2026-05-04' });
  for (let i = 0; i < 12; i++)
    await addObservation(a.db, { visitId: visit.id, fieldId: 'housing', text: `Hof ${i}` });
  for (let i = 0; i < 20 && (await a.engine.syncNow()).more; i++);
  expect(await a.db.outbox.count()).toBe(0);
  return { server, a };
}

async function syncAll(d: ReturnType<typeof device>) {
  for (let i = 0; i < 50; i++) {
    const out = await d.engine.syncNow();
    expect(out.status).toBe('ok');
    if (!out.more) return;
  }
  throw new Error('did not finish');
}

const rowsOf = async (db: AppDb) => ({
  observations: (await db.observations.toArray()).map((o) => [o.id, o.text, o._v]),
  checklist: (await db.checklistItems.count()) as number,
  visits: await db.visits.count(),
});

function expectGrowing(cursors: (string | null)[]) {
  const n = cursors.map((c) => (c === null ? -1n : BigInt(c)));
  for (let i = 1; i < n.length; i++) expect(n[i]! >= n[i - 1]!).toBe(true);
}

describe('pipelined pull', () => {
  it('requests the next page while the current one is applied; the cursor only grows', async () => {
    const { server, a } = await seeded();
    const b = device(server);
    await syncAll(b);
    expect(await rowsOf(b.db)).toEqual(await rowsOf(a.db));
    expect(b.sent.length).toBeGreaterThan(5);
    // Pages after the first were requested before the previous page's cursor was stored.
    const ahead = b.sent.filter((s) => s.cursor !== s.storedAtSend);
    expect(ahead.length).toBeGreaterThan(b.sent.length / 2);
    expectGrowing(b.storedCursors);
    expect(b.storedCursors.at(-1)).toBe((await a.db.meta.get(META.cursor))?.value);
  }, 60_000);

  for (const failure of ['drop', 'drop-after', 'http_500'] as const) {
    it(`a page ahead that fails (${failure}) changes nothing: the run asks again and loses no row`, async () => {
      const { server, a } = await seeded();
      const b = device(server, failure);
      await syncAll(b);
      expect(b.failed()).toBeGreaterThan(3);
      expect(await rowsOf(b.db)).toEqual(await rowsOf(a.db));
      expectGrowing(b.storedCursors);
      // Every page was stored exactly once, in order: a failed page ahead stored nothing.
      expect(new Set(b.storedCursors).size).toBe(b.storedCursors.length);
      expect(b.storedCursors.at(-1)).toBe((await a.db.meta.get(META.cursor))?.value);
      expect(await b.db.outbox.count()).toBe(0);
    }, 60_000);
  }
});
