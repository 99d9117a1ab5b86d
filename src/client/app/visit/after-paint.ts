// Work that must not hold up the frame being prepared: it runs once that frame was painted.

/**
 * Runs `cb` after the next frame was painted (a requestAnimationFrame callback posts a message,
 * which is delivered after that frame); returns the cancel. An idle callback asked for right
 * away may run before the frame and delay it; asked for from here, it cannot.
 */
export function afterNextPaint(cb: () => void): () => void {
  let cancelled = false;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    if (!cancelled) cb();
  };
  const frame = requestAnimationFrame(() => channel.port2.postMessage(0));
  return () => {
    cancelled = true;
    cancelAnimationFrame(frame);
    channel.port1.close();
  };
}

/**
 * Runs `cb` in the browser's next idle period, at the latest after `timeoutMs`, with a clock of
 * the ms left in that period (0 once the timeout forced it); without requestIdleCallback (Safari)
 * after a timer, with none left. Returns the cancel.
 */
export function inIdlePeriod(cb: (left: () => number) => void, timeoutMs: number): () => void {
  if (typeof requestIdleCallback !== 'function') {
    const timer = setTimeout(() => cb(() => 0), 1);
    return () => clearTimeout(timer);
  }
  const h = requestIdleCallback((deadline) => cb(() => deadline.timeRemaining()), {
    timeout: timeoutMs,
  });
  return () => cancelIdleCallback(h);
}

/**
 * Runs `step` once, then again while the idle period has more ms left (`left`) than the last
 * step took, at most `max` times in all; stops early when `step` answers false (nothing more to
 * do). Returns how many steps ran.
 */
export function fillIdlePeriod(
  step: () => boolean,
  left: () => number,
  max: number,
  now: () => number = () => performance.now(),
): number {
  for (let k = 1; ; k++) {
    const started = now();
    if (!step() || k >= max || left() <= now() - started) return k;
  }
}
