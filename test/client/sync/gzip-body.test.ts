// A push goes gzip-compressed (docs/architecture.md §Transport): the real server inflates and
// applies it; a short request stays plain; a server that refuses the coding (415) gets the same
// request plain, once, and an engine whose plain request then got through sends plain after that.
import { afterEach, describe, expect, it } from 'vitest';
import { gunzipSync, gzipSync } from 'node:zlib';
import { addObservation, createSite, createVisit } from '../../../src/client/db/mutators';
import { GZIP_FROM_CHARS, syncBody } from '../../../src/client/sync/gzip-body';
import { postSync } from '../../../src/client/sync/transport';
import { PROTOCOL_VERSION, type SyncRequest } from '../../../src/shared/protocol';
import { closeOpened, engineDevice, realServer } from '../../support/client-engine';
import { syncDevice } from '../../support/devices';
import { v7 as uuidv7 } from 'uuid';

afterEach(closeOpened);

const request = (mutations: unknown[]): SyncRequest =>
  ({
    protocol: PROTOCOL_VERSION,
    appVersion: 't',
    clientId: '0190a000-0000-7000-8000-000000000001',
    cursor: '0',
    mutations,
  }) as SyncRequest;

const okAnswer = () =>
  Response.json({
    protocol: PROTOCOL_VERSION,
    results: [],
    lastClientSeq: 0,
    cursor: '0',
    hasMore: false,
    changes: [],
    minSchemaVersion: 1,
    serverTime: '2026-01-01T00:00:00.000Z',
  });

