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
