import { describe, expect, it } from 'vitest';
import {
  RELOAD_GUARD_KEY,
  RELOAD_GUARD_MS,
  chunkProblem,
  handlePreloadError,
} from '../../../src/client/device/preload-reload';

function deps(online = true) {
  const store = new Map<string, string>();
  const d = {
    reloads: 0,
    t: 1_000_000,
    online: () => online,
    storage: {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    },
    reload: () => {
      d.reloads++;
    },
    now: () => d.t,
  };
  return { d, store };
}

describe('a missing lazy chunk after a deploy', () => {
  it('reloads once, and a second failure right after shows a message instead of looping', () => {
    const { d, store } = deps();
    expect(handlePreloadError(d)).toBe('reload');
    expect(store.get(RELOAD_GUARD_KEY)).toBe(String(d.t));
    d.t += 5_000; // the page after the reload still misses a chunk
    expect(handlePreloadError(d)).toBe('reload-failed');
    expect(handlePreloadError(d)).toBe('reload-failed');
    expect(d.reloads).toBe(1);
    expect(chunkProblem()).toBe('reload-failed');
  });

  it('may reload again for a later deploy, long after the guarded reload', () => {
    const { d } = deps();
    handlePreloadError(d);
    d.t += RELOAD_GUARD_MS + 1;
    expect(handlePreloadError(d)).toBe('reload');
    expect(d.reloads).toBe(2);
  });

  it('never reloads while offline: the user gets a message', () => {
    const { d, store } = deps(false);
    expect(handlePreloadError(d)).toBe('offline');
    expect(d.reloads).toBe(0);
    expect(store.size).toBe(0);
    expect(chunkProblem()).toBe('offline');
  });
});

describe('a background import that fails on a flaky network', () => {
  it('is not handled by the guard while running quietly: no reload, the error reaches the caller', async () => {
    const { quietly, startPreloadErrorGuard } =
      await import('../../../src/client/device/preload-reload');
    let reloads = 0;
    const win = Object.assign(new EventTarget(), {
      navigator: { onLine: true },
      sessionStorage: new Map(),
      location: {
        reload: () => {
          reloads++;
        },
      },
    });
    Object.assign(win.sessionStorage, { getItem: () => null, setItem: () => {} });
    startPreloadErrorGuard(win as unknown as Window);
    const fire = () => {
      const e = new Event('vite:preloadError', { cancelable: true });
      win.dispatchEvent(e);
      return e.defaultPrevented;
    };
    // Inside `quietly`: the event stays unprevented (so Vite rethrows the import error).
    await expect(
      quietly(async () => {
        if (!fire()) throw new Error('import failed');
      }),
    ).rejects.toThrow('import failed');
    expect(reloads).toBe(0);
    // Outside: the missing-chunk guard reloads as before.
    expect(fire()).toBe(true);
    expect(reloads).toBe(1);
  });
});
