// Sessions and limits, attacked over HTTP against the real server process: a password reset
// must end the old sessions, a stolen token must not live for ever, another account must not be
// able to get a victim's device answered 429 (nor rotate device ids around the limit), and
// password guessing at one account must be slow however many addresses the guesses come from,
// the same for unknown e-mails, while the real person's tokens keep working
// (docs/architecture.md §Auth).
import { request } from 'node:http';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/server/app';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../src/shared/protocol';
import { RELIABILITY_PASSWORD, seedAccounts } from '../support/accounts';
import { startServer } from '../support/server-process';
import { startTarget, type Target } from './support/target';

let t: Target;
beforeAll(async () => {
  t = await startTarget();
}, 60_000);
afterAll(() => t?.stop());

/** POST JSON from a chosen loopback source address (each one a different client IP). */
function postFrom(
  from: string,
  url: string,
  json: unknown,
): Promise<{ status: number; retryAfter: number | null; body: string }> {
  const u = new URL(url);
  const body = JSON.stringify(json);
  return new Promise((ok, fail) => {
    const r = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        localAddress: from,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += String(d)));
        res.on('end', () => {
          const ra = res.headers['retry-after'];
          ok({ status: res.statusCode ?? 0, retryAfter: ra ? Number(ra) : null, body: text });
        });
      },
    );
    r.on('error', fail);
    r.end(body);
  });
}

const ADDRESSES = Array.from({ length: 20 }, (_, i) => `127.0.0.${i + 10}`);

/** 120 wrong passwords at one e-mail, 6 from each of 20 addresses; returns the statuses in order. */
async function guess(email: string) {
  const answers: { status: number; retryAfter: number | null }[] = [];
  for (let round = 0; round < 6; round++)
    for (const from of ADDRESSES)
      answers.push(
        await postFrom(from, `${t.url}/api/v1/auth/login`, {
          email,
          password: `guess ${round} from ${from}`,
        }),
      );
  return answers;
}

const sync = (token: string, clientId: string) =>
  t.req('/api/v1/sync', {
    method: 'POST',
    token,
    json: {
      protocol: PROTOCOL_VERSION,
      appVersion: 'attack',
      schemaVersion: SCHEMA_VERSION,
      clientId,
      cursor: null,
      outboxHighWater: 0,
      mutations: [],
      pullLimit: 10,
    },
  });

const me = (token: string) => t.req('/api/v1/auth/me', { token });

describe('a password reset through a new invite code', () => {
  it('ends every older session of the account when the new code is redeemed (not when it is issued)', async () => {
    const coord = t.who.coordinator.token;
    const created = await t.req('/api/v1/users', {
      method: 'POST',
      token: coord,
      json: { email: `reset-${uuidv7()}@example.org`, name: 'Reset', role: 'member' },
    });
    expect(created.status).toBe(201);
    const { user, inviteCode } = (await created.json()) as {
      user: { id: string };
      inviteCode: string;
    };
    const first = await postFrom('127.0.0.2', `${t.url}/api/v1/auth/redeem`, {
      inviteCode,
      password: 'first password 1',
    });
    expect(first.status).toBe(200);
    const oldToken = (JSON.parse(first.body) as { token: string }).token;
    expect((await me(oldToken)).status).toBe(200);

    // The password is lost (or the phone stolen): the coordinator issues a new code.
    const again = await t.req(`/api/v1/users/${user.id}/invite`, { method: 'POST', token: coord });
    expect(again.status).toBe(200);
    const { inviteCode: resetCode } = (await again.json()) as { inviteCode: string };
    // Issuing alone revokes nothing: the person may be working offline with that token.
    expect((await me(oldToken)).status).toBe(200);

    const second = await postFrom('127.0.0.2', `${t.url}/api/v1/auth/redeem`, {
      inviteCode: resetCode,
      password: 'second password 2',
    });
    expect(second.status).toBe(200);
    const newToken = (JSON.parse(second.body) as { token: string }).token;
    expect((await me(oldToken)).status).toBe(401);
    expect((await me(newToken)).status).toBe(200);
  });
});

