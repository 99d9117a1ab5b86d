// Side by side with a peer: our sync (the real engine in node on fake-indexeddb, the real server
// as a child process, photos uploaded by the real tus client) against PouchDB replicating to a
// CouchDB-protocol server (express-pouchdb, memory adapter, its own child process). Both go
// through the same emulated Slow 4G link (support/throttle-proxy.ts: 750 kbps up, 1.6 Mbps down,
// 150 ms RTT), one after the other in the same run; bytes are counted on the wire at the proxy.
//   peer_sync_bytes_ratio   our bytes ÷ PouchDB's for one visit: 30 observations + 10 photos
//   peer_sync_time_ratio    our time ÷ PouchDB's for the same
//   peer_initial_pull_ratio our time ÷ PouchDB's for a fresh device pulling 1,000 observations
// PouchDB gets exactly our records (site, visit, checklist items, observations, photo records) as
// documents, each photo's image and thumbnail as JPEG attachments. Photos are incompressible
// (random scan bytes) like real JPEGs, so a server's gzip cannot flatter either side.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import PouchDB from 'pouchdb';
import memory from 'pouchdb-adapter-memory';
import { v7 as uuidv7 } from 'uuid';
import { addObservation, createSite, createVisit } from '../../src/client/db/mutators';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../src/shared/protocol';
import { readBlob } from '../../src/client/db/photos';
import type { AppDb } from '../../src/client/db/schema';
import { createSyncEngine } from '../../src/client/sync/engine';
import { makeTestDb } from '../support/fake-db';
import { fakeJpeg } from '../support/jpeg';
import { startServer } from '../support/server-process';
import type { Bench } from './run';
import { addVisitPhoto } from './support/photos';
import { SLOW_4G, startThrottleProxy, type ThrottleProxy } from './support/throttle-proxy';

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
const round2 = (x: number) => Math.round(x * 100) / 100;
const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;

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

/** The same records as CouchDB documents; photos carry their bytes as attachments. */
async function asDocs(db: AppDb): Promise<{ _id: string; [k: string]: unknown }[]> {
  const docs: { _id: string; [k: string]: unknown }[] = [];
  for (const table of TABLES) {
    for (const row of await db[table].toArray()) {
      // Local bookkeeping (_v, _deleted, _base …) stays local, as our engine does not send it either.
      const { id, ...rest } = row as unknown as Record<string, unknown> & { id: string };
      const fields = Object.fromEntries(Object.entries(rest).filter(([k]) => !k.startsWith('_')));
      const doc: { _id: string; [k: string]: unknown } = { _id: `${table}:${id}`, ...fields };
      if (table === 'photos') {
        const p = row as unknown as { sha256: string; thumbSha256: string };
        const bytes = async (h: string) =>
          Buffer.from(await (await readBlob(db, h))!.arrayBuffer());
        doc._attachments = {
          'image.jpg': { content_type: 'image/jpeg', data: await bytes(p.sha256) },
          'thumb.jpg': { content_type: 'image/jpeg', data: await bytes(p.thumbSha256) },
        };
      }
      docs.push(doc);
    }
  }
  return docs;
}

function startPouchServer(): Promise<{ port: number; proc: ChildProcess }> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'support/pouch-server.ts')],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('pouch server did not start in 30 s')), 30_000);
    proc.once('exit', (code) => fail(new Error(`pouch server exited with ${code}`)));
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

/** Runs `work` through the proxy from a clean count; wire bytes (up + down) and milliseconds. */
async function measured(
  proxy: ThrottleProxy,
  work: () => Promise<void>,
): Promise<{ bytes: number; up: number; down: number; ms: number }> {
  proxy.reset();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  const { up, down } = proxy.bytes();
  return { bytes: up + down, up, down, ms };
}

async function syncToEnd(engine: ReturnType<typeof createSyncEngine>): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const out = await engine.syncNow();
    if (out.status !== 'ok')
      throw new Error(`sync failed: ${out.status} ${JSON.stringify(out.error ?? null)}`);
    if (!out.more) return;
  }
  throw new Error('sync did not finish in 50 runs');
}

/** Our server (child process) behind its own slow-link proxy, with a signed-in token. */
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
  const engineFor = (db: AppDb, direct = false) =>
    createSyncEngine(db, {
      baseUrl: direct ? server.url : proxy.url,
      getToken: () => token,
      appVersion: 'bench',
    });
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

