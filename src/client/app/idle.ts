// Work that can wait for a quiet main thread: requestIdleCallback where the browser has it
// (Safari has none), else a plain timer.

/** Runs `cb` when the main thread is idle, at the latest after `timeoutMs` (with a timer after
 * `fallbackMs` where there is no requestIdleCallback); returns the cancel. */
export function whenIdle(cb: () => void, timeoutMs: number, fallbackMs: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const h = requestIdleCallback(() => cb(), { timeout: timeoutMs });
    return () => cancelIdleCallback(h);
  }
  const h = setTimeout(cb, fallbackMs);
  return () => clearTimeout(h);
}

/** Ports whose message is on its way: a MessageChannel nothing else references may be collected
 * before its message is delivered, and the callback would never run (React's scheduler keeps
 * its channel for the same reason). */
const inFlight = new Set<MessagePort>();

/** Runs `cb` in a task of its own as soon as the main thread is free (a posted message: no
 * timer clamping, no wait for idle); returns the cancel. Splits work that would otherwise be
 * one long task, and lets the browser paint in between when a frame is due. */
export function nextTask(cb: () => void): () => void {
  const { port1, port2 } = new MessageChannel();
  const done = () => {
    inFlight.delete(port1);
    port1.close();
  };
  inFlight.add(port1);
  let cancelled = false;
  port1.onmessage = () => {
    done();
    if (!cancelled) cb();
  };
  port2.postMessage(0);
  return () => {
    cancelled = true;
    done();
  };
}

/** Resolves in a task of its own (nextTask): `await` it to end the current task there. */
export function taskBoundary(): Promise<void> {
  return new Promise((ok) => nextTask(ok));
}
