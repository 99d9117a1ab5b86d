// The sync engine a page creates once per signed-in database. State that other tabs and
// the UI need lives in `meta` (lastSyncOkAt, lastSyncError, syncNextRetryAt); the object
// here only adds what is per-tab (running, online).
import type { AppDb } from '../db/schema';
import { isQuotaError } from '../db/errors';
import {
  ensureClientId,
  leaderHeartbeat,
  readSyncNotice,
  readSyncStatus,
  writeSyncNotice,
  writeSyncStatus,
  type SyncErrorInfo,
  type SyncNotice,
  type SyncStatusMeta,
} from '../db/sync-store';
import { MAX_MUTATIONS_PER_PUSH } from '../../shared/protocol';
import { backoffDelay } from './backoff';
import { createScheduler } from './scheduler';
import { runSync, type SyncOutcome } from './sync-loop';
import { linkedSignal } from './transport';
import { createUploadQueue } from './upload-queue';
import type { UploadResult } from './tus-upload';
import { registerBlobAccess } from './blob-download';
import { createPrefetcher, type PrefetchResult } from './blob-prefetch';

export type SyncEngineOptions = {
  baseUrl: string;
  getToken(): string | null;
  fetch?: typeof fetch;
  onAuthError?(): void;
  onUpdateRequired?(): void;
  appVersion: string;
  now?(): number;
  random?(): number;
  /** Fetch missing thumbnails after each sync (docs/architecture.md §Photos step 8); default on. */
  prefetch?: boolean;
  /**
   * Send long sync bodies gzip-compressed (gzip-body.ts); default on. The simulation turns it
   * off: compressing on zlib's thread pool ends at a time no seed decides.
   */
  gzip?: boolean;
  /**
   * The window: its `offline` event shows "offline" at once, its `online` event starts a sync
   * (docs/architecture.md §Scheduling). A test passes its own EventTarget.
   */
  env?: EventTarget & { navigator?: { onLine?: boolean } };
};

export type EngineState = {
  /** A sync run is in progress in this tab. */
  running: boolean;
  /** The last request reached the server (navigator.onLine is never trusted when true). */
  online: boolean;
  lastOkAt: number | null;
  /**
   * The last failure, also one that could not be written to IndexedDB (storage full, database
   * closed: code 'storage_full' / 'local_error'), so the UI shows it even then.
   */
  lastError: SyncErrorInfo | null;
  nextRetryAt: number | null;
  /** This tab holds the sync lock (or Web Locks are unavailable). */
  leader: boolean;
  /** The server speaks a protocol this app does not: no automatic sync until the app updates. */
  updateRequired: boolean;
  /** The last recovery the engine did by itself (server restored, new device identity). */
  notice: SyncNotice | null;
};

export type SyncEngine = {
  syncNow(): Promise<SyncOutcome>;
  start(): void;
  /**
   * Stop syncing: no new runs, the running request and photo uploads are aborted. Resolves once
   * nothing of this engine touches the network or the database any more (logout awaits it
   * before revoking the token and deleting the database).
   */
  stop(): Promise<void>;
  subscribe(listener: (s: EngineState) => void): () => void;
  state(): EngineState;
  /** Upload waiting photo bytes now (also done after every sync run). */
  uploadNow(): Promise<void>;
  /** Last upload failure per photo hash in this tab (permanent ones need the user). */
  uploadFailures(): ReadonlyMap<string, UploadResult>;
  /** The user saw the recovery notice. */
  dismissNotice(): Promise<void>;
  /** Fetch missing thumbnails now (also done after every sync run, once uploads settled). */
  prefetchNow(): Promise<PrefetchResult | null>;
};

