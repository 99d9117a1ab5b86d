// Load: N simulated devices (plain HTTP clients, each its own account and clientId) sync
// concurrently against one real server process for a while: push 1–5 mutations and pull a page,
// think, repeat. Afterwards every outbox is drained and the database is checked: each device's
// mutations are applied exactly once (applied_mutations count = clientSeq, no 'duplicate' in
// normal traffic), every record exists with the last text its device wrote, and the server's
// own `check` passes. Reports throughput and latency percentiles.
//   npm run load -- [--devices 50] [--seconds 120] [--think 100]
import { CHECKLIST_TEMPLATES } from '../../src/shared/domain/checklist-templates';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from '../../src/server/cli';
import { dataPaths } from '../../src/server/config';
import { startServer } from '../support/server-process';
import { seedAccounts } from '../support/accounts';
import { observationFields, siteFields, visitFields } from '../support/server';
import { makeHttpDevice } from '../support/devices';

export type LoadFigures = {
  devices: number;
  seconds: number;
  requests: number;
  mutations: number;
  errors: number;
  rateLimited: number;
  requestsPerSecond: number;
  mutationsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  lost: number;
  duplicated: number;
  checkOk: boolean;
};

const SITES = 5;

export async function runLoad(opts: {
  devices: number;
  seconds: number;
  thinkMs?: number;
  log?: (s: string) => void;
}): Promise<LoadFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-load-'));
  const { dbFile } = dataPaths({ DATA_DIR: dataDir });
  const think = opts.thinkMs ?? 100;
  const admin = (await seedAccounts(dataDir, [{ role: 'coordinator' }]))[0]!;
  const sites = Array.from({ length: SITES }, () => siteFields());
  // Every tenth device a coordinator (sees everything), the others quartiersmanagement of one site.
  const accounts = await seedAccounts(
    dataDir,
    Array.from({ length: opts.devices }, (_, i) =>
      i % 10 === 0
        ? { role: 'coordinator' as const }
        : { role: 'quartiersmanagement' as const, siteId: sites[i % SITES]!.id },
    ),
  );
  const server = await startServer({ dataDir });
  const url = () => server.url;
  const latencies: number[] = [];
  let errors = 0,
    rateLimited = 0,
    requests = 0,
    duplicated = 0;
  const firstError: string[] = [];
  try {
    const setup = makeHttpDevice(url, admin.token);
    for (const s of sites) setup.enqueue('site', s.id, 'create', s);
    await setup.sync(100, 1);

    const devices = accounts.map((a, i) => ({
      d: makeHttpDevice(url, a.token),
      site: sites[i % SITES]!,
      texts: new Map<string, string>(),
      creates: 0,
    }));
    const deadline = Date.now() + opts.seconds * 1000;
    await Promise.all(
      devices.map(async (dev) => {
        const visit = visitFields(dev.site.id);
        dev.d.enqueue('visit', visit.id, 'create', visit);
        dev.creates++;
        const mine: string[] = [];
        await new Promise((r) => setTimeout(r, Math.random() * think)); // the scenario: devices start spread out
        while (Date.now() < deadline) {
          const n = 1 + Math.floor(Math.random() * 5);
          for (let k = 0; k < n; k++) {
            const text = `${dev.d.clientId}-${dev.d.seq + 1}`;
            const target =
              mine.length && Math.random() < 0.5
                ? mine[Math.floor(Math.random() * mine.length)]
                : undefined;
            if (target) dev.d.enqueue('observation', target, 'patch', { text });
            else {
              const o = { ...observationFields(visit.id), text };
              mine.push(o.id);
              dev.creates++;
              dev.d.enqueue('observation', o.id, 'create', o);
            }
            dev.texts.set(target ?? mine[mine.length - 1]!, text);
          }
          const t0 = performance.now();
          requests++;
          try {
            const { acks } = await dev.d.sync(20, 200);
            latencies.push(performance.now() - t0);
            duplicated += acks.filter((a) => a.result.status !== 'applied').length;
          } catch (e) {
            errors++;
            if ((e as { status?: number }).status === 429) rateLimited++;
            if (firstError.length < 3) firstError.push(String(e));
          }
          await new Promise((r) => setTimeout(r, think * (0.5 + Math.random()))); // the scenario: a person's think time
        }
      }),
    );
    const elapsed = opts.seconds;
    for (const dev of devices) while (dev.d.outbox.length) await dev.d.sync(100, 1);
    await server.kill('SIGTERM');

    // Exactly once: per client, applied rows = clientSeqs sent; every row holds the last text written.
    const db = new Database(dbFile, { readonly: true });
    let lost = 0;
    const appliedCount = db.prepare(
      "SELECT count(*) AS n, sum(status = 'applied') AS ok FROM applied_mutations WHERE client_id = ?",
    );
    const record = db.prepare("SELECT data FROM records WHERE entity = 'observation' AND id = ?");
    let mutations = 0;
    for (const dev of devices) {
      const { n, ok } = appliedCount.get(dev.d.clientId) as { n: number; ok: number };
      mutations += dev.d.seq;
      if (n !== dev.d.seq || ok !== dev.d.seq) lost += Math.abs(dev.d.seq - ok);
      for (const [id, text] of dev.texts) {
        const row = record.get(id) as { data: string } | undefined;
        if (!row || (JSON.parse(row.data) as { text: string }).text !== text) lost++;
      }
    }
    // Besides what the devices created: the shipped checklist templates every server seeds.
    const expectedRecords =
      CHECKLIST_TEMPLATES.length + SITES + devices.reduce((s, d) => s + d.creates, 0);
    const records = (db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
    if (records !== expectedRecords) duplicated += Math.max(0, records - expectedRecords);
    db.close();
    let checkOk = true;
    await runCli(['check'], dbFile, () => {}).catch(() => {
      checkOk = false;
    });
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0);
    if (firstError.length) opts.log?.(`first errors: ${firstError.join(' | ')}`);
    return {
      devices: opts.devices,
      seconds: elapsed,
      requests,
      mutations,
      errors,
      rateLimited,
      requestsPerSecond: Math.round(requests / elapsed),
      mutationsPerSecond: Math.round(mutations / elapsed),
      p50Ms: pct(0.5),
      p99Ms: pct(0.99),
      maxMs: Math.round(latencies[latencies.length - 1] ?? 0),
      lost,
      duplicated,
      checkOk,
    };
  } finally {
    await server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      devices: { type: 'string', default: '50' },
      seconds: { type: 'string', default: '120' },
      think: { type: 'string', default: '100' },
    },
  });
  runLoad({
    devices: Number(values.devices),
    seconds: Number(values.seconds),
    thinkMs: Number(values.think),
    log: console.log,
  }).then(
    (f) => {
      console.log(JSON.stringify(f, null, 2));
      if (f.errors || f.lost || f.duplicated || !f.checkOk) process.exitCode = 1;
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
