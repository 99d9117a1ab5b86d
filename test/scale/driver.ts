// A scale run: a backend (PostgreSQL + S3, or SQLite), `servers` real server processes behind the
// fault proxy, accounts on a few sites (every tenth device a coordinator, every tenth a member,
// both reading every site; the others Quartiersmanagement of one site, so several devices share
// each scope), and `devices` devices that write, pull and upload photos for `seconds`. With two
// or more servers, one is killed with SIGKILL at 40 % of the traffic and a new process takes its
// place at 65 %. Then the network heals, every outbox and upload queue drains, every device pulls
// to the end, and the checks (checks.ts) run.
//
// startScale() leaves everything running for the caller (the test tampers with the stored state
// and checks again); runScale() also closes it.
import type { ServerDb } from '../../src/server/store/store';
import type { Role } from '../../src/shared/domain/schemas';
import { type Rng, makeRng } from '../support/prng';
import { siteFields } from '../support/rows';
import { type Backend, type BackendKind, openBackend } from './backends';
import { type Problem, runChecks } from './checks';
import { type Outcome, ScaleDevice } from './device';
import { DEFAULT_FAULTS, type FaultProxy, type FaultRates, startFaultProxy } from './proxy';
import { seedAccounts } from './seed';
import { type ServerSet, startServers } from './servers';

export type ScaleOptions = {
  backend: BackendKind;
  devices: number;
  seconds: number;
  /** Server processes (default: 2 on PostgreSQL, 1 on SQLite). */
  servers?: number;
  /** SIGKILL one server mid-run and start a new one (default: with 2 or more servers). */
  kill?: boolean;
  /** null: no faults. */
  faults?: FaultRates | null;
  /** A device's pause between syncs, ms (varies ±50 %). */
  thinkMs?: number;
  /** Every n-th device adds photos (0: none). */
  photoEvery?: number;
  /** Photos one photo device adds at most. */
  maxPhotosPerDevice?: number;
  seed?: number;
  log?: (line: string) => void;
};

export type ScaleFigures = {
  backend: BackendKind;
  servers: number;
  devices: number;
  /** Seconds of traffic (before draining). */
  seconds: number;
  /** Sync requests answered 200 during the traffic, per second. */
  requestsPerSecond: number;
  /** Mutations applied (first time) during the traffic, per second. */
  mutationsPerSecond: number;
  pushes: number;
  pulls: number;
  pushP50Ms: number;
  pushP95Ms: number;
  pullP50Ms: number;
  pullP95Ms: number;
  mutations: number;
  duplicatesAnswered: number;
  /** Pulls the server answered with a reset (the device pulled its scope again from the start). */
  resets: number;
  photos: number;
  photoBytes: number;
  /** Request outcomes other than ok, by kind (sync and upload together). */
  failures: Partial<Record<Outcome, number>>;
  faultsInjected: Record<string, number>;
  /** Seconds from the kill until the new process served. */
  outageSeconds: number | null;
  drainSeconds: number;
  checkSeconds: number;
};

export type ScaleRun = {
  figures: ScaleFigures;
  problems: Problem[];
  events: string[];
  backend: Backend;
  devices: ScaleDevice[];
  /** Runs the checks again (after the caller tampered with the stored state). */
  recheck(): Promise<Problem[]>;
  close(): Promise<void>;
};

const SITES = 5;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! * 10) / 10;
}

function roleOf(i: number): Role {
  if (i % 10 === 0) return 'coordinator';
  if (i % 10 === 5) return 'member';
  return 'quartiersmanagement';
}

