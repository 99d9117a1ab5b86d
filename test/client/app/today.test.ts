// The day signal of lists left open: it moves on at local midnight (also across a DST change),
// not before, and stops with its owner.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRoot } from 'solid-js';
import { createToday, msToNextMidnight, watchLocalDay } from '../../../src/client/app/today';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('local day', () => {
  it('calls back at local midnight, not before, and every midnight after', () => {
    vi.setSystemTime(new Date(2026, 5, 30, 23, 59, 0));
    const days: string[] = [];
    const stop = watchLocalDay((d) => days.push(d));
    vi.advanceTimersByTime(59_000);
    expect(days).toEqual([]);
    vi.advanceTimersByTime(1_100);
    expect(days).toEqual(['2026-07-01']);
    vi.advanceTimersByTime(12 * 3600_000);
    expect(days).toEqual(['2026-07-01']);
    vi.advanceTimersByTime(12 * 3600_000);
    expect(days).toEqual(['2026-07-01', '2026-07-02']);
    stop();
    vi.advanceTimersByTime(48 * 3600_000);
    expect(days).toEqual(['2026-07-01', '2026-07-02']);
  });

  it('the next midnight is the next calendar day, also on a 25-hour day', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Europe/Berlin';
    try {
      // 25 October 2026: clocks go back at 03:00, the day has 25 hours.
      expect(msToNextMidnight(new Date(2026, 9, 25, 0, 0, 0))).toBe(25 * 3600_000);
      expect(msToNextMidnight(new Date(2026, 9, 24, 23, 0, 0))).toBe(3600_000);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('createToday gives the day and moves on at midnight until disposed', () => {
    vi.setSystemTime(new Date(2026, 5, 30, 23, 59, 59));
    createRoot((dispose) => {
      const today = createToday();
      expect(today()).toBe('2026-06-30');
      vi.advanceTimersByTime(2_000);
      expect(today()).toBe('2026-07-01');
      dispose();
      vi.advanceTimersByTime(24 * 3600_000);
      expect(today()).toBe('2026-07-01');
    });
  });
});
