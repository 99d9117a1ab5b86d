// Debounced autosave: every edit schedules its write ~300 ms after the last keystroke.
// One registry for the whole app, so the update prompt (and page hide) can flush
// every pending write before the page goes away. "Saved" is shown only after the
// mutator's promise resolved, i.e. after the IndexedDB transaction committed.
import { createSignal } from 'solid-js';

export const AUTOSAVE_DELAY_MS = 300;

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  | { kind: 'error'; error: unknown };

type Pending = { timer: ReturnType<typeof setTimeout>; run: () => Promise<void> };

const pending = new Map<string, Pending>();
const inFlight = new Set<Promise<void>>();
const [saveState, setSaveState] = createSignal<SaveState>({ kind: 'idle' });
export { saveState };

async function execute(
  key: string,
  write: () => Promise<void>,
  onError?: (e: unknown) => void,
): Promise<void> {
  pending.delete(key);
  setSaveState({ kind: 'saving' });
  const p = write().then(
    () => {
      if (inFlight.size <= 1 && pending.size === 0) setSaveState({ kind: 'saved', at: Date.now() });
    },
    (e: unknown) => {
      setSaveState({ kind: 'error', error: e });
      onError?.(e);
    },
  );
  inFlight.add(p);
  try {
    await p;
  } finally {
    inFlight.delete(p);
  }
}

/** Schedule `write` under `key`; a newer schedule for the same key replaces the older one. */
export function scheduleSave(
  key: string,
  write: () => Promise<void>,
  onError?: (e: unknown) => void,
  delay = AUTOSAVE_DELAY_MS,
): void {
  const old = pending.get(key);
  if (old) clearTimeout(old.timer);
  const run = () => execute(key, write, onError);
  pending.set(key, { timer: setTimeout(() => void run(), delay), run });
  // Typed but not yet written is not "saved": say so at once.
  setSaveState({ kind: 'saving' });
}

/** Run a write now (buttons, selects) through the same status reporting. */
export function saveNow(
  key: string,
  write: () => Promise<void>,
  onError?: (e: unknown) => void,
): Promise<void> {
  const old = pending.get(key);
  if (old) clearTimeout(old.timer);
  return execute(key, write, onError);
}

/**
 * A create form's submit handler: runs `write` now under `key`. A failure stays in
 * `error()` (for FormError) until a later submit succeeds.
 */
export function createSubmit(key: string, write: () => Promise<void>) {
  const [error, setError] = createSignal<unknown>();
  const submit = (e: Event) => {
    e.preventDefault();
    void saveNow(
      key,
      async () => {
        await write();
        setError(undefined);
      },
      setError,
    );
  };
  return { error, submit };
}

export function hasPendingSaves(): boolean {
  return pending.size > 0 || inFlight.size > 0;
}

/** Write everything that is still waiting for its debounce, and wait for all writes. */
export async function flushSaves(): Promise<void> {
  const runs = [...pending.values()];
  for (const p of runs) clearTimeout(p.timer);
  await Promise.allSettled(runs.map((p) => p.run()));
  await Promise.allSettled([...inFlight]);
}

if (typeof document !== 'undefined') {
  // Leaving or backgrounding the app must not wait out a debounce.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void flushSaves();
  });
  addEventListener('pagehide', () => void flushSaves());
}
