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
