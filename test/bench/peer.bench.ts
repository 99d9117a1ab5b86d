// Side by side with two peers, on the same records and the same emulated Slow 4G link
// (support/throttle-proxy.ts: 750 kbps up, 1.6 Mbps down, 150 ms RTT, bytes counted on the wire
// at the proxy, HTTP headers included), each side median of SAMPLES runs:
//   ours    the real engine in node on fake-indexeddb, the real server as a child process (its
//           API answers compressed by Accept-Encoding: the pull figures' note says which coding
//           a pull page was sent in), photos uploaded by the real tus client;
//   PouchDB replicating to express-pouchdb (memory adapter, own process, gzip), configured as an
//           expert would: batch_size 500 (our page), batches_limit left at 10, skip_setup, the
//           remote database created before the timed window; photos as binary attachments
//           (putAttachment: one binary PUT each, after the documents replicated; replication
//           itself would send them base64 inside _bulk_docs, 4/3 of the bytes);
//   RxDB    its Dexie storage on fake-indexeddb, replicateRxCollection per collection with
//           pull/push handlers over fetch (batch 500) to a server of its HTTP conventions
//           (support/rxdb-server.ts, memory, compressed). RxDB's replication carries attachments
//           only inline as base64 in the documents, so it runs the records-only scenarios.
// Every client asks for compression as a phone's browser does (BROWSER_ACCEPT_ENCODING: Node's
// fetch alone offers gzip and deflate, Chromium also br); each server answers with what it
// supports (both peers gzip). The pushes start on cold connections: every side pays its TCP
// handshake, as a phone coming back online after a visit recorded offline does; the pulls run
// on the connections of the runs before, as a device that just signed in (measured()).
// Both peers keep their server data in memory; ours writes SQLite on disk.
// Photos are incompressible (random scan bytes) like real JPEGs, so gzip cannot flatter anyone.
// Two notes carry a floor, what no protocol of ours could go below: the push's time on the link
// alone for its one request (handshake, round trip, its bytes at the link's rates, no CPU), and
// the pull's rows alone in brotli (the content without any protocol field or HTTP header).
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import PouchDB from 'pouchdb';
import memory from 'pouchdb-adapter-memory';
import { v7 as uuidv7 } from 'uuid';
import { addObservation, createSite, createVisit } from '../../src/client/db/mutators';
import { readBlob } from '../../src/client/db/photos';
import type { AppDb } from '../../src/client/db/schema';
import { createSyncEngine } from '../../src/client/sync/engine';
import { makeTestDb } from '../support/fake-db';
import { fakeJpeg } from '../support/jpeg';
import { startServer } from '../support/server-process';
import type { Bench, FigureSpec } from './run';
import { addVisitPhoto } from './support/photos';
import { collectionOf, openRxdb, replicateOnce, type RxDoc } from './support/rxdb-client';
import { assertAllApplied, benchDevice, createRequests, type Create } from './support/sync-seed';
import { SLOW_4G, startThrottleProxy, type ThrottleProxy } from './support/throttle-proxy';

const RECORDS_PUSH =
  'one visit recorded offline (site, visit, its checklist items, 30 observations) from "sync" on the device until the server has stored every record and the device knows it';
const RECORDS_PULL =
  'a freshly signed-in device with nothing stored, from the start of its first sync until 1,000 observations (with their site and visit) are stored on the device';
const PHOTOS_PUSH =
  'the visit of peer_push_records_* plus 10 photos (160 KB image + 12 KB thumbnail each), from "sync" until the server holds every record and photo';
