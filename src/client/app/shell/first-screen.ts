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
    // In this task, not the promise's: what belongs to the page's content shows with it.
    setShownNow(true);
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

/** After the browser painted (two frames), then, with `idle`, when the main thread is idle;
 * bounded, as a hidden tab runs no animation frames. */
function afterPaint(idle: boolean): Promise<void> {
  return new Promise((ok) => {
    setTimeout(ok, 1500);
    const next = idle ? () => void whenIdle(ok, 1000, 0) : ok;
    if (typeof requestAnimationFrame !== 'function') return void setTimeout(next, 0);
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(next, 0)));
  });
}

const shown = () => Promise.race([marked, new Promise<void>((ok) => setTimeout(ok, DEADLINE_MS))]);

const [shownNow, setShownNow] = createSignal(false);
void shown().then(() => setShownNow(true));
/** True once the first screen's page shows its content (set in the same task, so painted in the
 * same frame), or after the deadline: for a small part of the screen that must not shift it and
 * should not pop in later either (the install offer below the page). */
export const firstScreenShown: Accessor<boolean> = shownNow;

/** Resolves once the first screen is shown and painted and the main thread is idle, or at the
 * latest after the deadline: for work the screen does not show (the engine, the row checks). */
export function afterFirstScreen(): Promise<void> {
  return shown().then(() => afterPaint(true));
}

/** Resolves once the first screen is shown and painted, without waiting for idle: for small
 * parts of the screen that must not delay it but should follow it at once (the safety banners,
 * whose warnings should not wait for the engine's download and parse). */
export function afterFirstPaint(): Promise<void> {
  return shown().then(() => afterPaint(false));
}

/** For a component that mounts what loads late: true once `when` (afterFirstScreen) resolved. */
export function createAfterFirstScreen(when = afterFirstScreen): Accessor<boolean> {
  const [late, setLate] = createSignal(false);
  void when().then(() => setLate(true));
  return late;
}