export async function startScale(opts: ScaleOptions): Promise<ScaleRun> {
  const log = opts.log ?? (() => undefined);
  const seed = opts.seed ?? Date.now() % 1_000_000;
  const rng = makeRng(seed);
  const serverCount = opts.servers ?? (opts.backend === 'postgres-s3' ? 2 : 1);
  const kill = opts.kill ?? serverCount >= 2;
  const think = opts.thinkMs ?? 250;
  const photoEvery = opts.photoEvery ?? 5;
  const maxPhotos = opts.maxPhotosPerDevice ?? Math.max(2, Math.round(opts.seconds / 8));
  const events: string[] = [];
  const started = Date.now();
  const event = (s: string) => {
    const line = `${((Date.now() - started) / 1000).toFixed(1)} s: ${s}`;
    events.push(line);
    log(line);
  };
  event(`seed ${seed}, ${opts.backend}, ${serverCount} server(s), ${opts.devices} devices`);

  const backend = await openBackend(opts.backend);
  let db: ServerDb | null = null;
  let servers: ServerSet | null = null;
  let proxy: FaultProxy | null = null;
  const closeAll = async () => {
    await proxy?.close();
    await servers?.stopAll();
    await db?.close();
    await backend.release();
  };
  try {
    db = await backend.openDb();
    const siteIds = Array.from({ length: SITES }, () => siteFields().id);
    const [admin, ...accounts] = await seedAccounts(db, [
      { role: 'coordinator', siteId: null },
      ...Array.from({ length: opts.devices }, (_, i) => {
        const role = roleOf(i);
        return { role, siteId: role === 'quartiersmanagement' ? siteIds[i % SITES]! : null };
      }),
    ]);
    event(`accounts seeded (${backend.describe})`);
    servers = await startServers(backend, serverCount);
    event(`${serverCount} server process(es) listening`);
    proxy = await startFaultProxy({ targets: servers.urls(), rng: makeRng(seed + 1) });
    const baseUrl = proxy.url;

    const latencies = { push: [] as number[], pull: [] as number[] };
    const failures: Partial<Record<Outcome, number>> = {};
    const problems: Problem[] = [];
    let traffic = false;
    let requests = 0,
      mutations = 0;
    const hooks = {
      latency(kind: 'push' | 'pull', ms: number) {
        if (traffic) latencies[kind].push(ms);
      },
      outcome(what: 'sync' | 'upload', outcome: Outcome) {
        if (outcome !== 'ok') failures[outcome] = (failures[outcome] ?? 0) + 1;
        else if (traffic && what === 'sync') requests++;
      },
      applied(n: number) {
        if (traffic) mutations += n;
      },
      problem(message: string) {
        if (problems.length < 50) problems.push({ check: 'wire', message });
      },
    };

    // The coordinator's setup device creates the sites (no faults yet).
    const setup = new ScaleDevice(-1, admin!, siteIds[0]!, baseUrl, rng, hooks);
    for (const id of siteIds)
      setup.outbox.push(setup.core.mutation('site', id, 'create', siteFields(id)));
    if (!(await setup.drain(Date.now() + 30_000))) throw new Error('the sites were not created');

    const devices = accounts.map(
      (a, i) =>
        new ScaleDevice(i, a, siteIds[i % SITES]!, baseUrl, makeRng(seed * 1000 + i), hooks),
    );
    proxy.setFaults(opts.faults === undefined ? DEFAULT_FAULTS : opts.faults);
    traffic = true;
    const trafficStart = Date.now();
    const deadline = trafficStart + opts.seconds * 1000;
    event('traffic starts');

    let outageSeconds: number | null = null;
    const chaos = (async () => {
      if (!kill || !servers) return;
      await sleep(opts.seconds * 400);
      event('SIGKILL server 1');
      const killedAt = Date.now();
      await servers.kill(1, 'SIGKILL');
      await sleep(Math.max(0, opts.seconds * 250 - (Date.now() - killedAt)));
      event('starting a new server 1 on the same database');
      await servers.restart(1);
      proxy!.setTargets(servers.urls());
      outageSeconds = (Date.now() - killedAt) / 1000;
      event(`server 1 serving again after ${outageSeconds.toFixed(1)} s`);
    })();

    const drainUntil = () => deadline + 120_000;
    const isPhotoDevice = (i: number) => photoEvery > 0 && i % photoEvery === 1;
    // Each device's upload queue runs beside its sync loop, as the real engine's does.
    const uploads = devices.map((d, i) =>
      isPhotoDevice(i) ? d.uploadLoop(() => Date.now() > deadline, drainUntil()) : null,
    );
    const syncLoops = devices.map(async (d, i) => {
      const r: Rng = makeRng(seed * 7919 + i);
      await sleep(r.next() * think); // devices start spread out
      while (Date.now() < deadline) {
        if (r.chance(0.6)) d.write(1 + r.int(5));
        if (isPhotoDevice(i) && d.photos.length < maxPhotos && r.chance(0.08))
          d.addPhoto(150_000 + r.int(350_000)); // real ones: 317 KB median (BENCHMARKS.md)
        let answer = await d.syncOnce();
        for (let more = 0; answer?.hasMore && more < 5; more++) answer = await d.syncOnce();
        await sleep(answer ? think * (0.5 + r.next()) : 50 + r.int(250));
      }
    });
    await sleep(opts.seconds * 1000);
    traffic = false;
    proxy.setFaults(null);
    event(
      `traffic ends; network healed, draining (${devices.reduce((n, d) => n + d.pendingUploads, 0)} photo uploads pending)`,
    );
    await chaos;
    await Promise.all(syncLoops);
    const drainStart = Date.now();
    const drained = await Promise.all(devices.map((d) => d.drain(drainUntil())));
    event('outboxes drained');
    await Promise.all(uploads);
    event('upload queues drained');
    const pulled = await Promise.all(devices.map((d) => d.pullToEnd(drainUntil())));
    drained.forEach((ok, i) => {
      if (!ok) hooks.problem(`device ${i}: outbox not drained`);
    });
    pulled.forEach((ok, i) => {
      if (!ok) hooks.problem(`device ${i}: did not pull to the end`);
    });
    const drainSeconds = (Date.now() - drainStart) / 1000;
    event(`drained in ${drainSeconds.toFixed(1)} s; checking`);

    const checkInput = { devices, backend, db, siteIds, admin: admin!, baseUrl };
    const checkStart = Date.now();
    problems.push(...(await runChecks(checkInput)));
    const checkSeconds = (Date.now() - checkStart) / 1000;
    event(`checks done in ${checkSeconds.toFixed(1)} s: ${problems.length} problem(s)`);

    const seconds = (deadline - trafficStart) / 1000;
    const push = latencies.push.sort((a, b) => a - b);
    const pull = latencies.pull.sort((a, b) => a - b);
    const photos = devices.flatMap((d) => d.photos);
    const figures: ScaleFigures = {
      backend: opts.backend,
      servers: serverCount,
      devices: opts.devices,
      seconds,
      requestsPerSecond: Math.round(requests / seconds),
      mutationsPerSecond: Math.round(mutations / seconds),
      pushes: push.length,
      pulls: pull.length,
      pushP50Ms: percentile(push, 0.5),
      pushP95Ms: percentile(push, 0.95),
      pullP50Ms: percentile(pull, 0.5),
      pullP95Ms: percentile(pull, 0.95),
      mutations: devices.reduce((s, d) => s + d.seq, 0),
      duplicatesAnswered: devices.reduce((s, d) => s + d.duplicates, 0),
      resets: devices.reduce((s, d) => s + d.resets, 0),
      photos: photos.length,
      photoBytes: photos.reduce((s, p) => s + p.image.bytes.length + p.thumb.bytes.length, 0),
      failures,
      faultsInjected: { ...proxy.stats.faults, refusedConnects: proxy.stats.refusedConnects },
      outageSeconds,
      drainSeconds,
      checkSeconds,
    };
    if (problems.some((p) => p.check === 'wire' || p.message.includes('answered 5')))
      log(`server stderr:\n${servers.stderr().slice(-4000)}`);
    return {
      figures,
      problems,
      events,
      backend,
      devices,
      recheck: () => runChecks(checkInput),
      close: closeAll,
    };
  } catch (e) {
    if (servers) log(`server stderr:\n${servers.stderr().slice(-4000)}`);
    await closeAll();
    throw e;
  }
}

export async function runScale(opts: ScaleOptions): Promise<Omit<ScaleRun, 'close' | 'recheck'>> {
  const run = await startScale(opts);
  await run.close();
  return run;
}