export const figures: Record<string, FigureSpec> = {
  peer_push_records_bytes_ratio: {
    goal: '≤ 0.6',
    times: `bytes on the slow link (up + down), ours ÷ the better peer (PouchDB or RxDB), for ${RECORDS_PUSH}`,
  },
  peer_push_records_time_ratio: {
    goal: '≤ 0.6',
    times: `time on the slow link, ours ÷ the faster peer (PouchDB or RxDB), for ${RECORDS_PUSH}`,
  },
  peer_pull_records_bytes_ratio: {
    goal: '≤ 0.6',
    times: `bytes on the slow link, ours ÷ the better peer (PouchDB or RxDB), for ${RECORDS_PULL}`,
  },
  peer_pull_records_time_ratio: {
    goal: '≤ 0.6',
    times: `time on the slow link, ours ÷ the faster peer (PouchDB or RxDB), for ${RECORDS_PULL}`,
  },
  peer_push_photos_bytes_ratio: {
    goal: '≤ 1',
    times: `bytes on the slow link, ours ÷ PouchDB's (binary attachments), for ${PHOTOS_PUSH}; no goal of its own, ≤ 1 = not worse`,
  },
  peer_push_photos_time_ratio: {
    goal: '≤ 1',
    times: `time on the slow link, ours ÷ PouchDB's, for ${PHOTOS_PUSH}; no goal of its own, ≤ 1 = not worse`,
  },
};

const SAMPLES = 3;
const BATCH = 500; // our pull page, and the peers' batch size
const Memory = PouchDB.plugin(memory).defaults({ adapter: 'memory' });
const ADMIN = { email: 'peer-bench@example.org', password: 'peer bench password 123' };
const TABLES = [
  'sites',
  'visits',
  'checklistItems',
  'observations',
  'followUps',
  'photos',
] as const;
type Table = (typeof TABLES)[number];
type Rec = { table: Table; id: string; fields: Record<string, unknown> };
/** requests: the fetch calls of this process in the window (ours; the peers' clients differ). */
type Sample = { bytes: number; up: number; down: number; ms: number; requests: number };

const round2 = (x: number) => Math.round(x * 100) / 100;
const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const mid = (s: Sample[]): Sample => ({
  bytes: median(s.map((x) => x.bytes)),
  up: median(s.map((x) => x.up)),
  down: median(s.map((x) => x.down)),
  ms: median(s.map((x) => x.ms)),
  requests: median(s.map((x) => x.requests)),
});
const say = (who: string, s: Sample) => `${who} ${kib(s.bytes)} in ${(s.ms / 1000).toFixed(2)} s`;

/** A JPEG the server accepts, with random (incompressible) scan bytes like a real photo. */
function photoJpeg(w: number, h: number, bytes: number, seed: number): Uint8Array {
  const out = fakeJpeg(w, h, bytes, 0);
  let s = (seed * 2654435761) >>> 0;
  for (let i = 30; i < out.length - 2; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = (s >>> 16) % 255;
  } // never 0xFF: no stray markers
  return out;
}

async function visitWithPhotos(db: AppDb, photos: number): Promise<void> {
  const site = await createSite(db, { municipality: 'Offenbach am Main', quarter: 'Nordend' });
  const visit = await createVisit(db, {
    siteId: site.id,
    date: '2026-05-04',
    goals: 'Begehung mit dem Quartiersmanagement',
  });
  for (let i = 0; i < 30; i++) {
    await addObservation(db, {
      visitId: visit.id,
      fieldId: 'housing',
      text: `Beobachtung ${i}: Innenhof begrünt, Spielplatz saniert, Beleuchtung fehlt am Durchgang.`,
    });
  }
  for (let i = 0; i < photos; i++) {
    const image = photoJpeg(1600, 1200, 160_000, 0x10 + i);
    const thumb = photoJpeg(320, 240, 12_000, 0x100 + i);
    await addVisitPhoto(db, visit.id, image, thumb);
  }
}

/** The device's records without local bookkeeping (_v, _deleted, _base …), as our engine sends them. */
async function recordsOf(db: AppDb): Promise<Rec[]> {
  const out: Rec[] = [];
  for (const table of TABLES) {
    for (const row of await db[table].toArray()) {
      const { id, ...rest } = row as unknown as Record<string, unknown> & { id: string };
      const fields = Object.fromEntries(Object.entries(rest).filter(([k]) => !k.startsWith('_')));
      out.push({ table, id, fields });
    }
  }
  return out;
}

const pouchDoc = (r: Rec) => ({ _id: `${r.table}:${r.id}`, ...r.fields });
const rxDoc = (r: Rec, i: number): RxDoc => ({ id: r.id, ...r.fields, updatedAt: 1 + i });