const bench: Bench = async (report) => {
  const pouch = await startPouchServer();
  const pouchProxy = await startThrottleProxy(pouch.port, SLOW_4G);
  const remote = (db: string, direct = false) =>
    new PouchDB(`${direct ? `http://127.0.0.1:${pouch.port}` : pouchProxy.url}/${db}`);
  try {
    // ── 1. One visit with 30 observations and 10 photos, device → server.
    {
      const ours = await ourSide();
      try {
        const device = makeTestDb();
        await visitWithPhotos(device, 10);
        const docs = await asDocs(device);
        const engine = ours.engineFor(device);
        const us = await measured(ours.proxy, async () => {
          await Promise.all([syncToEnd(engine), engine.uploadNow()]);
          await engine.uploadNow();
          const left = await device.blobState.where('state').notEqual('uploaded').count();
          if (left > 0) throw new Error(`${left} photos not uploaded`);
        });
        device.close();
        const local = new Memory(`visit-${Date.now()}`);
        await local.bulkDocs(docs);
        const them = await measured(pouchProxy, async () => {
          const r = await local.replicate.to(remote('visit'));
          if (r.docs_written !== docs.length)
            throw new Error(`PouchDB wrote ${r.docs_written} of ${docs.length} docs`);
        });
        await local.destroy();
        const photoBytes =
          docs.filter((d) => d._id.startsWith('photos:')).length * (160_000 + 12_000);
        const detail = `ours ${kib(us.bytes)} (up ${kib(us.up)}) in ${(us.ms / 1000).toFixed(1)} s; PouchDB ${kib(them.bytes)} (up ${kib(them.up)}) in ${(them.ms / 1000).toFixed(1)} s; ${docs.length} records, ${kib(photoBytes)} JPEG`;
        report({
          name: 'peer_sync_bytes_ratio',
          value: round2(us.bytes / them.bytes),
          unit: 'ratio',
          goal: '≤ 0.7',
          note: detail,
        });
        report({
          name: 'peer_sync_time_ratio',
          value: round2(us.ms / them.ms),
          unit: 'ratio',
          goal: '≤ 0.7',
          note: detail,
        });
      } finally {
        await ours.close();
      }
    }

    // ── 2. A fresh device pulls 1,000 observations (seeded on both servers without the proxy).
    {
      const ours = await ourSide();
      try {
        // Seeded through the sync protocol (as another device would have pushed them).
        const now = new Date().toISOString();
        const siteId = uuidv7();
        const visitId = uuidv7();
        const records: {
          entity: string;
          table: string;
          fields: Record<string, unknown> & { id: string };
        }[] = [
          {
            entity: 'site',
            table: 'sites',
            fields: {
              id: siteId,
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
            entity: 'visit',
            table: 'visits',
            fields: {
              id: visitId,
              siteId,
              date: '2026-05-05',
              phase: 'isek',
              status: 'done',
              goals: 'Bestandsaufnahme',
              route: '',
              participants: [],
              notes: '',
              createdAt: now,
            },
          },
          ...Array.from({ length: 1000 }, (_, i) => ({
            entity: 'observation',
            table: 'observations',
            fields: {
              id: uuidv7(),
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
        const clientId = uuidv7();
        for (let at = 0; at < records.length; at += 100) {
          const batch = records.slice(at, at + 100);
          const res = await fetch(`${ours.url}/api/v1/sync`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ours.token}` },
            body: JSON.stringify({
              protocol: PROTOCOL_VERSION,
              appVersion: 'bench',
              schemaVersion: SCHEMA_VERSION,
              clientId,
              cursor: null,
              outboxHighWater: at + batch.length,
              pullLimit: 1,
              mutations: batch.map((r, i) => ({
                id: uuidv7(),
                clientSeq: at + i + 1,
                entity: r.entity,
                entityId: r.fields.id,
                op: 'create',
                baseVersion: null,
                fields: r.fields,
                schemaVersion: SCHEMA_VERSION,
                clientTime: now,
              })),
            }),
          });
          if (!res.ok) throw new Error(`seeding: ${res.status} ${await res.text()}`);
        }
        const docs = records.map((r) => {
          const { id, ...f } = r.fields;
          return { _id: `${r.table}:${id}`, ...f };
        });
        await remote('pull', true).bulkDocs(docs);

        const fresh = makeTestDb();
        const us = await measured(ours.proxy, () => syncToEnd(ours.engineFor(fresh)));
        const got = await fresh.observations.count();
        fresh.close();
        if (got !== 1000) throw new Error(`fresh device pulled ${got} of 1000 observations`);
        const local = new Memory(`pull-${Date.now()}`);
        const them = await measured(pouchProxy, async () => {
          const r = await local.replicate.from(remote('pull'));
          if (r.docs_written !== docs.length)
            throw new Error(`PouchDB pulled ${r.docs_written} of ${docs.length} docs`);
        });
        await local.destroy();
        report({
          name: 'peer_initial_pull_ratio',
          value: round2(us.ms / them.ms),
          unit: 'ratio',
          goal: '≤ 0.7',
          note: `time; ours ${(us.ms / 1000).toFixed(1)} s / ${kib(us.bytes)}, PouchDB ${(them.ms / 1000).toFixed(1)} s / ${kib(them.bytes)} (bytes ratio ${round2(us.bytes / them.bytes)}); ${docs.length} records`,
        });
      } finally {
        await ours.close();
      }
    }
  } finally {
    await pouchProxy.close();
    pouch.proc.kill();
  }
};
export default bench;
