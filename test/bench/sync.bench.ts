// Sync benchmarks against the real server app in-process (goals in BENCHMARKS.md):
//   sync_metadata_roundtrips — HTTP round trips for one device to push a visit with 30
//     observations plus another device to pull it (goal ≤ 2: one each);
//   sync_slowlink_ratio — the same visit plus 10 photos over an emulated 750 kbps up /
//     1.6 Mbps down / 150 ms RTT link, divided by the wire-time floor (payload bytes up ÷ up
//     rate + one RTT). Real time: the link sleeps, so this takes ~20 s.
import type { Figure } from './run';
import { addObservation, createSite, createVisit } from '../../src/client/db/mutators';
import { createSyncEngine } from '../../src/client/sync/engine';
import { makeTestDb } from '../support/fake-db';
import { startSimServer, type SimServer } from '../support/server';
import { fakeJpeg } from '../support/jpeg';
import { addVisitPhoto } from './support/photos';

const UP_BPS = 750_000;
const DOWN_BPS = 1_600_000;
const RTT_MS = 150;
const HEADER_BYTES = 300; // request line + headers, each way

async function visitWith30Observations(db: ReturnType<typeof makeTestDb>) {
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
  return visit;
}

function counting(server: SimServer) {
  let posts = 0;
  const fetch: typeof globalThis.fetch = (input, init) => {
    posts++;
    return server.handle(new Request(input as RequestInfo, init));
  };
  return { fetch, count: () => posts };
}

/** A shared emulated link: transfers serialize per direction; each request pays one RTT. */
function slowLink(server: SimServer) {
  let upFree = 0;
  let downFree = 0;
  const until = (t: number) =>
    new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    const up = HEADER_BYTES + (req.body ? (await req.clone().arrayBuffer()).byteLength : 0);
    upFree = Math.max(performance.now(), upFree) + (up * 8 * 1000) / UP_BPS;
    await until(upFree + RTT_MS / 2);
    const res = await server.handle(req);
    const body = req.method === 'HEAD' ? new ArrayBuffer(0) : await res.arrayBuffer();
    const arrive = performance.now() + RTT_MS / 2;
    downFree =
      Math.max(arrive, downFree) + ((HEADER_BYTES + body.byteLength) * 8 * 1000) / DOWN_BPS;
    await until(downFree);
    return new Response(
      res.status === 204 || res.status === 304 || req.method === 'HEAD' ? null : body,
      { status: res.status, headers: res.headers },
    );
  };
  return fetch;
}

export default async function bench(report: (f: Figure) => void): Promise<void> {
  // 1. Round trips for push (device A) and pull (device B).
  {
    const server = await startSimServer();
    const a = makeTestDb();
    const b = makeTestDb();
    await visitWith30Observations(a);
    const wa = counting(server);
    const wb = counting(server);
    const ea = createSyncEngine(a, {
      baseUrl: 'http://bench',
      getToken: () => server.token,
      fetch: wa.fetch,
      appVersion: 'bench',
    });
    const eb = createSyncEngine(b, {
      baseUrl: 'http://bench',
      getToken: () => server.token,
      fetch: wb.fetch,
      appVersion: 'bench',
    });
    const pushed = await ea.syncNow();
    const pulled = await eb.syncNow();
    if (pushed.status !== 'ok' || pulled.status !== 'ok' || (await b.observations.count()) !== 30)
      throw new Error('metadata sync failed');
    report({
      name: 'sync_metadata_roundtrips',
      value: wa.count() + wb.count(),
      unit: 'round trips',
      goal: '≤ 2',
      note: `push ${wa.count()} + pull ${wb.count()}; ${await a.checklistItems.count()} checklist items, 30 observations`,
    });
    a.close();
    b.close();
    server.close();
  }

  // 2. Slow link: metadata + 10 photos (with thumbnails) until everything is verified on the server.
  {
    const server = await startSimServer();
    const db = makeTestDb();
    const visit = await visitWith30Observations(db);
    let photoBytes = 0;
    for (let i = 0; i < 10; i++) {
      const image = fakeJpeg(1600, 1200, 160_000, 0x10 + i);
      const thumb = fakeJpeg(320, 240, 12_000, 0x10 + i);
      photoBytes += image.byteLength + thumb.byteLength;
      await addVisitPhoto(db, visit.id, image, thumb);
    }
    const pushJson = JSON.stringify(
      (await db.outbox.toArray()).map(
        ({ visitId: _v, state: _s, createdAt: _c, attempts: _a, ...m }) => m,
      ),
    ).length;
    const engine = createSyncEngine(db, {
      baseUrl: 'http://bench',
      getToken: () => server.token,
      fetch: slowLink(server),
      appVersion: 'bench',
    });
    const started = performance.now();
    const [out] = await Promise.all([engine.syncNow(), engine.uploadNow()]);
    await engine.uploadNow();
    const elapsed = performance.now() - started;
    const left = await db.blobState.where('state').notEqual('uploaded').count();
    if (out.status !== 'ok' || left > 0)
      throw new Error(`slow-link sync incomplete: ${out.status}, ${left} blobs not uploaded`);
    const floor = ((photoBytes + pushJson) * 8 * 1000) / UP_BPS + RTT_MS;
    report({
      name: 'sync_slowlink_ratio',
      value: Math.round((elapsed / floor) * 100) / 100,
      unit: 'ratio',
      goal: '≤ 1.2',
      note: `${(elapsed / 1000).toFixed(1)} s for ${(photoBytes / 1024).toFixed(0)} KiB photos + ${(pushJson / 1024).toFixed(0)} KiB changes; floor ${(floor / 1000).toFixed(1)} s`,
    });
    db.close();
    server.close();
  }
}
