// Pipelined pull (docs/architecture.md §Sync run step 7): while one page is applied, the next one
// is already requested. The page ahead must never move the cursor by itself, and losing it (the
// connection drops before or after the server answered, or the server fails) must lose nothing:
// the run asks again and ends with every row, the cursor only ever growing. The next page is asked
// as soon as the current answer's head (cursor, hasMore) has arrived, never more than two pull
// requests at once, and a device killed between "page n+1 fetched" and "page n applied" resumes
// from its last applied page: no row lost, none repeated.
import { afterEach, describe, expect, it } from 'vitest';
import { addObservation, createSite, createVisit } from '../../../src/client/db/mutators';
import { META } from '../../../src/client/db/meta-keys';
import type { AppDb } from '../../../src/client/db/schema';
import type { SyncRequest, SyncResponse } from '../../../src/shared/protocol';
import { IDBFactory, makeTestDb } from '../../support/fake-db';
import { closeOpened, engineDevice, realServer } from '../../support/client-engine';
import type { ServerFetch } from '../../support/server-fetch';
import { syncRequestJson } from '../../support/sync-body';

afterEach(closeOpened);

const PAGE = 4; // rows per page, so a few dozen rows take many pages

type Sent = {
  cursor: string | null;
  storedAtSend: string | null;
  /** Answers whose body had not fully arrived when this request was sent. */
  arriving: number;
  /** The seqs of the changes its answer carried. */
  seqs: number[];
};
type Failure = 'drop' | 'drop-after' | 'http_500' | null;
type Options = {
  failAhead?: Failure;
  /** Each answer's first bytes come at once, the rest when the next request is sent (or 200 ms later). */
  trickle?: boolean;
  /** The database to use (a reopened one). */
  db?: AppDb;
};

