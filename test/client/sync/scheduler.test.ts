import { afterEach, describe, expect, it, vi } from 'vitest';
import { addObservation, createSite, createVisit } from '../../../src/client/db/mutators';
import type { AppDb } from '../../../src/client/db/schema';
import { createSyncEngine, type SyncEngine } from '../../../src/client/sync/engine';
import { acquireLeadership } from '../../../src/client/sync/leader';
import { IDBFactory, makeTestDb } from '../../support/fake-db';
import { startServerFetch } from '../../support/server-fetch';

/** Web Locks with exclusive mode only, enough for leader election. */
function fakeLocks() {
  const held = new Map<string, boolean>();
  const queues = new Map<string, (() => void)[]>();
  return {
    request(
      name: string,
      options: { signal?: AbortSignal },
      cb: () => Promise<void>,
    ): Promise<unknown> {
      return new Promise((resolve, reject) => {
        const run = () => {
          held.set(name, true);
          cb()
            .then(resolve, reject)
            .finally(() => {
              held.set(name, false);
              queues.get(name)?.shift()?.();
            });
        };
        if (!held.get(name)) return run();
        const q = queues.get(name) ?? [];
        queues.set(name, q);
        q.push(run);
        options.signal?.addEventListener('abort', () => {
          const i = q.indexOf(run);
          if (i >= 0) {
            q.splice(i, 1);
            reject(new DOMException('aborted', 'AbortError'));
          }
        });
      });
    },
  };
}

/** Lets queued lock callbacks and microtasks run (a macrotask turn, not a timed wait). */
const tick = () => new Promise((r) => setTimeout(r, 0));
/** Poll instead of sleeping a fixed time: a loaded machine only makes the test slower; fails after 5 s. */
const until = (cond: () => boolean | Promise<boolean>) =>
  vi.waitUntil(cond, { timeout: 5_000, interval: 25 });
const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c(); // engines stop before the server closes
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

async function twoTabs() {
  const server = await startServerFetch();
  cleanup.push(() => server.close());
  const factory = new IDBFactory();
  const sentBy: string[] = [];
  const tab = (name: string): { db: AppDb; engine: SyncEngine } => {
    const db = makeTestDb(factory, 'shared-db');
    const engine = createSyncEngine(db, {
      baseUrl: 'http://t',
      getToken: () => server.token,
      appVersion: 't',
      fetch: (i, init) => {
        sentBy.push(name);
        return server.fetch(i, init);
      },
    });
    cleanup.push(() => {
      engine.stop();
      db.close();
    });
    return { db, engine };
  };
  return { server, sentBy, a: tab('a'), b: tab('b') };
}

describe('leader election', () => {
  it('one holder of sync:<db> leads; the next tab leads when it lets go', async () => {
    const locks = fakeLocks();
    const led: string[] = [];
    const first = acquireLeadership('db1', () => led.push('first'), locks);
    const second = acquireLeadership('db1', () => led.push('second'), locks);
    await tick();
    expect(led).toEqual(['first']);
    expect(second.isLeader()).toBe(false);
    first.release();
    await tick();
    expect(led).toEqual(['first', 'second']);
    expect(second.isLeader()).toBe(true);
    second.release();
  });
});

describe('sync scheduling', () => {
  it('a write in a follower tab is synced by the leader tab; the follower never syncs', async () => {
    vi.stubGlobal('navigator', { locks: fakeLocks() });
    const { sentBy, a, b } = await twoTabs();
    a.engine.start();
    await until(() => sentBy.includes('a'));
    b.engine.start();
    expect(a.engine.state().leader).toBe(true);
    expect(b.engine.state().leader).toBe(false); // b waits in the lock queue behind a
    const before = sentBy.length;
    const site = await createSite(b.db, { municipality: 'Kassel', quarter: 'Nord' });
    const visit = await createVisit(b.db, { siteId: site.id, date: '2026-05-04' });
    for (let i = 0; i < 4; i++)
      await addObservation(b.db, { visitId: visit.id, fieldId: 'housing', text: `t${i}` });
    await until(async () => (await a.db.outbox.count()) === 0);
    expect(await a.db.outbox.count()).toBe(0);
    expect(sentBy.length).toBeGreaterThan(before);
    expect(new Set(sentBy)).toEqual(new Set(['a'])); // the follower never talks to the server
  });

  it("a visible follower syncs itself when the leader's heartbeat is stale (frozen leader tab)", async () => {
    vi.stubGlobal('navigator', { locks: fakeLocks() });
    const { sentBy, a, b } = await twoTabs();
    a.engine.start();
    await until(() => sentBy.includes('a'));
    b.engine.start();
    await b.db.meta.put({ key: 'syncLeaderHeartbeatAt', value: Date.now() - 60_000 });
    await createSite(b.db, { municipality: 'Kassel', quarter: 'Nord' });
    await until(() => sentBy.includes('b'));
    expect(sentBy).toContain('b');
    await until(async () => (await b.db.outbox.count()) === 0);
    expect(await b.db.outbox.count()).toBe(0);
  });

  it('without Web Locks every tab syncs its own writes', async () => {
    vi.stubGlobal('navigator', {});
    const { sentBy, a, b } = await twoTabs();
    a.engine.start();
    b.engine.start();
    await until(() => sentBy.includes('a') && sentBy.includes('b'));
    expect(sentBy.filter((s) => s === 'a').length).toBeGreaterThan(0);
    expect(sentBy.filter((s) => s === 'b').length).toBeGreaterThan(0);
    const before = sentBy.length;
    await createSite(b.db, { municipality: 'Kassel', quarter: 'Nord' });
    await until(
      async () => (await b.db.outbox.count()) === 0 && sentBy.slice(before).includes('b'),
    );
    expect(sentBy.slice(before)).toContain('b');
    expect(await b.db.outbox.count()).toBe(0);
  });
});
