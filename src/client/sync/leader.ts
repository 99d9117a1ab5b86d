// Which tab syncs automatically (docs/architecture.md §Scheduling): the holder of Web Lock
// `sync:<db name>`. Without Web Locks every tab leads — safe, because the server is
// idempotent, the cursor only grows and outbox updates are keyed by clientSeq.
export type LeaderHandle = { isLeader(): boolean; release(): void };

type LockManagerLike = {
  request(
    name: string,
    options: { signal?: AbortSignal },
    cb: () => Promise<void>,
  ): Promise<unknown>;
};

export function acquireLeadership(
  dbName: string,
  onLead: () => void,
  locks: LockManagerLike | undefined = defaultLocks(),
): LeaderHandle {
  if (!locks) {
    queueMicrotask(onLead);
    return { isLeader: () => true, release: () => {} };
  }
  let leader = false;
  let releaseLock: () => void = () => {};
  const abort = new AbortController();
  locks
    .request(
      `sync:${dbName}`,
      { signal: abort.signal },
      () =>
        new Promise<void>((resolve) => {
          leader = true;
          releaseLock = resolve;
          onLead();
        }),
    )
    .catch(() => {
      /* aborted before we got the lock */
    });
  return {
    isLeader: () => leader,
    release: () => {
      leader = false;
      abort.abort();
      releaseLock();
    },
  };
}

function defaultLocks(): LockManagerLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks;
}