export function createSyncEngine(db: AppDb, opts: SyncEngineOptions): SyncEngine {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const env = opts.env ?? (globalThis as unknown as NonNullable<SyncEngineOptions['env']>);
  const plainFetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  // Every request of the engine (sync, uploads, photo downloads) that fails for want of a
  // network says "offline" at once, not only when the run is over or at the next poll.
  const baseFetch: typeof fetch = async (input, init) => {
    try {
      return await plainFetch(input, init);
    } catch (e) {
      const reason = init?.signal?.aborted ? (init.signal.reason as { name?: string }) : null;
      // Aborted on purpose (logout, a page asked ahead and no longer needed) is no sign of a network.
      if (!stopped && (!reason || reason.name === 'TimeoutError') && state.online)
        set({ online: false });
      throw e;
    }
  };
  const listeners = new Set<(s: EngineState) => void>();
  let state: EngineState = {
    running: false,
    // The browser knows it has no network (navigator.onLine false); "true" is only a guess.
    online: env.navigator?.onLine !== false,
    lastOkAt: null,
    lastError: null,
    nextRetryAt: null,
    leader: false,
    updateRequired: false,
    notice: null,
  };
  const set = (patch: Partial<EngineState>) => {
    state = { ...state, ...patch };
    for (const l of listeners) l(state);
  };
  const limit = { count: MAX_MUTATIONS_PER_PUSH };
  let failures = 0;
  let blocked = false; // 426 / unknown protocol: no automatic sync until the app updates
  let stopped = false;
  // Aborted by stop(): the sync request and every photo transfer of this engine.
  let abort = new AbortController();
  let inFlight: Promise<SyncOutcome> | null = null;
  let queued: Promise<SyncOutcome> | null = null;
  let uploading: Promise<void> = Promise.resolve();
  const fetchFn: typeof fetch = async (input, init) => {
    if (abort.signal.aborted) throw new DOMException('stopped', 'AbortError');
    const linked = linkedSignal(init?.signal ?? undefined, abort.signal);
    try {
      return await baseFetch(input, { ...init, signal: linked.signal });
    } finally {
      linked.release();
    }
  };
  const uploads = createUploadQueue(db, {
    baseUrl: opts.baseUrl,
    getToken: opts.getToken,
    fetch: fetchFn,
    onAuthError: () => opts.onAuthError?.(),
  });
  const kickUploads = () => {
    if (stopped) return uploading;
    uploading = uploads.kick();
    return uploading;
  };
  registerBlobAccess(db.name, { baseUrl: opts.baseUrl, getToken: opts.getToken, fetch: baseFetch });
  const prefetcher = createPrefetcher(db, {
    access: { baseUrl: opts.baseUrl, getToken: opts.getToken, fetch: fetchFn },
    signal: () => abort.signal,
  });
  let prefetching: Promise<void> = Promise.resolve();
  // Uploads first (bytes only this device has), then thumbnails, never holding up a sync run.
  const kickPrefetch = () => {
    if (stopped || opts.prefetch === false) return prefetching;
    prefetching = uploading.then(() => (stopped ? undefined : prefetcher.kick()));
    return prefetching;
  };
  const scheduler = createScheduler(
    db.name,
    () => {
      if (!blocked && !stopped) void syncNow();
    },
    now,
    leaderHeartbeat(db),
    env,
  );
  // Offline shows at once; back online it is "online" until a request says otherwise (the
  // scheduler starts a sync on the same event, and a stored network error still says offline).
  const onOffline = () => set({ online: false });
  const onOnline = () => set({ online: true });

  void Promise.all([readSyncStatus(db), readSyncNotice(db)]).then(
    ([s, notice]) =>
      set({
        lastOkAt: s.lastSyncOkAt,
        lastError: s.lastSyncError,
        nextRetryAt: s.nextRetryAt,
        notice,
      }),
    () => {},
  );

  /**
   * A compressed body was refused and the same request plain was not (a proxy that drops
   * Content-Encoding, a server without inflation): this engine sends plain from then on, so that
   * not every push costs a refused request first. A reload tries compression again.
   */
  let gzipRefused = false;

  async function runOnce(): Promise<SyncOutcome> {
    set({ running: true, leader: scheduler.isLeader() });
    let outcome: SyncOutcome;
    try {
      const clientId = await ensureClientId(db);
      outcome = await runSync({
        db,
        clientId,
        baseUrl: opts.baseUrl,
        appVersion: opts.appVersion,
        getToken: opts.getToken,
        fetch: baseFetch,
        now,
        limit,
        signal: abort.signal,
        gzip: opts.gzip !== false && !gzipRefused,
        onGzipRefused: () => (gzipRefused = true),
      });
    } catch (e) {
      // IndexedDB trouble (quota, connection lost): visible, retried, nothing dropped.
      outcome = stopped
        ? { status: 'stopped', pushed: 0, pulled: 0, roundTrips: 0 }
        : {
            status: 'retry',
            pushed: 0,
            pulled: 0,
            roundTrips: 0,
            error: localError(e),
          };
    }
    await settle(outcome);
    return outcome;
  }

  // After a run: pick the next automatic attempt FIRST (in memory, cannot fail), then record the
  // outcome durably; a failing write is itself a visible, retried state (never swallowed).
  async function settle(o: SyncOutcome): Promise<void> {
    const at = now();
    const error = o.error ? { ...o.error, at } : null;
    let persist: Partial<SyncStatusMeta>;
    if (o.status === 'stopped') {
      set({ running: false });
      return;
    } else if (o.status === 'ok') {
      failures = 0;
      scheduler.retryAt(o.more ? at : null);
      set({ running: false, online: true, lastOkAt: at, lastError: null, nextRetryAt: null });
      persist = { lastSyncOkAt: at, lastSyncError: null, nextRetryAt: null };
      void kickUploads();
      void kickPrefetch();
    } else if (o.status === 'retry') {
      const delay = o.retryInMs ?? backoffDelay(failures++, random);
      const offline = o.error?.code === 'network' || o.error?.code === 'timeout';
      scheduler.retryAt(at + delay);
      set({ running: false, online: !offline, lastError: error, nextRetryAt: at + delay });
      persist = { lastSyncError: error, nextRetryAt: at + delay };
    } else {
      scheduler.retryAt(null);
      if (o.status === 'update_required') {
        blocked = true;
        scheduler.stop();
      }
      set({
        running: false,
        online: o.status !== 'signed_out' ? true : state.online,
        lastError: error,
        nextRetryAt: null,
        updateRequired: blocked,
      });
      persist = { lastSyncError: error, nextRetryAt: null };
      if (o.status === 'auth') opts.onAuthError?.();
      if (o.status === 'update_required') opts.onUpdateRequired?.();
    }
    const notice = o.recovered ? { ...o.recovered, at } : null;
    if (notice) set({ notice });
    try {
      await writeSyncStatus(db, persist);
      if (notice) await writeSyncNotice(db, notice);
    } catch (e) {
      // The outcome could not be stored (storage full, database closed): show it here and try
      // again later; the retry above (or this one) is already scheduled.
      const lastError = { ...localError(e), at };
      const retryAt = blocked ? null : (state.nextRetryAt ?? at + backoffDelay(failures++, random));
      if (retryAt !== null && state.nextRetryAt === null) scheduler.retryAt(retryAt);
      set({ lastError, nextRetryAt: retryAt });
    }
  }

  function syncNow(): Promise<SyncOutcome> {
    if (stopped) return Promise.resolve({ status: 'stopped', pushed: 0, pulled: 0, roundTrips: 0 });
    // One run at a time per tab; a request during a run gets one follow-up run (it may carry new writes).
    if (inFlight) {
      queued ??= inFlight.then(() => {
        queued = null;
        return syncNow();
      });
      return queued;
    }
    const p = runOnce().finally(() => {
      if (inFlight === p) inFlight = null;
    });
    inFlight = p;
    return p;
  }

  return {
    syncNow,
    start: () => {
      if (stopped) {
        stopped = false;
        abort = new AbortController();
      }
      if (blocked) return;
      env.addEventListener?.('offline', onOffline);
      env.addEventListener?.('online', onOnline);
      scheduler.start();
      set({ leader: scheduler.isLeader() });
    },
    async stop() {
      stopped = true;
      env.removeEventListener?.('offline', onOffline);
      env.removeEventListener?.('online', onOnline);
      scheduler.stop();
      uploads.stop();
      prefetcher.stop();
      abort.abort();
      set({ leader: false });
      await Promise.allSettled([inFlight, queued, uploading, prefetching]);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    state: () => state,
    uploadNow: kickUploads,
    uploadFailures: () => uploads.failures(),
    async prefetchNow() {
      await kickPrefetch();
      return prefetcher.last();
    },
    async dismissNotice() {
      set({ notice: null });
      await writeSyncNotice(db, null);
    },
  };
}

/** A failure of this device's own storage, as the engine reports it. */
function localError(e: unknown): { code: string; message: string } {
  return {
    code: isQuotaError(e) ? 'storage_full' : 'local_error',
    message: (e as Error)?.message ?? String(e),
  };
}
