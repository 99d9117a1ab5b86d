// The first-screen waits (src/client/app/shell/first-screen.ts): work the screen does not show
// waits for the painted screen and an idle main thread; the safety banners follow the painted
// screen at once, without the idle wait; the install offer shows with the screen's content. Fake timers; the idle
// callback is held back to show which wait depends on it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type FirstScreen = typeof import('../../../../src/client/app/shell/first-screen');

let idleCallbacks: (() => void)[];

async function freshModule(): Promise<FirstScreen> {
  vi.resetModules();
  return import('../../../../src/client/app/shell/first-screen');
}

function track(p: Promise<void>): () => boolean {
  let done = false;
  void p.then(() => (done = true));
  return () => done;
}

beforeEach(() => {
  vi.useFakeTimers();
  idleCallbacks = [];
  vi.stubGlobal('requestIdleCallback', (cb: () => void) => idleCallbacks.push(cb));
  vi.stubGlobal('cancelIdleCallback', () => {});
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('first screen', () => {
  it('firstScreenShown turns true in the task that shows the content, before any timer or paint', async () => {
    const fs = await freshModule();
    const release = fs.holdFirstScreen();
    fs.markLayoutReady();
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(fs.firstScreenShown(), 'the list has not shown its content').toBe(false);
    release();
    for (let i = 0; i < 10; i++) await Promise.resolve(); // microtasks only: the same task
    expect(fs.firstScreenShown()).toBe(true);
  });

  it('firstScreenShown turns true after the deadline when no page says it is shown', async () => {
    const fs = await freshModule();
    fs.holdFirstScreen();
    await vi.advanceTimersByTimeAsync(3900);
    expect(fs.firstScreenShown()).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(fs.firstScreenShown()).toBe(true);
  });

  it('afterFirstPaint follows the shown screen without waiting for idle; afterFirstScreen waits', async () => {
    const fs = await freshModule();
    const paint = track(fs.afterFirstPaint());
    const screen = track(fs.afterFirstScreen());
    await vi.advanceTimersByTimeAsync(100);
    expect(paint(), 'nothing shown yet').toBe(false);

    fs.markLayoutReady();
    await vi.advanceTimersByTimeAsync(10);
    expect(paint()).toBe(true);
    expect(screen(), 'the main thread has not been idle yet').toBe(false);

    idleCallbacks.forEach((cb) => cb());
    await vi.advanceTimersByTimeAsync(0);
    expect(screen()).toBe(true);
  });

  it('afterFirstPaint waits for a page that holds the screen until its content is shown', async () => {
    const fs = await freshModule();
    const release = fs.holdFirstScreen();
    const paint = track(fs.afterFirstPaint());
    fs.markLayoutReady();
    await vi.advanceTimersByTimeAsync(500);
    expect(paint(), 'the list has not shown its content').toBe(false);
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect(paint()).toBe(true);
  });

  it('both have a deadline when the screen is never marked', async () => {
    const fs = await freshModule();
    const paint = track(fs.afterFirstPaint());
    const screen = track(fs.afterFirstScreen());
    await vi.advanceTimersByTimeAsync(3_900);
    expect(paint()).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(paint()).toBe(true);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(screen()).toBe(true);
  });
});
