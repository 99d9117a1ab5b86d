// One chaos run: real Chromium loads the app through the fault-injecting proxy,
// captures a visit with observations and photos while the network is rough (latency 150–2000 ms,
// 750 kbps, resets, truncated answers) and during a full outage; after healing, the sync must
// converge within three "Jetzt synchronisieren" cycles, and the server must hold exactly what
// was captured, once, photo bytes matching their hashes. Used by test/e2e/chaos.test.ts (short
// outage) and test/reliability/browser-chaos.ts (30-second outage).
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { dataPaths } from '../../../src/server/config';
import { readAppDb } from './app-db';
import { PHONE, launchBrowser, waitForServiceWorker } from './browser';
import {
  addObservation,
  addPhotos,
  createSite,
  createVisit,
  drawJpeg,
  pressSyncNow,
  until,
} from './capture';
import { type ChaosStats, CLEAN, ROUGH, startChaosProxy } from './chaos-proxy';
import type { RunningServer } from '../../support/server-process';
import { defaultAccount, signIn } from '../../support/accounts';

export type ChaosResult = {
  cycles: number;
  converged: boolean;
  /** Faults up to the end of the rough phase (before the outage). */
  rough: ChaosStats;
  /** Page loads of the main frame after the network turned rough (expected: none). */
  reloads: string[];
  /** Of the three sync presses while rough, how many ended in "Synchronisiert ✓". */
  roughSyncsOk: number;
  stats: ChaosStats;
  captured: { observations: string[]; photos: string[] };
  server: { observations: string[]; photos: string[]; blobsOk: number; blobsBad: string[] };
  pageErrors: string[];
  seconds: number;
};

type LocalPhoto = { sha256: string; thumbSha256: string; visitId: string; _deleted?: number };

function localPhotos(page: import('playwright-core').Page): Promise<LocalPhoto[]> {
  return readAppDb(page, ({ all }) => all<LocalPhoto>('photos'));
}