describe('sync rate limit', () => {
  it("another account sending a victim's clientId gets 403 each time and never makes the victim's device 429", async () => {
    const victim = t.device('member');
    await victim.sync(); // the server now knows this clientId as the member's
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const batch = await Promise.all(
        Array.from({ length: 5 }, () => sync(t.who.qmA.token, victim.clientId)),
      );
      statuses.push(...batch.map((r) => r.status));
    }
    expect(new Set(statuses)).toEqual(new Set([403]));
    const res = await sync(t.who.member.token, victim.clientId);
    expect(res.status).toBe(200);
  });

  it("one device flooding does not use up its account's budget: the person's other device keeps syncing", async () => {
    const flooder = uuidv7();
    const quiet = uuidv7();
    const flood: number[] = [];
    let flooding = true;
    const loop = async () => {
      while (flooding) flood.push((await sync(t.who.coordinator.token, flooder)).status);
    };
    const loops = Array.from({ length: 8 }, loop);
    const quietStatuses: number[] = [];
    for (let i = 0; i < 40 && flood.filter((s) => s === 429).length < 400; i++) {
      quietStatuses.push((await sync(t.who.coordinator.token, quiet)).status);
      await new Promise((r) => setTimeout(r, 50)); // a person's device syncs now and then
    }
    flooding = false;
    await Promise.all(loops);
    expect(flood.filter((s) => s === 429).length).toBeGreaterThan(100);
    expect(quietStatuses.every((s) => s === 200)).toBe(true);
  }, 60_000);

  it('rotating device ids does not bypass the limit: one account is limited across all its devices', async () => {
    const statuses: number[] = [];
    const started = performance.now();
    for (let i = 0; i < 30; i++) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, () => sync(t.who.qmB.token, uuidv7())),
      );
      statuses.push(...batch.map((r) => r.status));
    }
    const seconds = (performance.now() - started) / 1000;
    const { burst, perSecond } = DEFAULT_LIMITS.syncAccount;
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    // 600 fresh device ids: no more answered than one account's budget allows in that time.
    const answered = statuses.filter((s) => s === 200).length;
    expect(answered).toBeLessThanOrEqual(Math.min(599, burst + perSecond * seconds + 5));
  }, 60_000);
});

describe('password guessing', () => {
  it('120 guesses at one account from 20 addresses: at most a handful are checked, the rest 429 with a short stated wait, and the person keeps working', async () => {
    const answers = await guess(t.who.member.email);
    const checked = answers.filter((a) => a.status === 401).length;
    const limited = answers.filter((a) => a.status === 429);
    expect(checked).toBeLessThanOrEqual(12);
    expect(checked + limited.length).toBe(answers.length);
    for (const a of limited) {
      expect(a.retryAfter).toBeGreaterThan(0);
      expect(a.retryAfter).toBeLessThanOrEqual(15 * 60);
    }
    // The real person: the right password waits too (stated), but the token keeps working.
    const right = await postFrom('127.0.0.3', `${t.url}/api/v1/auth/login`, {
      email: t.who.member.email,
      password: RELIABILITY_PASSWORD,
    });
    expect(right.status).toBe(429);
    expect(right.retryAfter).toBeLessThanOrEqual(15 * 60);
    expect((await me(t.who.member.token)).status).toBe(200);
    expect((await t.device('member').sync()).response.changes.length).toBeGreaterThan(0);
  }, 60_000);

  it('an unknown e-mail is limited exactly like a known one (no account-existence oracle)', async () => {
    const known = await guess(t.who.coordinator.email);
    const unknown = await guess(`nobody-${uuidv7()}@example.org`);
    expect(unknown.map((a) => a.status)).toEqual(known.map((a) => a.status));
    expect(unknown.filter((a) => a.status === 401).length).toBeLessThanOrEqual(12);
  }, 120_000);
});

describe('absolute token lifetime (real process, TOKEN_MAX_AGE_DAYS set to about 4 s)', () => {
  it('a token used every second still ends at its absolute lifetime with 401', async () => {
    const server = await startServer({ env: { TOKEN_MAX_AGE_DAYS: String(4 / 86_400) } });
    try {
      const [a] = await seedAccounts(server.dataDir, [{ role: 'member' }]);
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: a!.email, password: RELIABILITY_PASSWORD }),
      });
      expect(login.status).toBe(200);
      const session = (await login.json()) as { token: string; expiresAt: string };
      const issued = Date.now();
      expect(Date.parse(session.expiresAt) - issued).toBeLessThanOrEqual(5_000);
      const statuses: number[] = [];
      while (Date.now() - issued < 6_000) {
        const res = await fetch(`${server.url}/api/v1/auth/me`, {
          headers: { Authorization: `Bearer ${session.token}` },
        });
        statuses.push(res.status);
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(statuses[0]).toBe(200);
      expect(statuses.at(-1)).toBe(401);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
