// The in-memory token buckets behind every rate limit: a flood of distinct keys (many e-mails,
// many device ids) must neither grow the map without bound nor make each take() scan it, and
// must not evict the bucket that is being hammered (the attacked account's).
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/server/auth/rate-limit';

describe('RateLimiter', () => {
  it('refills at perSecond and answers the wait in whole seconds', () => {
    let now = 0;
    const l = new RateLimiter({ burst: 2, perSecond: 1 / 90 }, () => now);
    expect([l.take('a'), l.take('a')]).toEqual([0, 0]);
    expect(l.take('a')).toBe(90);
    now += 45_000;
    expect(l.take('a')).toBe(45);
    now += 45_000;
    expect(l.take('a')).toBe(0);
  });

  it('stays bounded under a flood of distinct keys whose buckets are not full, and keeps the hammered key', () => {
    let now = 0;
    const l = new RateLimiter({ burst: 10, perSecond: 10 / 900 }, () => now, 1000);
    for (let i = 0; i < 10; i++) l.take('victim@example.org');
    expect(l.take('victim@example.org')).toBeGreaterThan(0);
    for (let i = 0; i < 20_000; i++) {
      now += 1;
      l.take(`spray-${i}@example.org`);
      if (i % 50 === 0) l.take('victim@example.org'); // the attack on the victim goes on
      expect(l.size).toBeLessThanOrEqual(1000);
    }
    expect(l.take('victim@example.org')).toBeGreaterThan(0);
  });
});
