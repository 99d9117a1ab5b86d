// In-memory token buckets keyed by a string (login: IP+email, IP, e-mail; sync: account,
// clientId): the rate limits of a server on SQLite, where one process serves, so memory is the
// right place; a restart forgets the counts. Several processes on PostgreSQL share their buckets
// in the database instead (store/postgres/rate-limit-repo.ts); both reach the routes through
// ServerDb.rateLimiter. At most `maxKeys` buckets are kept: past that, full buckets are dropped
// (they hold no information), then the least recently used ones, so a flood of distinct keys
// costs neither unbounded memory nor a scan per request, and a key under attack (used often) stays.
import type { Async, RateLimit, RateLimitStore } from '../store/types';

export type { RateLimit };

export class RateLimiter implements RateLimitStore {
  private buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
    private readonly maxKeys = 50_000,
  ) {}

  /** How many buckets are kept. */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token; returns 0 when allowed, else the seconds until the next token. */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: t };
    b.tokens = Math.min(this.limit.burst, b.tokens + ((t - b.at) / 1000) * this.limit.perSecond);
    b.at = t;
    const allowed = b.tokens >= 1;
    if (allowed) b.tokens -= 1;
    // Delete + set moves the key to the end: the map's order is least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) this.prune(t);
    return allowed ? 0 : Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }

  /** Forgets a key (a successful login clears its failures). */
  reset(key: string): void {
    this.buckets.delete(key);
  }

  /** Down to 90 % of maxKeys, so the scan runs once per maxKeys / 10 new keys at most. */
  private prune(t: number) {
    const target = Math.floor(this.maxKeys * 0.9);
    for (const [k, b] of this.buckets)
      if (b.tokens + ((t - b.at) / 1000) * this.limit.perSecond >= this.limit.burst)
        this.buckets.delete(k);
    for (const k of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(k);
    }
  }
}

/** ServerDb.rateLimiter of a single-process store: new in-memory buckets (the name is not needed). */
export function memoryRateLimiter(_name: string, limit: RateLimit): Async<RateLimitStore> {
  const buckets = new RateLimiter(limit);
  return {
    take: (key) => Promise.resolve(buckets.take(key)),
    reset: (key) => Promise.resolve(buckets.reset(key)),
  };
}
