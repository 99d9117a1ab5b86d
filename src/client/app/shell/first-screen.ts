// "The first screen is up": what the app loads later waits for it. The sync engine (with the
// zod schemas), the safety banners, the update prompt and the sync indicator are not needed
// to paint or use the first screen, and on a slow phone their download and parse would delay
// it (test/e2e/budget.test.ts measures the JavaScript before the first screen is interactive).
// The engine's start is never urgent: the outbox is durable (docs/architecture.md §Invariants,
// I7), but it must start, so every wait here has a deadline.
//
// The layout marks the first screen once its page rendered; a page whose content arrives later
// (the visits list reads IndexedDB) holds the mark until its content is shown.

const DEADLINE_MS = 4000;

let holds = 0;
let layoutReady = false;
let done = false;
let release!: () => void;
const marked = new Promise<void>((ok) => (release = ok));

function settle() {
  if (!done && layoutReady && holds === 0) {
    done = true;
    release();
  }
}

/** The layout's page has rendered (called once; later calls are no-ops). */
export function markLayoutReady(): void {
  layoutReady = true;
  settle();
}

/** A page keeps the first screen open until its content is shown; returns the release. */
export function holdFirstScreen(): () => void {
  if (done) return () => {};
  holds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds--;
    settle();
  };
}

/** After the browser painted (two frames), then when the main thread is idle; bounded, as a
 * hidden tab runs no animation frames. */
function afterPaintAndIdle(): Promise<void> {
  const g = globalThis as typeof globalThis & {
    requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number;
  };
  return new Promise((ok) => {
    setTimeout(ok, 1500);
    const idle = () =>
      g.requestIdleCallback ? g.requestIdleCallback(() => ok(), { timeout: 1000 }) : ok();
    if (typeof g.requestAnimationFrame !== 'function') return void setTimeout(idle, 0);
    g.requestAnimationFrame(() => g.requestAnimationFrame(() => setTimeout(idle, 0)));
  });
}

/** Resolves once the first screen is shown and painted, or at the latest after the deadline. */
export function afterFirstScreen(deadlineMs = DEADLINE_MS): Promise<void> {
  return Promise.race([marked, new Promise<void>((ok) => setTimeout(ok, deadlineMs))]).then(
    afterPaintAndIdle,
  );
}
