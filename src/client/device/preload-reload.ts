// After a deploy, an old page may ask for a lazy chunk that no longer exists
// (vite:preloadError). One reload fetches the new shell and chunks. The guard in
// sessionStorage makes it one reload, never a loop; offline a reload cannot help,
// so the user gets a message instead (and the app keeps what it has).
import { createSignal } from 'solid-js';

export const RELOAD_GUARD_KEY = 'sb.preloadReloadAt';
/** A second missing chunk within this time means the reload did not help: stop and tell. */
export const RELOAD_GUARD_MS = 10 * 60 * 1000;

export type ChunkProblem = 'offline' | 'reload-failed' | null;
const [chunkProblem, setChunkProblem] = createSignal<ChunkProblem>(null);
export { chunkProblem };

export type ReloadDeps = {
  online: () => boolean;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  reload: () => void;
  now: () => number;
};

/** Decides what to do about a missing chunk; returns the action taken. */
export function handlePreloadError(deps: ReloadDeps): 'reload' | 'offline' | 'reload-failed' {
  if (!deps.online()) {
    setChunkProblem('offline');
    return 'offline';
  }
  const last = Number(deps.storage?.getItem(RELOAD_GUARD_KEY) ?? 0);
  if (!deps.storage || (last && deps.now() - last < RELOAD_GUARD_MS)) {
    setChunkProblem('reload-failed');
    return 'reload-failed';
  }
  deps.storage.setItem(RELOAD_GUARD_KEY, String(deps.now()));
  deps.reload();
  return 'reload';
}

let quiet = 0;
/**
 * Runs a background import (cache warm-up) whose failure its caller handles. On a flaky
 * network such an import fails without any deploy; reloading the page then would interrupt
 * the person's typing for nothing, so the guard lets the error reach the caller instead.
 */
export async function quietly<T>(load: () => Promise<T>): Promise<T> {
  quiet++;
  try {
    return await load();
  } finally {
    quiet--;
  }
}

export function startPreloadErrorGuard(win: Window = window): void {
  win.addEventListener('vite:preloadError', (event) => {
    if (quiet > 0) return; // not prevented: the import rejects and its caller decides
    event.preventDefault(); // we handle it: no unhandled rejection on top
    let storage: Storage | null = null;
    try {
      storage = win.sessionStorage;
    } catch {
      /* disabled storage: no guard, no reload */
    }
    handlePreloadError({
      online: () => win.navigator.onLine,
      storage,
      reload: () => win.location.reload(),
      now: Date.now,
    });
  });
}
