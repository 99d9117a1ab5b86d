// The bookkeeping of pulls without pushes (docs/architecture.md §Pull): a device polls every
// few seconds, and writing its last-seen time inside the request would make every pull wait for
// the writer and an fsync. Instead the request notes it here and answers; the notes are
// coalesced per device (the newest wins, the outbox high-water keeps its max) and written as
// one job of the group commit about a second later. Nothing the sync protocol decides on waits
// for them: the scope a device pulled under is recorded before its answer (sync-service.ts), and
// a note lost in a crash only leaves a device's last-seen time a little older, which keeps the
// orphan sweep (the retention repos) on the safe side. Either store uses it.
import type { ClientSeen, StoreTx } from './types';

type Pulled = Omit<ClientSeen, 'scopeKey'>;

export const PULLED_FLUSH_MS = 1000;

type RunTx = (fn: (tx: StoreTx) => Promise<void>) => Promise<void>;

/** group: the store's group commit (ServerDb.groupTx). */
export function makePulledBuffer(group: RunTx, delayMs = PULLED_FLUSH_MS) {
  let pending = new Map<string, Pulled>();
  let timer: NodeJS.Timeout | null = null;

  const write = async (tx: StoreTx) => {
    const notes = pending;
    pending = new Map();
    for (const [clientId, seen] of notes) await tx.sync.clientPulled(clientId, seen);
  };

  return {
    note(clientId: string, seen: Pulled): void {
      const before = pending.get(clientId);
      pending.set(
        clientId,
        before && before.now > seen.now
          ? { ...before, outboxHighWater: Math.max(before.outboxHighWater, seen.outboxHighWater) }
          : {
              ...seen,
              outboxHighWater: Math.max(before?.outboxHighWater ?? 0, seen.outboxHighWater),
            },
      );
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        group(write).catch((e: unknown) => {
          console.error(JSON.stringify({ event: 'pull_bookkeeping_failed', error: String(e) }));
        });
      }, delayMs);
      timer.unref();
    },
    /** Writes what is pending now, in the caller's write transaction (before the database closes). */
    async flush(writeTx: RunTx): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      if (pending.size) await writeTx(write);
    },
  };
}