function startChild(file: string): Promise<{ port: number; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, file)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${file} did not start in 30 s`)), 30_000);
    proc.once('exit', (code) => fail(new Error(`${file} exited with ${code}`)));
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { event?: string; port: number };
        if (msg.event === 'listening') {
          clearTimeout(timer);
          ok({ port: msg.port, proc });
        }
      } catch {
        /* not ours */
      }
    });
  });
}

/**
 * Runs `work` through the proxy from a clean count; wire bytes (up + down) and milliseconds.
 * `cold`: every connection of the proxy is closed first, so each side pays its handshake, as a
 * phone coming back online does (the pushes: a visit recorded offline). Otherwise connections
 * of the runs before stay open, as after a sign-in (the first sync's pull).
 */
async function measured(
  proxy: ThrottleProxy,
  work: () => Promise<void>,
  start: 'cold' | 'warm' = 'warm',
): Promise<Sample> {
  if (start === 'cold') await proxy.dropConnections();
  proxy.reset();
  const fetchesBefore = fetches;
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  const { up, down } = proxy.bytes();
  return { bytes: up + down, up, down, ms, requests: fetches - fetchesBefore };
}

/**
 * The least time the emulated link allows one request on a cold connection: the handshake's
 * round trip, the request's round trip, and its bytes at the link's rates, with no CPU anywhere
 * (throttle-proxy.ts). No side can send the same bytes faster over that link.
 */
const oneRequestFloorMs = (s: Sample) =>
  2 * SLOW_4G.rttMs + (s.up * 8000) / SLOW_4G.upBps + (s.down * 8000) / SLOW_4G.downBps;

/** brotli quality 5 in text mode, as our server sends (server/http/compress.ts). */
const brotli5 = (text: string) =>
  brotliCompressSync(text, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 5,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  }).length;

async function syncToEnd(engine: ReturnType<typeof createSyncEngine>): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const out = await engine.syncNow();
    if (out.status !== 'ok')
      throw new Error(`sync failed: ${out.status} ${JSON.stringify(out.error ?? null)}`);
    if (!out.more) return;
  }
  throw new Error('sync did not finish in 50 runs');
}

/** A fresh server of ours (child process) behind its own slow-link proxy, with a signed-in token. */
async function ourSide() {
  const server = await startServer({
    env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
  });
  const proxy = await startThrottleProxy(server.port, SLOW_4G);
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!login.ok) throw new Error(`login: ${login.status}`);
  const { token } = (await login.json()) as { token: string };
  const engineFor = (db: AppDb) =>
    createSyncEngine(db, { baseUrl: proxy.url, getToken: () => token, appVersion: 'bench' });
  return {
    proxy,
    engineFor,
    url: server.url,
    token,
    async close() {
      await proxy.close();
      await server.stop();
    },
  };
}

/** One device → server run of ours, on a fresh server (so the device pulls nothing but its own). */
async function ourPush(photos: number): Promise<Sample> {
  const ours = await ourSide();
  try {
    const device = makeTestDb();
    await visitWithPhotos(device, photos);
    const engine = ours.engineFor(device);
    const s = await measured(
      ours.proxy,
      async () => {
        await Promise.all([syncToEnd(engine), engine.uploadNow()]);
        await engine.uploadNow();
        const left = await device.blobState.where('state').notEqual('uploaded').count();
        if (left > 0) throw new Error(`${left} photos not uploaded`);
      },
      'cold',
    );
    device.close();
    return s;
  } finally {
    await ours.close();
  }
}

/** The 1,000 observations (with their site and visit) a fresh device pulls. */
function pullRecords(): Rec[] {
  const now = new Date().toISOString();
  const siteId = uuidv7();
  const visitId = uuidv7();
  return [
    {
      table: 'sites',
      id: siteId,
      fields: {
        municipality: 'Darmstadt',
        quarter: 'Kranichstein',
        phase: 'isek',
        yearAdmitted: null,
        contact: { name: '', organisation: '', email: '', phone: '' },
        notes: '',
        createdAt: now,
      },
    },
    {
      table: 'visits',
      id: visitId,
      fields: {
        siteId,
        date: '2026-05-05',
        phase: 'isek',
        status: 'done',
        goals: 'Bestandsaufnahme',
        route: '',
        notes: '',
        createdAt: now,
      },
    },
    ...Array.from({ length: 1000 }, (_, i) => ({
      table: 'observations' as const,
      id: uuidv7(),
      fields: {
        visitId,
        fieldId: 'housing',
        kind: 'challenge',
        perspective: i % 2 ? 'local' : 'outside',
        rating: (i % 5) + 1,
        text: `Beobachtung ${i}: Der Platz vor der Schule wird nachmittags stark genutzt, es fehlen Bänke und Schatten.`,
        place: 'Marktplatz',
        lat: null,
        lng: null,
        author: 'Bench',
        createdAt: new Date(Date.parse(now) + i).toISOString(),
      },
    })),
  ];
}

const ENTITY: Partial<Record<Table, Create['entity']>> = {
  sites: 'site',
  visits: 'visit',
  observations: 'observation',
};

/** Seeds our server through the sync protocol, as another device would have pushed them. */
async function seedOurs(url: string, token: string, records: Rec[]): Promise<void> {
  const creates = records.map((r) => ({
    entity: ENTITY[r.table]!,
    id: r.id,
    fields: { id: r.id, ...r.fields },
  }));
  for (const body of createRequests(creates)) {
    const res = await fetch(`${url}/api/v1/sync`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`seeding: ${res.status} ${await res.text()}`);
    assertAllApplied((await res.json()) as { results: { status: string }[] });
  }
}

/** What Chromium offers (less zstd, which Node's fetch cannot decode and no server here sends). */
const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br';

/** Calls of the global fetch so far (fetchAsBrowser counts them). */
let fetches = 0;

/** Global fetch asking as a browser does, unless the caller named its codings; returns the undo. */
function fetchAsBrowser(): () => void {
  const plain = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    fetches++;
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : {}));
    if (!headers.has('accept-encoding')) headers.set('accept-encoding', BROWSER_ACCEPT_ENCODING);
    return plain(input, { ...init, headers });
  };
  return () => (globalThis.fetch = plain);
}

/**
 * Our pull read directly (not through the proxy) as a fresh device of the clients here: the coding
 * our server sends its pages in ('identity' = plain), and the rows a fresh device must store (the
 * seeded records and the checklist templates every device gets), each page's rows one JSON array
 * in brotli 5: the bytes of the content itself, without any protocol field or HTTP header.
 */
async function ourDirectPull(
  url: string,
  token: string,
): Promise<{ coding: string; rowsBytes: number; rows: number }> {
  const device = benchDevice();
  let coding: string | null = null;
  let cursor: string | null = null;
  let rowsBytes = 0;
  let rows = 0;
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${url}/api/v1/sync`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...device.request([], { pullLimit: BATCH }), cursor }),
    });
    if (!res.ok) throw new Error(`pull: ${res.status}`);
    coding ??= res.headers.get('content-encoding') ?? 'identity';
    const page = (await res.json()) as {
      changes: { row: unknown }[];
      cursor: string;
      hasMore: boolean;
    };
    const live = page.changes.map((c) => c.row).filter((r) => r !== null);
    rowsBytes += brotli5(JSON.stringify(live));
    rows += live.length;
    cursor = page.cursor;
    if (!page.hasMore) return { coding, rowsBytes, rows };
  }
  throw new Error('the pull did not end in 100 pages');
}

