// "The first screen is up": what the app loads later waits for it. The sync engine (with the
// zod schemas), the safety banners, the update prompt and the sync indicator are not needed
// to paint or use the first screen, and on a slow phone their download and parse would delay
// it (test/e2e/budget.test.ts measures the JavaScript before the first screen is interactive).
// The engine's start is never urgent: the outbox is durable (docs/architecture.md §Invariants,
// I7), but it must start, so every wait here has a deadline.
//
// The layout marks the first screen once its page rendered; a page whose content arrives later
// (the visits list reads IndexedDB) holds the mark until its content is shown.
import { type Accessor, createSignal } from 'solid-js';
import { whenIdle } from '../idle';

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
  return new Promise((ok) => {
    setTimeout(ok, 1500);
    const idle = () => void whenIdle(ok, 1000, 0);
    if (typeof requestAnimationFrame !== 'function') return void setTimeout(idle, 0);
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(idle, 0)));
  });
}

/** Resolves once the first screen is shown and painted, or at the latest after the deadline. */
export function afterFirstScreen(): Promise<void> {
  return Promise.race([marked, new Promise<void>((ok) => setTimeout(ok, DEADLINE_MS))]).then(
    afterPaintAndIdle,
  );
}

/** For a component that mounts what loads late: true once afterFirstScreen resolved. */
export function createAfterFirstScreen(): Accessor<boolean> {
  const [late, setLate] = createSignal(false);
  void afterFirstScreen().then(() => setLate(true));
  return late;
}
