// Server throughput for sync pushes: autocannon on loopback against the real server process
// (src/server/main.ts, SQLite file with WAL + synchronous=FULL). Each request is a fresh device
// (new clientId, clientSeq 1..20) pushing 20 observation creates, so every request really writes.
// (If a run needs more than the pre-made bodies, replays are answered as duplicates: cheaper.)
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../src/shared/protocol';
import { seedAccounts } from '../support/accounts';
import { visitFields } from '../support/rows';
import { startServer } from '../support/server-process';
import type { Bench, FigureSpec } from './run';
import { postJson } from './support/post';

const MUTATIONS = 20;
/** Accounts the pushes are spread over (each stays within its sync budget at 300 pushes/s). */
const ACCOUNTS = 16;

export const figures: Record<string, FigureSpec> = {
  server_push_rps: {
    goal: '≥ 300',
    times:
      'sync pushes per second the server process answers (20 observation creates each, 8 connections, loopback, autocannon for 10 s)',
  },
  server_push_p99_ms: {
    goal: '≤ 100',
    times: 'p99 time from sending a 20-mutation push until its answer arrives, under that load',
  },
  server_push_cpu_ms: {
    goal: '≤ 1.5',
    times:
      "the server process's CPU time (user + system, /proc) per 20-mutation push during that run: what one device's save costs the server; other processes' load does not count, the host's speed does (a shared host's CPU can run a quarter slower from one hour to the next)",
  },
};

/** User + system CPU time of a process so far (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const bench: Bench = async (report) => {
  const env = { ADMIN_EMAIL: 'bench@example.org', ADMIN_PASSWORD: 'bench password 123' };
  const server = await startServer({ env });
  try {
    const post = (path: string, body: unknown, token?: string) =>
      postJson(server.url, path, body, token);
    const { token } = (await post('/api/v1/auth/login', {
      email: env.ADMIN_EMAIL,
      password: env.ADMIN_PASSWORD,
    })) as { token: string };
    const now = new Date().toISOString();
    const siteId = uuidv7(),
      visitId = uuidv7();
    const setup = (clientId: string, mutations: unknown[]) => ({
      protocol: PROTOCOL_VERSION,
      appVersion: 'bench',
      schemaVersion: SCHEMA_VERSION,
      clientId,
      cursor: null,
      outboxHighWater: mutations.length,
      mutations,
      pullLimit: 1,
    });
    const mutation = (
      clientSeq: number,
      entity: string,
      entityId: string,
      fields: Record<string, unknown>,
    ) => ({
      id: uuidv7(),
      clientSeq,
      entity,
      entityId,
      op: 'create',
      baseVersion: null,
      fields,
      schemaVersion: SCHEMA_VERSION,
      clientTime: now,
    });
    await post(
      '/api/v1/sync',
      setup(uuidv7(), [
        mutation(1, 'site', siteId, {
          id: siteId,
          municipality: 'Bench',
          quarter: 'Q',
          phase: 'isek',
          yearAdmitted: null,
          contact: { name: '', organisation: '', email: '', phone: '' },
          notes: '',
          createdAt: now,
        }),
        mutation(2, 'visit', visitId, visitFields(siteId, visitId)),
      ]),
      token,
    );

    const pushBody = () => {
      const ms = Array.from({ length: MUTATIONS }, (_, i) => {
        const id = uuidv7();
        return mutation(i + 1, 'observation', id, {
          id,
          visitId,
          fieldId: 'neighbourhood',
          kind: 'strength',
          perspective: 'outside',
          rating: 4,
          text: 'Spielplatz gut angenommen, Bänke fehlen',
          place: 'Marktplatz',
          lat: null,
          lng: null,
          author: 'Bench',
          createdAt: now,
        });
      });
      return JSON.stringify(setup(uuidv7(), ms));
    };

    // Bodies are made before the run: generating them during it would measure the load generator.
    const bodies = Array.from({ length: 8000 }, pushBody);
    // Many people push at once: the pushes are spread over accounts, as in the field (one account
    // is held to its own sync budget, docs/architecture.md §Auth).
    const pushers = await seedAccounts(
      server.dataDir,
      Array.from({ length: ACCOUNTS }, () => ({ role: 'member' as const })),
    );
    let next = 0;
    const cpuBefore = cpuMs(server.proc.pid!);
    const result = await autocannon({
      url: `${server.url}/api/v1/sync`,
      connections: 8,
      duration: 10,
      requests: [
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          setupRequest: (req) => {
            const n = next++;
            const headers = {
              ...req.headers,
              Authorization: `Bearer ${pushers[n % ACCOUNTS]!.token}`,
            };
            return { ...req, headers, body: bodies[n % bodies.length]! };
          },
        },
      ],
    });
    const serverCpuPerPush = (cpuMs(server.proc.pid!) - cpuBefore) / result.requests.total;
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors`);
    report({
      name: 'server_push_rps',
      value: Math.round(result.requests.average),
      unit: 'req/s',
      goal: '≥ 300',
      note: `${MUTATIONS} mutations per push, 8 connections, ${ACCOUNTS} accounts, loopback`,
    });
    report({
      name: 'server_push_p99_ms',
      value: result.latency.p99,
      unit: 'ms',
      goal: '≤ 100',
      note: `${result.requests.total} pushes in 10 s`,
    });
    report({
      name: 'server_push_cpu_ms',
      value: Math.round(serverCpuPerPush * 100) / 100,
      unit: 'ms',
      note: `server process CPU time per 20-mutation push, ${result.requests.total} pushes`,
    });
  } finally {
    await server.stop();
  }
};
export default bench;
