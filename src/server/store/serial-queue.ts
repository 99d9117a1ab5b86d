// Runs async functions one after another, in the order they were queued: the one writer of a
// SQLite connection, and the write transactions of one PostgreSQL process (which then wait in
// memory, not holding a pooled connection while the seq counter's lock is taken elsewhere).
export function makeSerialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

export type SerialQueue = ReturnType<typeof makeSerialQueue>;
