// Sync benchmarks against the real server app in-process (goals in BENCHMARKS.md):
//   sync_metadata_roundtrips — HTTP round trips for one device to push a visit with 30
//     observations plus another device to pull it (goal ≤ 2: one each);
//   sync_slowlink_ratio — the same visit plus 10 photos over an emulated 750 kbps up /
//     1.6 Mbps down / 150 ms RTT link, divided by the wire-time floor (payload bytes up ÷ up
//     rate + one RTT). Real time: the link sleeps, so this takes ~20 s.
import { promisify } from 'node:util';
import { createBrotliDecompress, createGunzip, gzip } from 'node:zlib';
import type { Figure, FigureSpec } from './run';
import {
  checklistFields,
  followUpFields,
  observationFields,
  photoFields,
  siteFields,
  visitFields,
} from '../support/rows';
import { addObservation, createSite, createVisit } from '../../src/client/db/mutators';
import { createSyncEngine } from '../../src/client/sync/engine';
import { makeTestDb } from '../support/fake-db';
import { startSimServer, type SimServer } from '../support/server';
import { fakeJpeg } from '../support/jpeg';
import { addVisitPhoto } from './support/photos';
import { assertAllApplied, createRequests, type Create } from './support/sync-seed';

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

/**
 * The realistic data set of a new device's first sync (10 sites, 200 visits, 10k observations,
 * 4k checklist items, 1k follow-ups, 2k photo rows), pushed straight to the server in batches.
 */
async function seedRealistic(server: SimServer) {
  const rows: { entity: string; fields: Record<string, unknown> }[] = [];
  for (let s = 0; s < 10; s++) {
    const site = siteFields();
    rows.push({ entity: 'site', fields: { ...site, quarter: `Quartier ${s}` } });
    for (let v = 0; v < 20; v++) {
      const visit = { ...visitFields(site.id), goals: `Begehung ${v} mit dem Quartiersmanagement` };
      rows.push({ entity: 'visit', fields: visit });
      for (let o = 0; o < 50; o++)
        rows.push({
          entity: 'observation',
          fields: {
            ...observationFields(visit.id),
            fieldId: 'housing',
            rating: (o % 5) + 1,
            text: `Beobachtung ${o}: Innenhof begrünt, Spielplatz saniert, Beleuchtung fehlt am Durchgang zur Schule.`,
            place: 'Marktplatz',
            author: 'Bench',
          },
        });
      for (let c = 0; c < 20; c++)
        rows.push({
          entity: 'checklistItem',
          fields: { ...checklistFields(visit.id, `prep-${c}`), order: c },
        });
      for (let f = 0; f < 5; f++)
        rows.push({ entity: 'followUp', fields: followUpFields(visit.id, site.id) });
      for (let p = 0; p < 10; p++)
        rows.push({
          entity: 'photo',
          fields: {
            ...photoFields(visit.id, (p + v * 10 + s * 200).toString(16).padStart(64, '0')),
            order: p,
          },
        });
    }
  }
  const creates = rows.map((r) => ({
    entity: r.entity as Create['entity'],
    id: r.fields['id'] as string,
    fields: r.fields,
  }));
  for (const body of createRequests(creates)) {
    const res = await server.handle(
      new Request('http://bench/api/v1/sync', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
        body: JSON.stringify(body),
      }),
    );
    if (res.status !== 200) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
    assertAllApplied((await res.json()) as { results: { status: string }[] });
  }
  return rows.length;
}

/** Wire bytes per step of the emulated downlink: an answer arrives (and decodes) in steps of this. */
const CHUNK_BYTES = 4096;

type Wire = { up: number; down: number; gzipDown: number; pending: Promise<void>[] };

/**
 * A shared emulated link: transfers serialize per direction; each request pays one RTT. The
 * device asks for compressed answers as a browser does (Accept-Encoding); fetch resolves when the
 * headers arrive and the body arrives as the link carries it, decoded as it comes (as a browser
 * decodes), so a device that reads an answer as it arrives sees its first bytes early. `wire`
 * counts what crossed; the gzip size of each answer is counted off the timed path (`pending`).
 */
