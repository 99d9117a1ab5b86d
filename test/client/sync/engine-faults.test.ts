// The engine's own failure paths: a device that cannot store its sync status still retries and
// shows why (docs/architecture.md §Sync run, §Errors); an app too old for the server stops asking
// and says "update needed" with its outbox intact; stop() (logout) aborts the request in flight.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSite, createVisit, updateVisit } from '../../../src/client/db/mutators';
import { createSyncEngine } from '../../../src/client/sync/engine';
import {
  type EngineOptions,
  closeOpened,
  engineDevice,
  realServer,
} from '../../support/client-engine';
import type { ServerFetch } from '../../support/server-fetch';
import { breakTable } from '../../support/table-fault';

const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await closeOpened();
});

async function setup(extra: Partial<EngineOptions> = {}) {
  const server = await realServer();
  // server.fetch is looked up at each call: a test may replace it.
  const fetch: typeof server.fetch = (i, init) => server.fetch(i, init);
  const { db, engine } = engineDevice(server, { fetch, ...extra });
  cleanups.push(() => void engine.stop());
  const site = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
  return { server, db, engine, visit };
}

const quotaError = () => Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
const syncRequests = (s: ServerFetch) => s.calls.filter((c) => c.url === '/api/v1/sync').length;

describe('a device that cannot store its sync state', () => {
  it('still schedules the retry and shows "storage full" instead of swallowing the error', async () => {
    const { server, db, engine, visit } = await setup({ random: () => 0.5 });
    expect((await engine.syncNow()).status).toBe('ok');
    await updateVisit(db, visit.id, { goals: 'waits' });
    server.script = () => {
      throw new TypeError('fetch failed');
    };
    cleanups.push(breakTable(db, 'meta', 'put', () => Promise.reject(quotaError())));
    cleanups.push(breakTable(db, 'meta', 'delete', () => Promise.reject(quotaError())));
    engine.start(); // leads (no Web Locks here) and runs at once
    await vi.waitFor(() => expect(syncRequests(server)).toBeGreaterThanOrEqual(2), {
      timeout: 1_000,
    });
    // The next attempt is scheduled although nothing could be written, and the state says why.
    await vi.waitFor(() => expect(syncRequests(server)).toBeGreaterThanOrEqual(3), {
      timeout: 3_000,
    });
    expect(engine.state().lastError?.code).toBe('storage_full');
    expect(engine.state().nextRetryAt).not.toBeNull();
    expect(await db.outbox.where('state').equals('pending').count()).toBe(1);
  });
});

describe('an app too old for the server', () => {
  const answers: [string, () => Response][] = [
    [
      '400 for an unknown protocol',
      () =>
        Response.json(
          { error: 'invalid', message: 'protocol: invalid literal', path: 'protocol' },
          { status: 400 },
        ),
    ],
    [
      '400 upgrade_required',
      () => Response.json({ error: 'upgrade_required', message: 'update' }, { status: 400 }),
    ],
    [
      '426 upgrade_required',
      () => Response.json({ error: 'upgrade_required', message: 'update' }, { status: 426 }),
    ],
    [
      'a 200 in another protocol version',
      () => Response.json({ protocol: 2, results: [], changes: [] }),
    ],
  ];
  for (const [name, answer] of answers) {
    it(`${name}: "update needed", no more requests, outbox intact; the updated app syncs it all`, async () => {
      const onUpdateRequired = vi.fn();
      const { server, db, engine } = await setup({ onUpdateRequired, random: () => 0 });
      const before = await db.outbox.toArray();
      server.script = answer;
      engine.start();
      await vi.waitFor(() => expect(onUpdateRequired).toHaveBeenCalledOnce());
      expect(engine.state()).toMatchObject({ updateRequired: true, nextRetryAt: null });
      expect(engine.state().lastError?.code).toBe('update_required');
      await new Promise((r) => setTimeout(r, 300));
      expect(syncRequests(server)).toBe(1); // no request storm
      engine.start(); // a visibility change or a write does not restart it either
      await new Promise((r) => setTimeout(r, 100));
      expect(syncRequests(server)).toBe(1);
      expect(await db.outbox.toArray()).toEqual(before);
      // After the update (a new page with a new engine) everything waiting arrives.
      await engine.stop();
      server.script = null;
      const updated = createSyncEngine(db, {
        baseUrl: 'http://test',
        getToken: () => server.token,
        fetch: server.fetch,
        appVersion: 't2',
      });
      expect((await updated.syncNow()).status).toBe('ok');
      expect(await db.outbox.count()).toBe(0);
    });
  }
});

describe('stop() (logout)', () => {
  it('aborts the request in flight and resolves only when the run has ended; nothing is sent afterwards', async () => {
    const { server, db, engine } = await setup();
    let seen: AbortSignal | undefined;
    let reached!: () => void;
    const inFlight = new Promise<void>((r) => (reached = r));
    const realFetch = server.fetch;
    server.fetch = (_input, init) => {
      seen = init?.signal ?? undefined;
      reached();
      // A server that does not answer until the request is aborted.
      return new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        ),
      );
    };
    const run = engine.syncNow();
    await inFlight;
    const stopped = engine.stop();
    expect(stopped).toBeInstanceOf(Promise);
    await stopped;
    expect(seen?.aborted).toBe(true);
    expect((await run).status).toBe('stopped');
    const calls = server.calls.length;
    server.fetch = realFetch;
    expect((await engine.syncNow()).status).toBe('stopped');
    expect(server.calls.length).toBe(calls);
    // Nothing was recorded against the entries: the abort is no failure of theirs.
    expect((await db.outbox.toArray()).every((e) => e.attempts === 0)).toBe(true);
  });

  it('the stop signal collects no listener per request (a long session does not leak)', async () => {
    const { engine, db, visit } = await setup();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < 15; i++) {
        await updateVisit(db, visit.id, { goals: `v${i}` });
        expect((await engine.syncNow()).status).toBe('ok');
      }
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});
