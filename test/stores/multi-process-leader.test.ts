// Exactly one server process runs the periodic jobs (ServerDb.lead on PostgreSQL,
// store/postgres/leader.ts; periodic-jobs.ts), on a real cluster: real child processes running
// the job runner (CHILD below) — one leads, only it runs jobs; SIGKILL of the leader hands the lead to the
// survivor at its next tick; a newcomer does not take it; a clean shutdown hands it on too.
// In one process: two stores, one leads; a leader whose connection the database ended learns
// it at its next ask (and does not keep running jobs beside the new leader).
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresServerDb } from '../../src/server/store/postgres/open';
import type { ServerDb } from '../../src/server/store/types';
import { PG_URL_ENV, postgresAvailable, testDatabase } from '../support/postgres';

const available = Boolean(process.env[PG_URL_ENV]) || postgresAvailable();
const ROOT = resolve(import.meta.dirname, '../..');
const TICK_MS = 100;

/**
 * One "server process": opens the store at argv[1] and runs the real job runner every TICK_MS
 * with one job that reports each run. Prints JSON lines: {"event":"ready","leader"} after its
 * first tick, {"event":"lead","leader"} whenever that changes, {"event":"job"} per run. SIGTERM
 * closes the store and exits. (JavaScript run by tsx, importing the TypeScript sources.)
 */
const CHILD = `
const { makeJobRunner } = await import(${JSON.stringify(join(ROOT, 'src/server/periodic-jobs.ts'))});
const { openPostgresServerDb } = await import(
  ${JSON.stringify(join(ROOT, 'src/server/store/postgres/open.ts'))});
const say = (line) => console.log(JSON.stringify(line));
const db = await openPostgresServerDb(process.argv[1], { poolSize: 1 });
const runner = makeJobRunner(
  db,
  [{ name: 'job', everyMs: 0, run: async () => say({ event: 'job' }) }],
  { lock: 'maintenance', onLeadChange: (leader) => say({ event: 'lead', leader }) },
);
await runner.tick();
say({ event: 'ready', leader: runner.leading });
const timer = setInterval(() => void runner.tick(), ${TICK_MS});
process.on('SIGTERM', () => {
  clearInterval(timer);
  void db.close().then(() => process.exit(0));
});
`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Line = { event: string; leader?: boolean };
type Child = { proc: ChildProcess; lines: Line[]; name: string };

const children: Child[] = [];

function startChild(url: string, name: string): Child {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', CHILD, url],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const child: Child = { proc, lines: [], name };
  createInterface({ input: proc.stdout! }).on('line', (l) => {
    if (l.startsWith('{')) child.lines.push(JSON.parse(l) as Line);
  });
  children.push(child);
  return child;
}

async function until<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const ready = (c: Child) =>
  until(`${c.name} ready`, () => c.lines.find((l) => l.event === 'ready')?.leader);
const jobs = (c: Child) => c.lines.filter((l) => l.event === 'job').length;
const exited = (c: Child) =>
  new Promise<void>((ok) =>
    c.proc.exitCode !== null || c.proc.signalCode !== null ? ok() : c.proc.once('exit', () => ok()),
  );

describe.skipIf(!available)('one runner of the periodic jobs (PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;

  beforeAll(async () => {
    database = await testDatabase();
  }, 60_000);
  afterEach(async () => {
    for (const c of children.splice(0)) {
      c.proc.kill('SIGKILL');
      await exited(c);
    }
  });
  afterAll(async () => {
    await database?.release();
  });

  it('two processes: one leads and runs the jobs; SIGKILL of it hands the lead over', async () => {
    const [a, b] = [startChild(database.url, 'a'), startChild(database.url, 'b')];
    const leaders = await Promise.all([ready(a), ready(b)]);
    expect(leaders.filter(Boolean)).toHaveLength(1);
    const [leader, other] = leaders[0] ? [a, b] : [b, a];

    await sleep(10 * TICK_MS);
    expect(jobs(leader)).toBeGreaterThanOrEqual(5);
    expect(jobs(other)).toBe(0);

    leader.proc.kill('SIGKILL');
    await exited(leader);
    const killedAt = Date.now();
    await until('the takeover', () =>
      other.lines.some((l) => l.event === 'lead' && l.leader) ? true : undefined,
    );
    console.log(`lead taken over ${Date.now() - killedAt} ms after SIGKILL`);
    const before = jobs(other);
    await sleep(5 * TICK_MS);
    expect(jobs(other)).toBeGreaterThan(before);

    // A newcomer finds the lead taken and runs nothing.
    const c = startChild(database.url, 'c');
    expect(await ready(c)).toBe(false);
    await sleep(5 * TICK_MS);
    expect(jobs(c)).toBe(0);

    // A clean shutdown of the leader hands the lead on as well.
    other.proc.kill('SIGTERM');
    await exited(other);
    await until('the second takeover', () =>
      c.lines.some((l) => l.event === 'lead' && l.leader) ? true : undefined,
    );
  }, 90_000);

  it('one process, two stores: one leads; a leader whose session ended says so at its next ask', async () => {
    const one: ServerDb = await openPostgresServerDb(database.url, { poolSize: 1 });
    const two: ServerDb = await openPostgresServerDb(database.url, { poolSize: 1 });
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      expect(await one.lead('job')).toBe(true);
      expect(await two.lead('job')).toBe(false);
      expect(await one.lead('job')).toBe(true); // asked again: still (no second lock taken)
      expect(await two.lead('other job')).toBe(true); // each job has its own lock

      // The database ends the leader's session (a restart, a network cut, an operator).
      const ended = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE application_name = 'standortbesuch-leader' AND datname = current_database()
           AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
                       AND objid = (SELECT hashtext('job')::oid))`,
      );
      expect(ended.rowCount).toBe(1);
      await sleep(100);
      expect(await two.lead('job')).toBe(true);
      expect(await one.lead('job')).toBe(false);

      await two.close(); // closing ends its session: the lock is free at once
      expect(await one.lead('job')).toBe(true);
    } finally {
      await admin.end();
      await one.close();
      await two.close();
    }
  });
});
