// The sync engine a page creates once per signed-in database. State that other tabs and
// the UI need lives in `meta` (lastSyncOkAt, lastSyncError, syncNextRetryAt); the object
// here only adds what is per-tab (running, online).
import type { AppDb } from '../db/schema';
import {
  ensureClientId,
  leaderHeartbeat,
  readSyncStatus,
  writeSyncStatus,
  type SyncErrorInfo,
} from '../db/sync-store';
import { MAX_MUTATIONS_PER_PUSH } from '../../shared/protocol';
import { backoffDelay } from './backoff';
import { createScheduler } from './scheduler';
import { runSync, type SyncOutcome } from './sync-loop';
import { createUploadQueue } from './upload-queue';
import type { UploadResult } from './tus-upload';
import { registerBlobAccess } from './blob-download';

export type SyncEngineOptions = {
  baseUrl: string;
  getToken(): string | null;
  fetch?: typeof fetch;
  onAuthError?(): void;
  onUpdateRequired?(): void;
  appVersion: string;
  now?(): number;
  random?(): number;
};

export type EngineState = {
  /** A sync run is in progress in this tab. */
  running: boolean;
  /** The last request reached the server (navigator.onLine is never trusted when true). */
  online: boolean;
  lastOkAt: number | null;
  lastError: SyncErrorInfo | null;
  nextRetryAt: number | null;
  /** This tab holds the sync lock (or Web Locks are unavailable). */
  leader: boolean;
};

export type SyncEngine = {
  syncNow(): Promise<SyncOutcome>;
  start(): void;
  stop(): void;
  subscribe(listener: (s: EngineState) => void): () => void;
  state(): EngineState;
  /** Upload waiting photo bytes now (also done after every sync run). */
  uploadNow(): Promise<void>;
  /** Last upload failure per photo hash in this tab (permanent ones need the user). */
  uploadFailures(): ReadonlyMap<string, UploadResult>;
};

export function createSyncEngine(db: AppDb, opts: SyncEngineOptions): SyncEngine {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const listeners = new Set<(s: EngineState) => void>();
  let state: EngineState = {
    running: false,
    online: true,
    lastOkAt: null,
    lastError: null,
    nextRetryAt: null,
    leader: false,
  };
  const set = (patch: Partial<EngineState>) => {
    state = { ...state, ...patch };
    for (const l of listeners) l(state);
  };
  const limit = { count: MAX_MUTATIONS_PER_PUSH };
  let failures = 0;
  let blocked = false; // 426: no automatic sync until the app updates
  let inFlight: Promise<SyncOutcome> | null = null;
  let queued: Promise<SyncOutcome> | null = null;
  const uploads = createUploadQueue(db, {
    baseUrl: opts.baseUrl,
    getToken: opts.getToken,
    fetch: fetchFn,
    onAuthError: () => opts.onAuthError?.(),
  });
  registerBlobAccess(db.name, { baseUrl: opts.baseUrl, getToken: opts.getToken, fetch: fetchFn });
  const scheduler = createScheduler(
    db.name,
    () => {
      if (!blocked) void syncNow();
    },
    now,
    leaderHeartbeat(db),
  );

  void readSyncStatus(db).then(
    (s) =>
      set({ lastOkAt: s.lastSyncOkAt, lastError: s.lastSyncError, nextRetryAt: s.nextRetryAt }),
    () => {},
  );

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
        fetch: fetchFn,
        now,
        limit,
      });
    } catch (e) {
      // IndexedDB trouble (quota, connection lost): visible, retried, nothing dropped.
      outcome = {
        status: 'retry',
        pushed: 0,
        pulled: 0,
        roundTrips: 0,
        error: { code: 'local_error', message: (e as Error).message ?? String(e) },
      };
    }
    await settle(outcome).catch(() => {});
    return outcome;
  }

  // After a run: record the outcome durably and pick the next automatic attempt.
  async function settle(o: SyncOutcome): Promise<void> {
    const at = now();
    const error = o.error ? { ...o.error, at } : null;
    if (o.status === 'ok') {
      failures = 0;
      set({ running: false, online: true, lastOkAt: at, lastError: null, nextRetryAt: null });
      await writeSyncStatus(db, { lastSyncOkAt: at, lastSyncError: null, nextRetryAt: null });
      scheduler.retryAt(o.more ? at : null);
      void uploads.kick();
    } else if (o.status === 'retry') {
      const delay = o.retryInMs ?? backoffDelay(failures++, random);
      const offline = o.error?.code === 'network' || o.error?.code === 'timeout';
      set({ running: false, online: !offline, lastError: error, nextRetryAt: at + delay });
      await writeSyncStatus(db, { lastSyncError: error, nextRetryAt: at + delay });
      scheduler.retryAt(at + delay);
    } else {
      if (o.status === 'auth') opts.onAuthError?.();
      if (o.status === 'update_required') {
        blocked = true;
        scheduler.stop();
        opts.onUpdateRequired?.();
      }
      set({
        running: false,
        online: o.status !== 'signed_out' ? true : state.online,
        lastError: error,
        nextRetryAt: null,
      });
      await writeSyncStatus(db, { lastSyncError: error, nextRetryAt: null });
      scheduler.retryAt(null);
    }
  }

  function syncNow(): Promise<SyncOutcome> {
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
      if (blocked) return;
      scheduler.start();
      set({ leader: scheduler.isLeader() });
    },
    stop: () => {
      scheduler.stop();
      uploads.stop();
      set({ leader: false });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    state: () => state,
    uploadNow: () => uploads.kick(),
    uploadFailures: () => uploads.failures(),
  };
}
