// How many observation cards one idle chunk makes (observations-section.tsx): as many as fit
// the idle period by the cost per card measured on this device.

/**
 * Script an idle chunk of cards aims at: with the frame's style and layout of those cards it
 * stays under the 50 ms of a long task, so a tap between two chunks is answered at once.
 */
export const CHUNK_BUDGET_MS = 30;
/** What one card is taken to cost until one chunk was measured: a slow phone's (4× CPU) figure. */
export const CARD_MS_GUESS = 3.5;
/** Cards per chunk, however cheap or dear they turn out. */
export const CHUNK_MIN = 2;
export const CHUNK_MAX = 64;

/** How many cards fit the idle period `remainingMs` (the budget after a timeout) at `cardMs`. */
export function chunkSize(cardMs: number, remainingMs?: number): number {
  const budget = Math.min(remainingMs ?? CHUNK_BUDGET_MS, CHUNK_BUDGET_MS);
  return Math.min(CHUNK_MAX, Math.max(CHUNK_MIN, Math.floor(budget / cardMs)));
}
