// How soon a device learns what others did without anyone touching it (docs/architecture.md
// §Scheduling): a visible leading tab asks the server at least every POLL_MS, so a conflict
// someone else's push created shows within that time; a hidden tab does not poll.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScheduler } from '../../../src/client/sync/scheduler';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function page(visibilityState: 'visible' | 'hidden') {
  const none = () => {};
  return {
    addEventListener: none,
    removeEventListener: none,
    document: { visibilityState, addEventListener: none, removeEventListener: none },
  };
}

async function pollsWithin(ms: number, visibility: 'visible' | 'hidden') {
  vi.useFakeTimers();
  vi.stubGlobal('navigator', {}); // no Web Locks: this tab leads
  const runs: string[] = [];
  const s = createScheduler(
    'poll-test',
    (r) => runs.push(r),
    Date.now,
    undefined,
    page(visibility),
  );
  s.start();
  await vi.advanceTimersByTimeAsync(ms);
  s.stop();
  return runs.filter((r) => r === 'poll').length;
}

describe('polling', () => {
  it('a visible leading tab asks the server within 15 s, four times a minute', async () => {
    expect(await pollsWithin(15_000, 'visible')).toBe(1);
    expect(await pollsWithin(60_000, 'visible')).toBe(4);
  });

  it('a hidden tab does not poll', async () => {
    expect(await pollsWithin(60_000, 'hidden')).toBe(0);
  });
});
