import { describe, expect, it } from 'vitest';
import { RELOAD_GUARD_KEY, RELOAD_GUARD_MS, chunkProblem, handlePreloadError } from '../../../src/client/safety/preload-reload';

function deps(online = true) {
  const store = new Map<string, string>();
  const d = {
    reloads: 0, t: 1_000_000,
    online: () => online,
    storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
    reload: () => { d.reloads++; },
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