/** A device whose sync requests ask for small pages; records what was stored when each was sent. */
function device(server: ServerFetch, opts: Options = {}) {
  const failAhead = opts.failAhead ?? null;
  const db = opts.db ?? makeTestDb();
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
  let open = 0; // sync requests sent whose answer has not fully arrived (or was aborted)
  let maxOpen = 0;
  let arriving = 0;
  let arrived = 0; // answers that arrived whole
  let nextSent = () => {};
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const storedAtSend = stored;
    const req = new Request(input as RequestInfo, init);
    if (!req.url.endsWith('/api/v1/sync')) return server.fetch(req);
    const body = (await syncRequestJson(req)) as SyncRequest;
    const entry: Sent = { cursor: body.cursor, storedAtSend, arriving, seqs: [] };
    sent.push(entry);
    nextSent();
    maxOpen = Math.max(maxOpen, ++open);
    let closed = false;
    const close = () => {
      if (!closed) open--;
      closed = true;
    };
    init?.signal?.addEventListener('abort', close);
    try {
      const res = await answer(body, req, init, storedAtSend);
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (res.status === 200)
        entry.seqs = (JSON.parse(new TextDecoder().decode(bytes)) as SyncResponse).changes.map(
          (c) => c.seq,
        );
      if (!opts.trickle) {
        close();
        arrived++;
        return new Response(bytes, res);
      }
      const rest = new Promise<void>((resolve) => {
        nextSent = resolve;
        setTimeout(resolve, 200);
      });
      arriving++;
      const stream = new ReadableStream<Uint8Array>({
        async start(c) {
          c.enqueue(bytes.slice(0, 200));
          await rest;
          arriving--;
          c.enqueue(bytes.slice(200));
          c.close();
          close();
          arrived++;
        },
      });
      return new Response(stream, { status: res.status, headers: res.headers });
    } catch (e) {
      close();
      throw e;
    }
  };
  const answer = async (
    body: SyncRequest,
    req: Request,
    init: RequestInit | undefined,
    storedAtSend: string | null,
  ) => {
    const ahead = body.cursor !== storedAtSend;
    // The body is sent again plain, with another pull limit: no Content-Encoding for it.
    const headers = new Headers(req.headers);
    headers.delete('content-encoding');
    const forward = () =>
      server.fetch(
        new Request(req.url, {
          method: 'POST',
          headers,
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
  return {
    db,
    engine,
    sent,
    storedCursors,
    failed: () => failed,
    maxOpen: () => maxOpen,
    arrived: () => arrived,
  };
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
      const b = device(server, { failAhead: failure });
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

describe('pages read as they arrive', () => {
  it('asks for the next page once the answer names its cursor, before the rest of the answer arrived', async () => {
    const { server, a } = await seeded();
    const b = device(server, { trickle: true });
    await syncAll(b);
    expect(await rowsOf(b.db)).toEqual(await rowsOf(a.db));
    expect(b.sent.length).toBeGreaterThan(5);
    // Nearly every page after the first was asked while the previous answer was still arriving.
    const early = b.sent.filter((s) => s.arriving > 0).length;
    expect(early).toBeGreaterThanOrEqual(b.sent.length - 2);
    expectGrowing(b.storedCursors);
    expect(new Set(b.storedCursors).size).toBe(b.storedCursors.length);
  }, 60_000);

  it('never has more than two pull requests open, and applies the pages in order', async () => {
    const { server, a } = await seeded();
    const b = device(server, { trickle: true });
    await syncAll(b);
    expect(b.maxOpen()).toBe(2);
    // Every page's cursor is stored once, in the order the pages were asked.
    const asked = b.sent.map((s) => s.cursor).filter((c): c is string => c !== null);
    expect(b.storedCursors.slice(0, -1)).toEqual(asked);
    expect(b.storedCursors.at(-1)).toBe((await a.db.meta.get(META.cursor))?.value);
  }, 60_000);

  it('a device killed after page n+1 arrived but before page n was stored resumes at page n: no row lost, none repeated', async () => {
    const { server, a } = await seeded();
    const factory = new IDBFactory();
    const first = makeTestDb(factory, 'killed-device');
    // The kill: storing a page's cursor fails (its transaction aborts, rows and all) once the
    // page after it has arrived whole.
    let killedAt: string | null | undefined;
    const box: { b?: ReturnType<typeof device> } = {};
    first.use({
      stack: 'dbcore',
      name: 'kill',
      create: (down) => ({
        ...down,
        table(name) {
          const t = down.table(name);
          if (name !== 'meta') return t;
          return {
            ...t,
            mutate(req) {
              const b = box.b!;
              const applied = b.storedCursors.length;
              if (
                killedAt === undefined &&
                req.type === 'put' &&
                req.values.some((v: { key?: string }) => v.key === META.cursor) &&
                applied >= 2 &&
                b.arrived() >= applied + 2
              ) {
                killedAt = b.storedCursors.at(-1) ?? null;
                return Promise.reject(new Error('killed'));
              }
              return t.mutate(req);
            },
          };
        },
      }),
    });
    const b = (box.b = device(server, { db: first }));
    let outcome = await b.engine.syncNow();
    for (let i = 0; i < 50 && outcome.status === 'ok' && outcome.more; i++)
      outcome = await b.engine.syncNow();
    expect(killedAt).toBeDefined();
    expect(outcome.status).toBe('retry');
    const storedAtKill = (await first.meta.get(META.cursor))?.value;
    expect(storedAtKill).toBe(killedAt);
    await b.engine.stop();
    first.close();

    // Reopened: the same database, a new engine.
    const c = device(server, { db: makeTestDb(factory, 'killed-device') });
    await syncAll(c);
    expect(c.sent[0]!.cursor).toBe(storedAtKill);
    const after = c.sent.flatMap((s) => s.seqs);
    expect(new Set(after).size).toBe(after.length); // none repeated
    expect(after.every((seq) => BigInt(seq) > BigInt(storedAtKill as string))).toBe(true);
    expect(await rowsOf(c.db)).toEqual(await rowsOf(a.db)); // none lost
    expect(c.storedCursors.at(-1)).toBe((await a.db.meta.get(META.cursor))?.value);
  }, 60_000);
});
