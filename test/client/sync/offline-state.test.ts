// "Offline" shows within a second: on the window's `offline` event, and on the first request
// that fails for want of a network — not only after the run ended or at the next poll. The
// `online` event starts a sync, which takes the state back (docs/architecture.md §Scheduling).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSite } from '../../../src/client/db/mutators';
import type { EngineState } from '../../../src/client/sync/engine';
import { indicatorKind } from '../../../src/client/sync/indicator-state';
import { closeOpened, engineDevice, realServer } from '../../support/client-engine';

afterEach(closeOpened);

/** The window as the engine sees it: an event target with navigator.onLine. */
function fakeWindow(onLine = true) {
  return Object.assign(new EventTarget(), { navigator: { onLine } });
}

const kindOf = (s: EngineState) =>
  indicatorKind({
    summary: null,
    needsReauth: false,
    updateRequired: false,
    running: s.running,
    online: s.online,
  });

describe('the engine knows it is offline at once', () => {
  it('an `offline` event makes the header say offline without any request', async () => {
    const server = await realServer();
    const env = fakeWindow();
    const { engine } = engineDevice(server, { env });
    engine.start();
    await engine.syncNow();
    expect(kindOf(engine.state())).toBe('ok');
    const before = server.calls.length;
    env.dispatchEvent(new Event('offline'));
    expect(engine.state().online).toBe(false);
    expect(kindOf(engine.state())).toBe('offline');
    expect(server.calls.length).toBe(before); // no request was needed to know
    await engine.stop();
  });

  it('a page opened without network starts offline', async () => {
    const server = await realServer();
    const { engine } = engineDevice(server, { env: fakeWindow(false) });
    expect(kindOf(engine.state())).toBe('offline');
  });

  it('the first failed request says offline while the run still goes on', async () => {
    const server = await realServer();
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    let n = 0;
    // The sync request fails at once (no network); the run then stays busy (its bookkeeping held
    // back here), as a run with several requests or a slow device does.
    let armed = false;
    const failing: typeof fetch = async () => {
      n++;
      armed = true;
      throw new TypeError('Failed to fetch');
    };
    const { db, engine } = engineDevice(server, { fetch: failing, env: fakeWindow() });
    await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' });
    const seen: EngineState[] = [];
    engine.subscribe((s) => seen.push(s));
    // Hold the run's bookkeeping after the failed request, so "offline" can only come from the
    // request itself and not from the end of the run.
    const transaction = db.transaction.bind(db) as (...a: unknown[]) => Promise<unknown>;
    (db as unknown as { transaction: unknown }).transaction = async (...args: unknown[]) => {
      if (armed) await held;
      return transaction(...args);
    };
    const run = engine.syncNow();
    await vi.waitFor(() => expect(seen.some((s) => !s.online)).toBe(true));
    expect(n).toBe(1);
    const firstOffline = seen.find((s) => !s.online);
    expect(firstOffline?.running).toBe(true);
    expect(kindOf(engine.state())).toBe('offline');
    release();
    expect((await run).status).toBe('retry');
    expect(engine.state().online).toBe(false);
  });

  it('a request aborted on purpose (logout) is no sign of being offline', async () => {
    const server = await realServer();
    let called: () => void = () => {};
    const calledOnce = new Promise<void>((r) => (called = r));
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_, reject) => {
        const stop = () => reject(new DOMException('stopped', 'AbortError'));
        if (init?.signal?.aborted) stop();
        init?.signal?.addEventListener('abort', stop);
        called();
      });
    const { engine } = engineDevice(server, { fetch: hanging, env: fakeWindow() });
    const run = engine.syncNow();
    await calledOnce;
    await engine.stop();
    await run;
    expect(engine.state().online).toBe(true);
  });

  it('the `online` event takes the offline mark away and syncs at once (not at the next retry)', async () => {
    const server = await realServer();
    const env = fakeWindow();
    let down = false;
    const network: typeof fetch = (input, init) =>
      down ? Promise.reject(new TypeError('Failed to fetch')) : server.fetch(input, init);
    // random 1: every backoff takes its full length (1 s, 2 s, 4 s, …).
    const { db, engine } = engineDevice(server, { fetch: network, env, random: () => 1 });
    engine.start();
    await engine.syncNow();
    down = true;
    env.dispatchEvent(new Event('offline'));
    await createSite(db, { municipality: 'Kassel', quarter: 'Nord' });
    for (let i = 0; i < 4; i++) await engine.syncNow(); // the next retry is 16 s away
    await new Promise((r) => setTimeout(r, 700)); // the write's own debounced run failed too
    expect(await db.outbox.count()).toBe(1);
    down = false;
    env.dispatchEvent(new Event('online'));
    expect(engine.state().online).toBe(true);
    // Well before the next retry (16 s or more away): only the `online` event can have synced.
    const end = Date.now() + 8_000;
    while ((await db.outbox.count()) > 0 && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20));
    expect(await db.outbox.count()).toBe(0);
    expect(kindOf(engine.state())).toBe('ok');
    await engine.stop();
  });
});