describe('compressed push bodies', () => {
  it('a long body is gzip that inflates to the same JSON; a short one stays plain', async () => {
    const long = JSON.stringify({ text: 'Spielplatz am Marktplatz '.repeat(100) });
    const sent = await syncBody(long);
    expect(sent.gzip).toBe(true);
    const bytes = sent.body as Uint8Array;
    expect(gunzipSync(bytes).toString('utf8')).toBe(long);
    expect(bytes.byteLength).toBeLessThan(long.length / 5);
    const short = 'x'.repeat(GZIP_FROM_CHARS - 1);
    expect(await syncBody(short)).toEqual({ body: short, gzip: false });
  });

  it('a 415 or 400 for a gzip body sends the same request plain, once; a 415 for a plain one is not retried', async () => {
    const seen: { coding: string | null; json: string }[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const req = new Request(input as RequestInfo, init);
      const coding = req.headers.get('content-encoding');
      const raw = new Uint8Array(await req.arrayBuffer());
      const json =
        coding === 'gzip' ? gunzipSync(raw).toString('utf8') : new TextDecoder().decode(raw);
      seen.push({ coding, json });
      return coding === 'gzip'
        ? Response.json({ error: 'unsupported_media_type' }, { status: 415 })
        : okAnswer();
    };
    const o = { baseUrl: 'http://x', token: 't', fetch, now: () => 0 };
    const long = request([{ note: 'y'.repeat(GZIP_FROM_CHARS) }]);
    expect((await postSync(long, o)).kind).toBe('ok');
    expect(seen.map((s) => s.coding)).toEqual(['gzip', null]);
    expect(seen[1]!.json).toBe(seen[0]!.json);

    // A proxy that dropped the Content-Encoding header: the server reads gzip bytes as JSON, 400.
    seen.length = 0;
    const stripping: typeof globalThis.fetch = async (input, init) => {
      const req = new Request(input as RequestInfo, init);
      seen.push({ coding: req.headers.get('content-encoding'), json: '' });
      try {
        JSON.parse(await req.text());
        return okAnswer();
      } catch {
        return Response.json({ error: 'invalid', message: 'body is not JSON' }, { status: 400 });
      }
    };
    expect((await postSync(long, { ...o, fetch: stripping })).kind).toBe('ok');
    expect(seen.map((s) => s.coding)).toEqual(['gzip', null]);
    // A 400 the plain body gets too is the answer: two requests, no more.
    seen.length = 0;
    const invalid: typeof globalThis.fetch = async (input, init) => {
      seen.push({
        coding: new Request(input as RequestInfo, init).headers.get('content-encoding'),
        json: '',
      });
      return Response.json({ error: 'invalid', message: 'bad mutation' }, { status: 400 });
    };
    expect(await postSync(long, { ...o, fetch: invalid })).toMatchObject({ code: 'http_400' });
    expect(seen.map((s) => s.coding)).toEqual(['gzip', null]);

    // An engine told not to compress (the simulation) sends the long body plain at once.
    seen.length = 0;
    expect((await postSync(long, { ...o, gzip: false })).kind).toBe('ok');
    expect(seen.map((s) => s.coding)).toEqual([null]);

    seen.length = 0;
    const refusing: typeof globalThis.fetch = async (input, init) => {
      seen.push({
        coding: new Request(input as RequestInfo, init).headers.get('content-encoding'),
        json: '',
      });
      return Response.json({ error: 'unsupported_media_type' }, { status: 415 });
    };
    const plain = await postSync(request([]), { ...o, fetch: refusing });
    expect(plain).toMatchObject({ kind: 'transient', code: 'http_415' });
    expect(seen).toHaveLength(1);
  });

  it('the real server answers gzip bytes without their Content-Encoding with a 400, which the engine retries plain and then sends plain', async () => {
    const server = await realServer();
    const stripped = await server.handle(
      new Request('http://test/api/v1/sync', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
        body: gzipSync(JSON.stringify(request([]))),
      }),
    );
    expect(stripped.status).toBe(400);
    // Through a proxy that drops the header, a long push reaches the real server plain and is applied.
    const codings: (string | null)[] = [];
    const proxy: typeof globalThis.fetch = async (input, init) => {
      const req = new Request(input as RequestInfo, init);
      codings.push(req.headers.get('content-encoding'));
      const headers = new Headers(req.headers);
      headers.delete('content-encoding');
      const body = new Uint8Array(await req.arrayBuffer());
      return server.handle(new Request(req.url, { method: 'POST', headers, body }));
    };
    const device = syncDevice();
    const siteId = uuidv7();
    const push = device.request([
      device.mutation('site', siteId, 'create', {
        id: siteId,
        municipality: 'Offenbach',
        quarter: 'Nordend',
        phase: 'isek',
        yearAdmitted: null,
        contact: { name: '', organisation: '', email: '', phone: '' },
        notes: 'Begehung mit dem Quartiersmanagement. '.repeat(40),
        createdAt: new Date().toISOString(),
      }),
    ]);
    expect(JSON.stringify(push).length).toBeGreaterThan(GZIP_FROM_CHARS);
    const res = await postSync(push, {
      baseUrl: 'http://test',
      token: server.token,
      fetch: proxy,
      now: () => 0,
    });
    expect(codings).toEqual(['gzip', null]);
    expect(res.kind).toBe('ok');
    if (res.kind === 'ok') expect(res.res.results.map((r) => r.status)).toEqual(['applied']);

    // The engine behind that proxy remembers it: after the first refused push, it sends plain.
    codings.length = 0;
    const { db, engine } = engineDevice({ token: server.token, fetch: proxy });
    const site = await createSite(db, { municipality: 'Kassel', quarter: 'Nord' });
    const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
    const observe = async (n: number) => {
      for (let i = 0; i < n; i++)
        await addObservation(db, {
          visitId: visit.id,
          fieldId: 'housing',
          text: `Beobachtung ${i}: es fehlen Bänke und Schatten am Platz.`,
        });
      for (let i = 0; i < 20 && (await engine.syncNow()).more; i++);
      expect(await db.outbox.count()).toBe(0);
    };
    await observe(20);
    expect(codings.slice(0, 2)).toEqual(['gzip', null]);
    const before = codings.length;
    await observe(20);
    expect(codings.length).toBeGreaterThan(before);
    expect(codings.slice(before)).toEqual(codings.slice(before).map(() => null));
  });

  it('a refused compression is not remembered when the plain request fails too, or never arrives', async () => {
    const calls: (string | null)[] = [];
    let refused = 0;
    const answer = (plain: Response | Error) =>
      (async (_input, init) => {
        const coding = new Headers(init?.headers).get('content-encoding');
        calls.push(coding);
        if (coding === 'gzip') return new Response('{"error":"invalid"}', { status: 400 });
        if (plain instanceof Error) throw plain;
        return plain.clone();
      }) as typeof fetch;
    const long = request([{ text: 'x'.repeat(GZIP_FROM_CHARS) }]);
    const o = { baseUrl: 'http://test', token: 't', now: () => 0, onGzipRefused: () => refused++ };
    await postSync(long, {
      ...o,
      fetch: answer(new Response('{"error":"invalid"}', { status: 400 })),
    });
    await postSync(long, { ...o, fetch: answer(new TypeError('Failed to fetch')) });
    expect(refused).toBe(0);
    await postSync(long, { ...o, fetch: answer(okAnswer()) });
    await postSync(long, { ...o, fetch: answer(new Response('', { status: 503 })) });
    expect(refused).toBe(2);
    expect(calls).toEqual(['gzip', null, 'gzip', null, 'gzip', null, 'gzip', null]);
  });

  it('the engine pushes a visit gzip-compressed and the real server applies every record', async () => {
    const server = await realServer();
    const { db, engine } = engineDevice(server);
    const site = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' });
    const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
    for (let i = 0; i < 30; i++)
      await addObservation(db, {
        visitId: visit.id,
        fieldId: 'housing',
        text: `Beobachtung ${i}: es fehlen Bänke und Schatten.`,
      });
    for (let i = 0; i < 20 && (await engine.syncNow()).more; i++);
    expect(await db.outbox.count()).toBe(0);
    const push = server.requests.findIndex((r) => r.mutations.length > 0);
    const mutations = server.requests[push]!.mutations.length;
    expect(mutations).toBeGreaterThan(30);
    // The wire carried a fraction of the JSON the server inflated and applied.
    const call = server.calls.filter((c) => c.url === '/api/v1/sync')[push]!;
    const json = JSON.stringify(server.requests[push]).length;
    expect(call.bytes).toBeGreaterThan(0);
    expect(call.bytes).toBeLessThan(json / 3);
    expect(
      server.query<{ n: number }>(
        "SELECT count(*) AS n FROM records WHERE entity = 'observation'",
      )[0]!.n,
    ).toBe(30);
  });
});
