// Work that can wait for a quiet main thread: requestIdleCallback where the browser has it
// (Safari has none), else a plain timer.

/** Runs `cb` when the main thread is idle, at the latest after `timeoutMs` (with a timer after
 * `fallbackMs` where there is no requestIdleCallback); returns the cancel. `cb` is told how long
 * the idle period lasts where the browser says so (not after a timeout or from the timer). */
export function whenIdle(
  cb: (remainingMs?: number) => void,
  timeoutMs: number,
  fallbackMs: number,
): () => void {
  if (typeof requestIdleCallback === 'function') {
    const h = requestIdleCallback(
      (d?: IdleDeadline) => cb(d && !d.didTimeout ? d.timeRemaining() : undefined),
      { timeout: timeoutMs },
    );
    return () => cancelIdleCallback(h);
  }
  const h = setTimeout(() => cb(), fallbackMs);
  return () => clearTimeout(h);
}
