// Starts the sync engine for the signed-in user's database and stops it when the user
// changes or signs out. The engine (and the zod schemas it parses with) loads after the first
// screen is shown (first-screen.ts): its start is not urgent, the outbox is durable.
import { onCleanup, onMount } from 'solid-js';
import type { AppDb } from '../../db/schema';
import type { SyncEngine } from '../../sync/engine';
import { afterFirstScreen } from './first-screen';

export type SyncEngineLike = Pick<
  SyncEngine,
  'syncNow' | 'subscribe' | 'state' | 'stop' | 'dismissNotice'
>;

/**
 * `navigator.onLine === false` means certainly offline (docs/architecture.md §Scheduling): fail at once
 * like a dropped connection instead of sending a request that can only fail noisily.
 * `true` is never trusted; the engine still finds out by trying.
 */
export const offlineAwareFetch: typeof fetch = (input, init) =>
  globalThis.navigator?.onLine === false
    ? Promise.reject(new TypeError('Failed to fetch (offline)'))
    : globalThis.fetch(input, init);

export function EngineHost(props: {
  userId: string;
  baseUrl: string;
  getToken: () => string | null;
  onEngine: (e: SyncEngineLike | null) => void;
  onAuthError: () => void;
  onUpdateRequired: () => void;
  /** A run ended without error: the token works (clears a 401 raced by an older run). */
  onSyncOk: () => void;
}) {
  let stopped = false;
  let engine: SyncEngine | null = null;
  let db: AppDb | null = null;
  onMount(async () => {
    await afterFirstScreen();
    if (stopped) return;
    const [{ createSyncEngine }, { openUserDb }] = await Promise.all([
      import('../../sync/engine'),
      import('../../session/store'),
    ]);
    if (stopped) return;
    db = openUserDb(props.userId);
    engine = createSyncEngine(db, {
      baseUrl: props.baseUrl,
      getToken: props.getToken,
      appVersion: __APP_VERSION__,
      fetch: offlineAwareFetch,
      onAuthError: props.onAuthError,
      onUpdateRequired: props.onUpdateRequired,
    });
    let lastOk = engine.state().lastOkAt;
    // eslint-disable-next-line solid/reactivity -- a listener called by the engine, like an event handler
    engine.subscribe((st) => {
      if (st.lastOkAt !== lastOk && !st.running && !st.lastError) props.onSyncOk();
      lastOk = st.lastOkAt;
    });
    engine.start();
    props.onEngine(engine);
  });
  onCleanup(() => {
    stopped = true;
    void engine?.stop(); // logout awaits it first (session-context.tsx)
    props.onEngine(null);
    db?.close();
  });
  return null;
}