const bench: Bench = async (report) => {
  const undoFetch = fetchAsBrowser();
  const pouch = await startChild('support/pouch-server.ts');
  const rx = await startChild('support/rxdb-server.ts');
  const pouchProxy = await startThrottleProxy(pouch.port, SLOW_4G);
  const rxProxy = await startThrottleProxy(rx.port, SLOW_4G);
  const direct = { pouch: `http://127.0.0.1:${pouch.port}`, rx: `http://127.0.0.1:${rx.port}` };
  let space = 0;
  const pouchRemote = async (name: string) => {
    await new PouchDB(`${direct.pouch}/${name}`).info(); // created before the timed window
    return new PouchDB(`${pouchProxy.url}/${name}`, { skip_setup: true });
  };
  const pouchOpts = { batch_size: BATCH, batches_limit: 10 };

  /** PouchDB: the device's records replicate to a new remote database; photos as binary PUTs. */
  async function pouchPush(photos: number): Promise<Sample> {
    const device = makeTestDb();
    await visitWithPhotos(device, photos);
    const recs = await recordsOf(device);
    const bytes = new Map<string, Buffer>();
    for (const r of recs.filter((x) => x.table === 'photos')) {
      const p = r.fields as { sha256: string; thumbSha256: string };
      for (const h of [p.sha256, p.thumbSha256])
        bytes.set(h, Buffer.from(await (await readBlob(device, h))!.arrayBuffer()));
    }
    device.close();
    const local = new Memory(`push-${uuidv7()}`);
    await local.bulkDocs(recs.map(pouchDoc));
    const remote = await pouchRemote(`push-${uuidv7()}`);
    const s = await measured(
      pouchProxy,
      async () => {
        const r = await local.replicate.to(remote, pouchOpts);
        if (r.docs_written !== recs.length)
          throw new Error(`PouchDB wrote ${r.docs_written} of ${recs.length} docs`);
        await Promise.all(
          recs
            .filter((x) => x.table === 'photos')
            .map(async (x) => {
              const p = x.fields as { sha256: string; thumbSha256: string };
              const id = `photos:${x.id}`;
              const { _rev } = await local.get(id); // the same revision the remote now has
              const a = await remote.putAttachment(
                id,
                'image.jpg',
                _rev!,
                bytes.get(p.sha256)!,
                'image/jpeg',
              );
              await remote.putAttachment(
                id,
                'thumb.jpg',
                a.rev,
                bytes.get(p.thumbSha256)!,
                'image/jpeg',
              );
            }),
        );
      },
      'cold',
    );
    await local.destroy();
    return s;
  }

  /** RxDB: the device's records into a new RxDB database, replicated to a new space. */
  async function rxPush(): Promise<Sample> {
    const device = makeTestDb();
    await visitWithPhotos(device, 0);
    const recs = await recordsOf(device);
    device.close();
    const db = await openRxdb(TABLES);
    try {
      for (const t of TABLES) {
        const docs = recs.map((r, i) => ({ r, i })).filter(({ r }) => r.table === t);
        if (docs.length) await collectionOf(db, t).bulkInsert(docs.map(({ r, i }) => rxDoc(r, i)));
      }
      const url = `${rxProxy.url}/s${++space}`;
      const s = await measured(rxProxy, () => replicateOnce(db, url), 'cold');
      const stored = (await (
        await fetch(`${direct.rx}/s${space}/observations/pull?batchSize=1000`)
      ).json()) as { documents: unknown[] };
      if (stored.documents.length !== 30)
        throw new Error(`RxDB pushed ${stored.documents.length} of 30 observations`);
      return s;
    } finally {
      await db.close();
    }
  }

  const runs = async (f: () => Promise<Sample>) => {
    const out: Sample[] = [];
    for (let i = 0; i < SAMPLES; i++) out.push(await f());
    return mid(out);
  };
  /** floors: what bounds our side from below, added to the figure's note (time or bytes). */
  const pair = (
    name: string,
    us: Sample,
    peers: Record<string, Sample>,
    what: string,
    floors: { time?: (peer: Sample) => string; bytes?: (peer: Sample) => string } = {},
  ) => {
    const list = Object.entries(peers);
    const lessBytes = list.reduce((a, b) => (b[1].bytes < a[1].bytes ? b : a));
    const lessTime = list.reduce((a, b) => (b[1].ms < a[1].ms ? b : a));
    const detail = `${say('ours', us)}; ${list.map(([k, s]) => say(k, s)).join('; ')}; ${what}; median of ${SAMPLES}`;
    const floorNote = (f: ((peer: Sample) => string) | undefined, peer: Sample) =>
      f ? `; ${f(peer)}` : '';
    report({
      name: `${name}_bytes_ratio`,
      value: round2(us.bytes / lessBytes[1].bytes),
      unit: 'ratio',
      note: `vs ${lessBytes[0]}; ${detail}${floorNote(floors.bytes, lessBytes[1])}`,
    });
    report({
      name: `${name}_time_ratio`,
      value: round2(us.ms / lessTime[1].ms),
      unit: 'ratio',
      note: `vs ${lessTime[0]}; ${detail}${floorNote(floors.time, lessTime[1])}`,
    });
  };

  try {
    // ── 1. Records only, device → server.
    {
      const us = await runs(() => ourPush(0));
      const pouchS = await runs(() => pouchPush(0));
      const rxS = await runs(rxPush);
      if (us.requests !== 1) throw new Error(`our push made ${us.requests} requests, not 1`);
      const floorMs = oneRequestFloorMs(us);
      pair('peer_push_records', us, { PouchDB: pouchS, RxDB: rxS }, 'records only', {
        time: (peer) =>
          `floor: our one request's handshake, round trip and bytes on this link take ${(floorMs / 1000).toFixed(2)} s with no CPU = ratio ${round2(floorMs / peer.ms)}`,
      });
    }

    // ── 2. A fresh device pulls 1,000 observations (seeded on every server without the proxy).
    {
      const records = pullRecords();
      const ours = await ourSide();
      try {
        await seedOurs(ours.url, ours.token, records);
        const ourPull = await ourDirectPull(ours.url, ours.token);
        await new PouchDB(`${direct.pouch}/pull`).bulkDocs(records.map(pouchDoc));
        const rxSpace = `s${++space}`;
        for (const t of ['sites', 'visits', 'observations'] as const) {
          const rows = records
            .map((r, i) => ({ r, i }))
            .filter(({ r }) => r.table === t)
            .map(({ r, i }) => ({ newDocumentState: { ...rxDoc(r, i), _deleted: false } }));
          const res = await fetch(`${direct.rx}/${rxSpace}/${t.toLowerCase()}/push`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(rows),
          });
          if (!res.ok) throw new Error(`seeding RxDB: ${res.status}`);
        }

        const us = await runs(async () => {
          const fresh = makeTestDb();
          const s = await measured(ours.proxy, () => syncToEnd(ours.engineFor(fresh)));
          const got = await fresh.observations.count();
          fresh.close();
          if (got !== 1000) throw new Error(`fresh device pulled ${got} of 1000 observations`);
          return s;
        });
        const pouchS = await runs(async () => {
          const local = new Memory(`pull-${uuidv7()}`);
          const remote = new PouchDB(`${pouchProxy.url}/pull`, { skip_setup: true });
          const s = await measured(pouchProxy, async () => {
            const r = await local.replicate.from(remote, pouchOpts);
            if (r.docs_written !== records.length)
              throw new Error(`PouchDB pulled ${r.docs_written} of ${records.length} docs`);
          });
          await local.destroy();
          return s;
        });
        const rxS = await runs(async () => {
          const db = await openRxdb(TABLES);
          try {
            const s = await measured(rxProxy, () => replicateOnce(db, `${rxProxy.url}/${rxSpace}`));
            const got = await collectionOf(db, 'observations').count().exec();
            if (got !== 1000) throw new Error(`RxDB pulled ${got} of 1000 observations`);
            return s;
          } finally {
            await db.close();
          }
        });
        pair(
          'peer_pull_records',
          us,
          { PouchDB: pouchS, RxDB: rxS },
          `${records.length} records; our pull answers sent ${ourPull.coding}`,
          {
            bytes: (peer) =>
              `floor: the ${ourPull.rows} rows our device stores (with the checklist templates every device gets), in our pages, brotli 5, without protocol fields or HTTP, are ${kib(ourPull.rowsBytes)} = ratio ${round2(ourPull.rowsBytes / peer.bytes)}`,
          },
        );
      } finally {
        await ours.close();
      }
    }

    // ── 3. The same visit with 10 photos, device → server (PouchDB only: see the head comment).
    {
      const us = await runs(() => ourPush(10));
      const pouchS = await runs(() => pouchPush(10));
      pair('peer_push_photos', us, { PouchDB: pouchS }, '10 photos, 1680 KiB JPEG');
    }
  } finally {
    await pouchProxy.close();
    await rxProxy.close();
    pouch.proc.kill();
    rx.proc.kill();
    undoFetch();
  }
};
export default bench;
