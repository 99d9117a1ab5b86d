// Abuse against the real server process with its default limits (src/server/app.ts
// DEFAULT_LIMITS): a login brute force gets 429, and a sync flood from one device gets 429
// while another device, syncing at the same time, is never refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/server/app';
import { type RunningServer, startServer } from '../support/server-process';
import { RELIABILITY_PASSWORD, type SeededAccount, seedAccounts } from '../support/accounts';
import { makeHttpDevice } from '../support/devices';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../src/shared/protocol';

let server: RunningServer;
let accounts: SeededAccount[];
const dataDir = mkdtempSync(join(tmpdir(), 'sb-flood-'));
beforeAll(async () => {
  accounts = await seedAccounts(dataDir, [
    { role: 'coordinator' },
    { role: 'member' },
    { role: 'member' },
  ]);
  server = await startServer({ dataDir });
}, 60_000);
afterAll(async () => {
  await server?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('flood limits on the real server', () => {
  it('a login brute force on one account turns into 429 with Retry-After; the right password is refused too while limited', async () => {
    const email = accounts[1]!.email;
    const statuses: number[] = [];
    for (let i = 0; i < DEFAULT_LIMITS.login.burst + 3; i++) {
      const res = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password: `rate ${i} guess` }),
      });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, DEFAULT_LIMITS.login.burst).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(DEFAULT_LIMITS.login.burst).every((s) => s === 429)).toBe(true);
    const right = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: RELIABILITY_PASSWORD }),
    });
    expect(right.status).toBe(429);
  });

  it('a sync flood from one device gets 429 while another device keeps syncing without a refusal', async () => {
    const flooder = makeHttpDevice(() => server.url, accounts[0]!.token);
    const quiet = makeHttpDevice(() => server.url, accounts[2]!.token);
    const body = JSON.stringify({
      protocol: PROTOCOL_VERSION,
      appVersion: 'flood',
      schemaVersion: SCHEMA_VERSION,
      clientId: flooder.clientId,
      cursor: null,
      outboxHighWater: 0,
      mutations: [],
      pullLimit: 1,
    });
    const flood: Record<number, number> = {};
    let flooding = true;
    const floodLoop = async () => {
      while (flooding) {
        const res = await fetch(`${server.url}/api/v1/sync`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${accounts[0]!.token}`,
            'Content-Type': 'application/json',
          },
          body,
        });
        await res.arrayBuffer();
        flood[res.status] = (flood[res.status] ?? 0) + 1;
      }
    };
    const floods = Array.from({ length: 8 }, floodLoop);
    const quietStatuses: number[] = [];
    // The quiet device syncs while the flood runs: until the flooder has been refused many times.
    for (let i = 0; i < 200 && (flood[429] ?? 0) < 300; i++) {
      try {
        await quiet.sync();
        quietStatuses.push(200);
      } catch (e) {
        quietStatuses.push((e as { status?: number }).status ?? -1);
      }
      await new Promise((r) => setTimeout(r, 50)); // the scenario, not a wait: a person's device syncs now and then
    }
    flooding = false;
    await Promise.all(floods);
    expect(flood[429] ?? 0).toBeGreaterThanOrEqual(300);
    expect(flood[200]).toBeGreaterThanOrEqual(DEFAULT_LIMITS.sync.burst);
    expect(Object.keys(flood).sort()).toEqual(['200', '429']);
    expect(quietStatuses.length).toBeGreaterThan(3);
    expect(quietStatuses.every((s) => s === 200)).toBe(true);
  }, 60_000);
});
