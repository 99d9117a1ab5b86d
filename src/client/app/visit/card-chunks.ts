// How many observation cards one idle chunk makes (observations-section.tsx): as many as fit a
// budget at the cost per card measured on this device. The budget, not the idle period the
// browser grants: with 4× CPU the periods between frames were short, chunks of 2 cards, and all
// 200 cards of a visit took 1.07 s to be there instead of 0.78 s, for no less blocking time.

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

/** How many cards fit the budget at `cardMs` each. */
export function chunkSize(cardMs: number): number {
  return Math.min(CHUNK_MAX, Math.max(CHUNK_MIN, Math.floor(CHUNK_BUDGET_MS / cardMs)));
}
