// Work that must not hold up the frame being prepared: it runs once that frame was painted.
import { nextTask, whenIdle } from '../idle';

/**
 * Runs `cb` after the next frame was painted (a requestAnimationFrame callback posts a message,
 * which is delivered after that frame); returns the cancel. An idle callback asked for right
 * away may run before the frame and delay it; asked for from here, it cannot.
 */
export function afterNextPaint(cb: () => void): () => void {
  let cancelTask = () => {};
  const frame = requestAnimationFrame(() => (cancelTask = nextTask(cb)));
  return () => {
    cancelAnimationFrame(frame);
    cancelTask();
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
