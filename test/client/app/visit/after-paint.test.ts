// The visit page's later observation cards come in idle periods: a chunk per period, and more
// while the period has more time left than the last chunk took (fewer periods, fewer frames).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fillIdlePeriod, inIdlePeriod } from '../../../../src/client/app/visit/after-paint';

/** A clock that a step advances by `cost` ms, and a period with `budget` ms from its start. */
function period(budget: number, cost: number) {
  let t = 0;
  return {
    step: vi.fn(() => {
      t += cost;
      return true;
    }),
    left: () => Math.max(0, budget - t),
    now: () => t,
  };
}

describe('fillIdlePeriod', () => {
  it('steps again while more time is left than the last step took', () => {
    const p = period(45, 10); // left after each step: 35, 25, 15, 5
    expect(fillIdlePeriod(p.step, p.left, 10, p.now)).toBe(4);
    expect(p.step).toHaveBeenCalledTimes(4);
  });

  it('steps once in a period with no time left (the timeout forced it)', () => {
    const p = period(0, 10);
    expect(fillIdlePeriod(p.step, p.left, 10, p.now)).toBe(1);
  });

  it('stops at the most steps a period may take, and when a step says nothing is left', () => {
    const p = period(1000, 10);
    expect(fillIdlePeriod(p.step, p.left, 3, p.now)).toBe(3);
    let n = 0;
    const twice = () => ++n < 2;
    expect(
      fillIdlePeriod(
        twice,
        () => 1000,
        10,
        () => 0,
      ),
    ).toBe(2);
  });
});

describe('inIdlePeriod', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("hands the idle period's remaining time to the callback, and cancels", () => {
    const callbacks: IdleRequestCallback[] = [];
    const cancelled: number[] = [];
    vi.stubGlobal('requestIdleCallback', (cb: IdleRequestCallback) => callbacks.push(cb));
    vi.stubGlobal('cancelIdleCallback', (h: number) => cancelled.push(h));
    const seen: number[] = [];
    const cancel = inIdlePeriod((left) => seen.push(left()), 100);
    callbacks[0]!({ didTimeout: false, timeRemaining: () => 42 });
    expect(seen).toEqual([42]);
    cancel();
    expect(cancelled).toEqual([1]);
  });

  it('without requestIdleCallback runs after a timer with no time left', async () => {
    vi.stubGlobal('requestIdleCallback', undefined);
    const left = await new Promise<number>((resolve) => inIdlePeriod((l) => resolve(l()), 100));
    expect(left).toBe(0);
  });
});
