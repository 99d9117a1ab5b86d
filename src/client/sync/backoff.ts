// Retry delays: capped exponential backoff with full jitter (AWS architecture blog), 1 s → 5 min.
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/** Delay before retry number `attempt` (0 = first retry): uniform in [0, min(cap, base·2^attempt)]. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** Retry-After as delta-seconds or HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, BACKOFF_CAP_MS * 2);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.min(at - now, BACKOFF_CAP_MS * 2));
}
