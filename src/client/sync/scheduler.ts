// When to sync (docs/architecture.md §Scheduling, invariant I7): on start, after local writes (debounced; other tabs
// hint the leader over BroadcastChannel), on `online`, on becoming visible, on bfcache
// restore, on the retry timer and on a slow poll while visible. Every trigger is only a
// hint: correctness never depends on one of them firing.
import { localWrites } from '../db/write';
import { acquireLeadership, type LeaderHandle } from './leader';

export const WRITE_DEBOUNCE_MS = 500;
/**
 * How often a visible leading tab asks the server for others' changes. What others did (a
 * conflict their push created, a value they saved) shows within this time without anyone
 * touching the device; a poll with nothing new is one small request.
 */
export const POLL_MS = 15_000;
export const HEARTBEAT_MS = 10_000;
/** A leader silent this long (frozen background tab) no longer stops a visible tab from syncing. */
export const LEADER_STALE_MS = 30_000;

/** The leader's proof of life in IndexedDB (meta), shared by all tabs of the database. */
export type Heartbeat = { read(): Promise<number | null>; write(at: number): Promise<void> };

export type Scheduler = {
  start(): void;
  stop(): void;
  retryAt(at: number | null): void;
  isLeader(): boolean;
};

type Env = {
  addEventListener?(t: string, l: EventListener): void;
  removeEventListener?(t: string, l: EventListener): void;
};

export function createScheduler(
  dbName: string,
  run: (reason: string) => void,
  now: () => number,
  heartbeat?: Heartbeat,
  /** Where `online`, `pageshow` and the document come from (the window; a test passes its own). */
  env: unknown = globalThis,
): Scheduler {
  const g = env as Env & { document?: Env & { visibilityState?: string } };
  let leader: LeaderHandle | null = null;
  let channel: BroadcastChannel | null = null;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let poll: ReturnType<typeof setInterval> | undefined;
  let beat: ReturnType<typeof setInterval> | undefined;
  const visible = () => g.document?.visibilityState !== 'hidden';

  // Leader runs; any other tab tells the leader, and syncs itself when the leader is frozen
  // (mobile browsers freeze background tabs that still hold the lock).
  const trigger = (reason: string) => {
    if (leader?.isLeader()) return run(reason);
    channel?.postMessage({ type: 'sync-hint', reason });
    if (!heartbeat || !visible()) return;
    void heartbeat.read().then(
      (at) => {
        if (at === null || now() - at > LEADER_STALE_MS) run(`${reason}:leader-stale`);
      },
      () => {},
    );
  };
  const lead = () => {
    void heartbeat?.write(now()).catch(() => {});
    beat = setInterval(() => {
      void heartbeat?.write(now()).catch(() => {});
    }, HEARTBEAT_MS);
    run('start');
  };
  const onWrite = (e: Event) => {
    if ((e as CustomEvent<{ db?: string }>).detail?.db !== dbName) return;
    clearTimeout(debounce);
    debounce = setTimeout(() => trigger('write'), WRITE_DEBOUNCE_MS);
  };
  const onOnline = () => trigger('online');
  const onVisibility = () => {
    if (visible()) trigger('visible');
  };
  const onPageShow = (e: Event) => {
    if ((e as PageTransitionEvent).persisted) trigger('pageshow');
  };

  return {
    start() {
      if (leader) return;
      leader = acquireLeadership(dbName, lead);
      if (typeof BroadcastChannel !== 'undefined') {
        channel = new BroadcastChannel(`sync:${dbName}`);
        channel.onmessage = () => {
          if (leader?.isLeader()) run('hint');
        };
      }
      localWrites.addEventListener('write', onWrite);
      g.addEventListener?.('online', onOnline);
      g.addEventListener?.('pageshow', onPageShow);
      g.document?.addEventListener?.('visibilitychange', onVisibility);
      poll = setInterval(() => {
        if (visible() && leader?.isLeader()) run('poll');
      }, POLL_MS);
    },
    stop() {
      leader?.release();
      leader = null;
      channel?.close();
      channel = null;
      localWrites.removeEventListener('write', onWrite);
      g.removeEventListener?.('online', onOnline);
      g.removeEventListener?.('pageshow', onPageShow);
      g.document?.removeEventListener?.('visibilitychange', onVisibility);
      clearTimeout(debounce);
      clearTimeout(retry);
      clearInterval(poll);
      clearInterval(beat);
    },
    retryAt(at) {
      clearTimeout(retry);
      if (at === null || !leader) return;
      retry = setTimeout(() => run('retry'), Math.max(0, at - now()));
    },
    isLeader: () => leader?.isLeader() ?? false,
  };
}