/** What the server holds for `visitId`: its SQLite file opened read-only, photo bytes over its API. */
async function serverState(server: RunningServer, visitId: string, token: string) {
  const db = new Database(dataPaths({ DATA_DIR: server.dataDir }).dbFile, {
    readonly: true,
    fileMustExist: true,
  });
  try {
    const rows = db
      .prepare('SELECT entity, data FROM records WHERE visit_id = ? AND deleted = 0')
      .all(visitId) as { entity: string; data: string }[];
    const data = (e: string) =>
      rows.filter((r) => r.entity === e).map((r) => JSON.parse(r.data) as Record<string, unknown>);
    const observations = data('observation').map((o) => String(o['text']));
    const photos = data('photo');
    const hashes = photos.flatMap((p) => [String(p['sha256']), String(p['thumbSha256'])]);
    let blobsOk = 0;
    const blobsBad: string[] = [];
    for (const sha of hashes) {
      const res = await fetch(`${server.url}/api/v1/blobs/${sha}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const bytes = res.ok ? Buffer.from(await res.arrayBuffer()) : Buffer.alloc(0);
      if (res.ok && createHash('sha256').update(bytes).digest('hex') === sha) blobsOk++;
      else blobsBad.push(`${sha}: ${res.status}`);
    }
    return { observations, photos: photos.map((p) => String(p['sha256'])), blobsOk, blobsBad };
  } finally {
    db.close();
  }
}

const sorted = (a: string[]) => [...a].sort();
const same = (a: string[], b: string[]) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

export async function runChaos(
  server: RunningServer,
  opts: { outageMs: number; seed: number; log?: (m: string) => void },
): Promise<ChaosResult> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  const proxy = await startChaosProxy(server, opts.seed);
  const browser = await launchBrowser();
  try {
    const ctx = await browser.newContext({ viewport: PHONE, locale: 'de-DE' });
    const page = await ctx.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    // The app's origin is the proxy's: page, service worker and sync all go through it.
    const viaProxy = { ...server, url: proxy.url };
    const account = await defaultAccount(server);
    await signIn(page, viaProxy, account);
    await waitForServiceWorker(page);

    // The app must never reload itself while the person captures (it once did, on a failed warm-up import).
    const reloads: string[] = [];
    page.on('domcontentloaded', () => reloads.push(page.url())); // real document loads only, not client-side routing
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') log(`console ${m.type()}: ${m.text()}`);
    });
    let rough: ChaosStats | null = null;
    let roughSyncsOk = 0;
    proxy.set(ROUGH);
    log('rough network on');
    try {
      const observations: string[] = [];
      await createSite(page, 'Gießen', `Nordstadt ${opts.seed}`);
      const visitPath = await createVisit(page);
      const visitId = visitPath.split('/').pop()!;
      for (let i = 1; i <= 3; i++) {
        const t = `Beobachtung ${i} unter Störungen`;
        await addObservation(page, t);
        observations.push(t);
      }
      await addPhotos(page, [
        { name: 'a.jpg', buffer: await drawJpeg(page, 1) },
        { name: 'b.jpg', buffer: await drawJpeg(page, 2) },
      ]);
      // Syncs through the rough network may or may not get through: that is the point. More
      // observations in between, so that there is something to send each time.
      for (let i = 0; i < 3; i++) {
        if (await pressSyncNow(page, 10_000)) roughSyncsOk++;
        const t = `Nachtrag ${i + 1} bei wackeligem Netz`;
        await addObservation(page, t);
        observations.push(t);
      }
      rough = { ...proxy.stats };
      log(`rough phase done: ${JSON.stringify(rough)}`);

      proxy.down();
      const outageEnds = Date.now() + opts.outageMs;
      log(`outage for ${opts.outageMs} ms`);
      for (let i = 4; i <= 5; i++) {
        const t = `Beobachtung ${i} im Funkloch`;
        await addObservation(page, t);
        observations.push(t);
      }
      await addPhotos(page, [{ name: 'c.jpg', buffer: await drawJpeg(page, 3) }]);
      await pressSyncNow(page, 2_000);
      await new Promise((r) => setTimeout(r, Math.max(0, outageEnds - Date.now()))); // the scenario: the outage lasts until its end
      proxy.heal();
      proxy.set(CLEAN);
      log('healed');

      const photos = (await localPhotos(page))
        .filter((p) => p.visitId === visitId && !p._deleted)
        .map((p) => p.sha256);
      const token = (
        (await (
          await fetch(`${server.url}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: account.email, password: account.password }),
          })
        ).json()) as { token: string }
      ).token;
      let cycles = 0;
      let state = await serverState(server, visitId, token);
      const done = () =>
        same(state.observations, observations) &&
        same(state.photos, photos) &&
        state.blobsBad.length === 0 &&
        state.blobsOk === photos.length * 2;
      while (cycles < 3 && !done()) {
        cycles++;
        const ok = await pressSyncNow(page, 30_000);
        // Photo bytes may finish after the records: give the cycle until its own timeout.
        await until(
          'server holds the capture',
          async () => {
            state = await serverState(server, visitId, token);
            return done();
          },
          30_000,
        ).catch(() => {});
        log(
          `cycle ${cycles}: indicator ${ok ? 'ok' : 'not ok'}, server ${JSON.stringify({ o: state.observations.length, p: state.photos.length, b: state.blobsOk })}`,
        );
      }
      state = await serverState(server, visitId, token);
      await ctx.close();
      return {
        cycles,
        converged: done(),
        reloads,
        rough: rough!,
        roughSyncsOk,
        stats: { ...proxy.stats },
        captured: { observations, photos },
        server: state,
        pageErrors,
        seconds: Math.round((Date.now() - started) / 1000),
      };
    } catch (e) {
      await page.screenshot({ path: '/tmp/chaos-fail.png', fullPage: true }).catch(() => {});
      throw e;
    }
  } finally {
    await browser.close();
    await proxy.close();
  }
}