function slowLink(server: SimServer, wire: Wire = { up: 0, down: 0, gzipDown: 0, pending: [] }) {
  let upFree = 0;
  let downFree = 0;
  const until = (t: number) =>
    new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    if (!req.headers.has('accept-encoding')) req.headers.set('accept-encoding', 'gzip, br');
    const up = HEADER_BYTES + (req.body ? (await req.clone().arrayBuffer()).byteLength : 0);
    wire.up += up;
    upFree = Math.max(performance.now(), upFree) + (up * 8 * 1000) / UP_BPS;
    await until(upFree + RTT_MS / 2);
    const res = await server.handle(req);
    const body = new Uint8Array(
      req.method === 'HEAD' ? new ArrayBuffer(0) : await res.arrayBuffer(),
    );
    wire.down += HEADER_BYTES + body.byteLength;
    // This answer's bytes follow those already queued on the downlink.
    const start = Math.max(performance.now() + RTT_MS / 2, downFree);
    const at = (bytes: number) => start + ((HEADER_BYTES + bytes) * 8 * 1000) / DOWN_BPS;
    downFree = at(body.byteLength);
    const coding = res.headers.get('content-encoding') as 'br' | 'gzip' | null;
    const plain: Uint8Array[] = [];
    let closed = () => {};
    wire.pending.push(
      new Promise<void>((r) => (closed = r)).then(async () => {
        if (coding === 'gzip') wire.gzipDown += body.byteLength;
        else
          wire.gzipDown += (await promisify(gzip)(Buffer.concat(plain), { level: 6 })).byteLength;
      }),
    );
    await until(at(0));
    const headers = new Headers(res.headers);
    headers.delete('content-encoding');
    headers.delete('content-length');
    if (res.status === 204 || res.status === 304 || req.method === 'HEAD') {
      closed();
      return new Response(null, { status: res.status, headers });
    }
    const decoder = coding === 'br' ? createBrotliDecompress() : coding ? createGunzip() : null;
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        const deliver = (bytes: Uint8Array) => {
          plain.push(bytes);
          c.enqueue(bytes);
        };
        decoder?.on('data', (d: Buffer) => deliver(new Uint8Array(d)));
        void (async () => {
          for (let off = 0; off < body.byteLength; off += CHUNK_BYTES) {
            const end = Math.min(off + CHUNK_BYTES, body.byteLength);
            await until(at(end));
            if (decoder) decoder.write(body.subarray(off, end));
            else deliver(body.slice(off, end));
          }
          if (decoder)
            await new Promise((r) => {
              decoder.once('end', r);
              decoder.end();
            });
          c.close();
          closed();
        })();
      },
    });
    return new Response(stream, { status: res.status, headers });
  };
  return fetch;
}

export const figures: Record<string, FigureSpec> = {
  sync_metadata_roundtrips: {
    goal: '≤ 2',
    times:
      'HTTP round trips for one device to push a visit with 30 observations and another device to pull it (engine in Node, in-process server)',
  },
  sync_slowlink_ratio: {
    goal: '≤ 1.2',
    times:
      'from "Jetzt synchronisieren" until the visit with 30 observations and 10 photos is verified on the server, over 750 kbps up / 1.6 Mbps down / 150 ms RTT, divided by the upload wire time of those bytes plus one RTT',
  },
  first_sync_slowlink_ratio: {
    goal: '≤ 1.3',
    times:
      "a new device's first sync of 10 sites, 200 visits, 10k observations, 4k checklist items, 1k follow-ups and 2k photo rows (not the thumbnails' bytes), from the first request until the last page is stored in IndexedDB (fake-indexeddb in Node), over 1.6 Mbps down / 750 kbps up / 150 ms RTT, divided by the wire time of the gzip size of every answer plus one RTT",
  },
  first_sync_slowlink_s: {
    goal: '≤ 60',
    times:
      "the same first sync's time in seconds, from the first request until the last page is stored",
  },
};

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
    await server.close();
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
    await server.close();
  }

  // 3. First sync of a new device over the slow link: the realistic data set, records only.
  {
    const server = await startSimServer();
    const rows = await seedRealistic(server);
    const db = makeTestDb();
    const wire: Wire = { up: 0, down: 0, gzipDown: 0, pending: [] };
    const engine = createSyncEngine(db, {
      baseUrl: 'http://bench',
      getToken: () => server.token,
      fetch: slowLink(server, wire),
      appVersion: 'bench',
    });
    const started = performance.now();
    for (let i = 0; ; i++) {
      const out = await engine.syncNow();
      if (out.status !== 'ok') throw new Error(`first sync failed: ${out.status}`);
      if (!out.more) break;
      if (i > 100) throw new Error('first sync did not finish');
    }
    const elapsed = performance.now() - started;
    await Promise.all(wire.pending);
    const got =
      (await db.observations.count()) +
      (await db.checklistItems.count()) +
      (await db.followUps.count()) +
      (await db.photos.count()) +
      (await db.visits.count()) +
      (await db.sites.count());
    if (got < rows) throw new Error(`first sync stored ${got} of ${rows} rows`);
    const floor = (wire.gzipDown * 8 * 1000) / DOWN_BPS + RTT_MS;
    report({
      name: 'first_sync_slowlink_ratio',
      value: Math.round((elapsed / floor) * 100) / 100,
      unit: 'ratio',
      note: `${(elapsed / 1000).toFixed(1)} s for ${rows} rows; ${(wire.down / 1024).toFixed(0)} KiB down as sent (brotli), ${(wire.gzipDown / 1024).toFixed(0)} KiB gzip, ${(wire.up / 1024).toFixed(0)} KiB up; floor ${(floor / 1000).toFixed(1)} s`,
    });
    report({
      name: 'first_sync_slowlink_s',
      value: Math.round(elapsed / 100) / 10,
      unit: 's',
      note: `${rows} rows`,
    });
    db.close();
    await server.close();
  }
}
