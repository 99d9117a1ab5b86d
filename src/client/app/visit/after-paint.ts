// Work that must not hold up the frame being prepared: it runs once that frame was painted.
import { whenIdle } from '../idle';

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
 * Runs `cb` in the first idle period after the next frame was painted, at the latest `timeoutMs`
 * after that frame; returns the cancel.
 */
export function idleAfterNextPaint(cb: () => void, timeoutMs: number): () => void {
  let cancelIdle = () => {};
  const cancelPaint = afterNextPaint(() => (cancelIdle = whenIdle(cb, timeoutMs, 1)));
  return () => {
    cancelPaint();
    cancelIdle();
  };
}
