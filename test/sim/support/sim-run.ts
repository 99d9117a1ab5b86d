// One seeded simulation run: devices act and sync under faults, then heal, quiesce and check.
import { createHash } from 'node:crypto';
import { updateVisit } from '../../../src/client/db/mutators';
import { Device } from './device';
import { emptyStats, type FaultStats, type Network } from './network';
import { buildModel, compareWithDevice, compareWithServer, installApplyLog } from './model';
import {
  checkConvergence,
  checkLedger,
  checkLedgerByContent,
  checkNoResurrection,
  checkPhotos,
} from './oracle';
import { LogoutBlockedError, assertCanLogout } from '../../../src/client/session/logout';
import { makeRng } from '../../support/prng';
import { startSimServer, type SimServer } from '../../support/server';
import { startIdSource } from './sim-ids';
import { createVisitWithSite, makeOps, randomUserOp, resolveSomeConflict } from './user-ops';

/**
 * Operations that wait for a fix elsewhere stay off until it lands; SIM_FLAGS=a,b turns them on
 * for a run, SIM_FLAGS=-a turns one off (e.g. SIM_FLAGS=-restores to compare without restores).
 * - malformedResolutions: "edited" decisions without a value or with a wrong type (the server must
 *   reject them, src/shared/sync/resolve-conflict.ts).
 * - restores: the server is put back to an older copy of its file, an `admin backup` or a copy
 *   of the file taken behind the server's back (a VM snapshot); devices must recover by
 *   themselves (409 gap, a reset for a cursor from the lost time, src/client/sync).
 * - clones: a device's IndexedDB is copied into a new device with the same clientId (both must
 *   recover from 409 seq_reused by themselves, src/client/sync).
 * - logoutGuard: photo runs try to log out while photo bytes wait for the server; the refusal is
 *   checked (src/client/session/logout.ts). Without the flag the attempt is only traced.
 */
export const FLAGS = {
  malformedResolutions: true,
  restores: true,
  clones: true,
  logoutGuard: true,
};
export type Flags = typeof FLAGS;
const envFlags = (process.env['SIM_FLAGS'] ?? '').split(',').filter(Boolean);
const flagsOf = (o: RunOptions): Flags => ({
  ...FLAGS,
  ...Object.fromEntries(envFlags.map((f) => (f.startsWith('-') ? [f.slice(1), false] : [f, true]))),
  ...o.flags,
});

export type RunOptions = {
  seed: number;
  steps: number;
  devices: number;
  /** Devices edit concurrently (else: one at a time, each fully synced before the next acts). */
  concurrent: boolean;
  /** Devices also take photos; uploads run under the same faults. */
  photos?: boolean;
  /** Overrides of FLAGS for this run. */
  flags?: Partial<Flags>;
  /** Changes the healed state behind the system's back (the checks' own test: they must notice). */
  tamper?: (server: SimServer, devices: Device[]) => Promise<void>;
};
export type RunResult = {
  problems: string[];
  trace: string[];
  stats: FaultStats;
  conflicts: number;
  mutations: number;
  blobs: number;
  resolutions: number;
  /** Mutations the reference model replayed (applied or conflict) and expected rejections. */
  modelled: number;
  rejected: number;
  /** Confirmed mutations a restored backup gave up (see checkLedgerByContent). */
  lostByRestore: number;
  /** Mutations resent under a new device identity. */
  replayed: number;
  /** Field conflicts a later save of the same device joined (§Merge). */
  joined: number;
  /** Decisions on an earlier save that kept the later one open. */
  reopened: number;
  /** Backups put back, profiles copied. */
  restores: number;
  clones: number;
  /** Logout attempts made while photo bytes waited. */
  logoutChecks: number;
  /** A digest of the server's final state (records, conflicts, results), for replay checks. */
  digest: string;
};

/** Let other work run for n macrotask turns (fake-indexeddb and the wire progress one step per turn). */
const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

/** A run that hangs is a failure with its trace, not a stuck test suite. */
export async function runSimulation(o: RunOptions): Promise<RunResult> {
  const trace: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watchdog = new Promise<RunResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          problems: [`run did not finish within ${RUN_LIMIT_MS / 1000} s`],
          trace,
          stats: emptyStats(),
          conflicts: 0,
          mutations: 0,
          blobs: 0,
          resolutions: 0,
          modelled: 0,
          rejected: 0,
          lostByRestore: 0,
          replayed: 0,
          joined: 0,
          reopened: 0,
          restores: 0,
          clones: 0,
          logoutChecks: 0,
          digest: '',
        }),
      RUN_LIMIT_MS,
    );
  });
  try {
    return await Promise.race([runOnce(o, trace), watchdog]);
  } finally {
    clearTimeout(timer);
  }
}
const RUN_LIMIT_MS = 60_000;

async function runOnce(o: RunOptions, trace: string[]): Promise<RunResult> {
  const rng = makeRng(o.seed);
  startIdSource(o.seed);
  const flags = flagsOf(o);
  const ops = makeOps(rng, flags.malformedResolutions);
  const stats = emptyStats();
  const server: SimServer = await startSimServer();
  await server.restart(installApplyLog);
  let backupFile: string | null = null;
  /** Mutations a restored backup may legitimately lack (confirmed, and no longer in any outbox). */
  const givenUp = new Set<string>();
  let logoutChecks = 0;
  let restores = 0;
  let clones = 0;
  const net: Network = { faults: true, partitioned: new Set(), sent: new Map() };
  const devices = Array.from(
    { length: o.devices },
    (_, i) => new Device(`d${i}`, () => server, net, rng, stats, i === 0 ? 2 : 1),
  );
  const problems: string[] = [];
  const log = (s: string) => trace.push(s);

  const watchCursor = async (d: Device) => {
    const c = await d.cursor();
    // After a restored backup the server answers a cursor from the lost range with a reset.
    if (c < d.lastCursor && restores === 0)
      problems.push(`${d.name}: cursor went back from ${d.lastCursor} to ${c}`);
    d.lastCursor = c;
  };
  const syncOnce = async (d: Device, tab = 0) => {
    await d.clientId();
    const out = await d.tabs[tab]!.engine.syncNow();
    await d.clientId();
    log(`${d.name}/t${tab} sync → ${out.status}${out.error ? ` ${out.error.code}` : ''}`);
    await watchCursor(d);
    return out;
  };
  const syncUntilQuiet = async (d: Device) => {
    for (let i = 0; i < 40; i++) {
      const out = await syncOnce(d);
      if (out.status === 'ok' && !out.more && (await d.db.outbox.count()) === 0) return;
    }
    problems.push(`${d.name}: did not get quiet`);
  };

  /** "Abmelden" with the outbox empty but photo bytes not yet on the server: must be refused. */
  const tryLogout = async (d: Device) => {
    const bytes = await d.db.blobState.where('state').anyOf('local', 'uploading').count();
    if (bytes === 0 || (await d.db.outbox.count()) > 0) return;
    logoutChecks++;
    const refused = await assertCanLogout(d.db).then(
      () => false,
      (e: unknown) => e instanceof LogoutBlockedError,
    );
    // A background upload may verify the bytes between the count and the guard: allowed is
    // wrong only while they still wait afterwards.
    const still = refused
      ? bytes
      : await d.db.blobState.where('state').anyOf('local', 'uploading').count();
    log(
      `${d.name} logout with ${bytes} photo bytes waiting → ${refused ? 'refused' : still > 0 ? 'ALLOWED' : 'allowed (verified meanwhile)'}`,
    );
    if (!refused && still > 0 && flags.logoutGuard)
      problems.push(`${d.name}: logout allowed while ${bytes} photo bytes wait for the server`);
  };

  try {
    // A guaranteed concurrent edit of one field (concurrent runs only): both devices saw the same version.
    let forced: { visitId: string; values: string[] } | null = null;
    if (o.concurrent && o.devices >= 2) {
      const [a, b] = devices as [Device, Device];
      const visitId = await createVisitWithSite(a.db);
      await a.recordCommitted();
      net.faults = false;
      await syncUntilQuiet(a);
      await syncUntilQuiet(b);
      net.faults = true;
      await updateVisit(a.db, visitId, { goals: 'forced-A' });
      await a.recordCommitted();
      await updateVisit(b.db, visitId, { goals: 'forced-B' });
      await b.recordCommitted();
      forced = { visitId, values: ['forced-A', 'forced-B'] };
    }

    // With restores on, an `admin backup` early in the run, so that later restores lose something.
    if (flags.restores) {
      backupFile = await server.backup();
      log('server backup');
    }
    let actor = 0;
    for (let step = 0; step < o.steps; step++) {
      const roll = rng.next();
      if (!o.concurrent) {
        // One device at a time: it catches up fully, acts, and pushes fully before the next one.
        if (roll < 0.3) actor = rng.int(devices.length);
        const d = devices[actor]!;
        await syncUntilQuiet(d);
        const op = await randomUserOp(d.db, ops, d.name);
        await d.recordCommitted();
        log(`${d.name} ${op}`);
        if (rng.chance(0.15)) {
          await server.restart();
          stats.restarts++;
          log('server restart');
        }
        if (rng.chance(0.1)) {
          stats.kills++;
          void d.tabs[0]!.engine.syncNow();
          await ticks(rng.int(60));
          d.restartTab(0);
          log(`${d.name} killed mid-sync`);
        }
        await syncUntilQuiet(d);
        continue;
      }
      const d = rng.pick(devices);
      const tab = rng.int(d.tabs.length);
      if (roll < 0.5) {
        const db = d.tabs[tab]!.db;
        const op =
          (rng.chance(0.25) ? await resolveSomeConflict(db, ops) : null) ??
          (await randomUserOp(
            db,
            ops,
            d.name,
            o.photos ? (shas) => shas.forEach((x) => d.captured.add(x)) : undefined,
          ));
        await d.recordCommitted();
        log(`${d.name}/t${tab} ${op}`);
      } else if (roll < 0.78) {
        await syncOnce(d, tab);
        if (o.photos) await tryLogout(d);
      } else if (roll < 0.86) {
        // Concurrent syncs: two tabs of one device, or two devices, interleaved by the network delays.
        stats.concurrent++;
        const other =
          d.tabs.length > 1 && rng.chance(0.5)
            ? { d, tab: 1 - tab }
            : { d: rng.pick(devices), tab: 0 };
        log(`concurrent ${d.name}/t${tab} + ${other.d.name}/t${other.tab}`);
        await Promise.all([syncOnce(d, tab), syncOnce(other.d, other.tab)]);
      } else if (roll < 0.93) {
        stats.kills++;
        void d.tabs[tab]!.engine.syncNow();
        await ticks(rng.int(60));
        d.restartTab(tab);
        log(`${d.name}/t${tab} killed mid-sync`);
        await watchCursor(d);
      } else if (roll < 0.96 || (flags.restores && roll < 0.985)) {
        stats.restarts++;
        if (flags.restores && backupFile && rng.chance(0.5)) {
          restores++;
          // An admin puts back the last `admin backup`: everything after it is gone from the server.
          for (const x of devices) {
            const waiting = new Set((await x.db.outbox.toArray()).map((e) => e.id));
            for (const l of x.ledger) if (!waiting.has(l.id)) givenUp.add(l.id);
          }
          await server.restoreBackup(backupFile);
          log('server restored from backup');
        } else if (flags.restores && rng.chance(0.5)) {
          // An `admin backup`, or the file copied behind the server's back (no backup mark).
          const plain = rng.chance(0.5);
          backupFile = plain ? server.snapshot() : await server.backup();
          log(plain ? 'server file copied' : 'server backup');
        } else {
          await server.restart();
          log('server restart');
        }
      } else if (flags.clones && devices.length < 5 && rng.chance(0.25)) {
        const copy = await Device.cloneOf(d, `${d.name}c`, () => server, net, rng, stats);
        devices.push(copy);
        clones++;
        log(`${d.name} profile copied to ${copy.name}`);
      } else {
        if (net.partitioned.has(d.name)) net.partitioned.delete(d.name);
        else net.partitioned.add(d.name);
        log(`${d.name} partition ${net.partitioned.has(d.name) ? 'on' : 'off'}`);
      }
    }

    // Heal: no faults, no partitions; sync every device until nothing moves.
    net.faults = false;
    net.partitioned.clear();
    log('heal');
    const newest = () =>
      server.query<{ value: number }>("SELECT value FROM counters WHERE name = 'global_seq'")[0]!
        .value;
    for (let round = 0; round < 6; round++) {
      for (const d of devices) await syncUntilQuiet(d);
      const cursors = await Promise.all(devices.map((d) => d.cursor()));
      if (cursors.every((c) => c === newest())) break;
    }
    for (const d of devices)
      for (let t = 1; t < d.tabs.length; t++) await d.tabs[t]!.engine.syncNow();

    if (o.photos) {
      for (const d of devices) {
        for (
          let i = 0;
          i < 10 && (await d.db.blobState.where('state').anyOf('local', 'uploading').count()) > 0;
          i++
        ) {
          await d.tabs[0]!.engine.uploadNow();
        }
      }
    }
    const observer = new Device('observer', () => server, net, makeRng(1), emptyStats());
    await syncUntilQuiet(observer);
    await o.tamper?.(server, devices);
    if (!flags.restores && !flags.clones) problems.push(...(await checkLedger(server, devices)));

    problems.push(...(await checkConvergence(devices, observer)));
    problems.push(...(await checkNoResurrection(devices, observer)));
    if (o.photos) problems.push(...(await checkPhotos(server, devices, observer)));
    // The reference model: the server's processing log replayed through the shared merge, then
    // compared field by field with the server and with every tab of every device (and the observer).
    const model = buildModel(server, net.sent!, problems);
    const byContent = await checkLedgerByContent(
      server,
      devices,
      net.sent!,
      givenUp,
      model.noEffect,
    );
    problems.push(...byContent.problems);
    problems.push(...compareWithServer(model, server));
    for (const d of [...devices, observer])
      for (const [i, tab] of d.tabs.entries())
        problems.push(...(await compareWithDevice(model, `${d.name}/tab${i}`, tab.db)));
    const conflicts = await observer.db.conflicts.toArray();
    if (forced) {
      // The later of the two forced patches must end as a conflict (a field conflict, or
      // edit_on_deleted when someone deleted the visit first); later edits may change serverValue.
      // A later save of goals by the same device may join that conflict (§Merge): its value then
      // stays in the conflict's history rows (§History).
      const forcedValue = (v: unknown) =>
        forced.values.includes(String(v)) ||
        forced.values.includes(String((v as { goals?: unknown } | null)?.goals));
      const kept = server
        .query<{ conflict_id: string; value: string | null }>(
          `SELECT conflict_id, value FROM record_history
           WHERE entity = 'visit' AND entity_id = ? AND op = 'conflict'`,
          forced.visitId,
        )
        .filter((h) => h.value !== null && forcedValue(JSON.parse(h.value)))
        .map((h) => h.conflict_id);
      const hit = conflicts.some(
        (c) =>
          c.entityId === forced.visitId &&
          ((c.field === 'goals' && forced.values.includes(String(c.clientValue))) ||
            (c.kind === 'edit_on_deleted' &&
              forced.values.includes(
                String((c.clientValue as { goals?: unknown } | null)?.goals),
              )) ||
            kept.includes(c.id)),
      );
      if (!hit)
        problems.push(
          `no conflict recorded for the concurrent edit of visit ${forced.visitId}.goals: ${JSON.stringify(conflicts)}`,
        );
    }
    if (!o.concurrent && conflicts.length > 0)
      problems.push(
        `${conflicts.length} conflicts in a run without concurrent edits: ${JSON.stringify(conflicts[0])}`,
      );
    observer.close();
    return {
      problems,
      trace,
      stats,
      conflicts: conflicts.length,
      mutations: devices.reduce((n, d) => n + d.ledger.length, 0),
      blobs: devices.reduce((n, d) => n + d.captured.size, 0),
      resolutions: devices.reduce(
        (n, d) => n + d.ledger.filter((l) => l.entity === 'conflictResolution').length,
        0,
      ),
      modelled: model.applied,
      lostByRestore: byContent.lost,
      replayed: model.replayed,
      joined: model.joined,
      reopened: model.reopened,
      restores,
      clones,
      logoutChecks,
      rejected: model.rejected,
      digest: serverDigest(server),
    };
  } finally {
    for (const d of devices) d.close();
    await server.close();
  }
}

/**
 * What the server holds at the end, as one hash: records, conflicts (server-made ids and times
 * left out, the rest in seq order) and every stored result. Equal for two runs of one seed.
 */
export function serverDigest(server: SimServer): string {
  const records = server.query(
    'SELECT entity, id, site_id, visit_id, data, field_versions, field_writers, version, created_seq, seq, deleted, deleted_seq, deleted_by_cascade FROM records ORDER BY seq',
  );
  const conflicts = server.query(
    'SELECT entity, entity_id, kind, field, server_value, client_value, mutation_id, status, resolution, seq FROM conflicts ORDER BY seq',
  );
  const applied = server.query(
    'SELECT client_id, client_seq, mutation_id, status, server_seq FROM applied_mutations ORDER BY client_id, client_seq',
  );
  const rejections = server.query(
    'SELECT mutation_id, client_id, entity, entity_id, code, seq FROM rejections ORDER BY seq',
  );
  return createHash('sha256')
    .update(JSON.stringify({ records, conflicts, applied, rejections }))
    .digest('hex');
}
