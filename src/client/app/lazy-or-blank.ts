// A component loaded on first use (Solid's lazy). When its chunk cannot be loaded, the preload
// guard (device/preload-reload.ts) takes the error — it reloads the page once, or says why — and
// the import then answers undefined: until the reload this renders nothing instead of throwing
// on the missing module (an uncaught TypeError in the person's console).
//
// A page made with it is imported, the first time, in a task after the one that asked for it, and
// rendered in the task after that (the Suspense around the page shows its loading line
// meanwhile): on an app start the layout, the page's module evaluation and its first render were
// one long task (90-180 ms at 4× CPU on a visit page), as the page's chunk is usually loaded by
// then. Later uses render at once. Solid's Suspense and the router's transitions handle
// the wait as for a chunk still on its way, so a link tapped meanwhile is followed.
import { type Component, lazy } from 'solid-js';
import { taskBoundary } from './idle';

const Blank = () => null;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as Solid's own lazy()
export function lazyOrBlank<T extends Component<any>>(
  load: () => Promise<{ default: T } | undefined>,
  /** false: render in the task that asks, once loaded (the visits list: app.tsx exchanges its
   * first screen in one frame). */
  ownTask = true,
) {
  return lazy(async () => {
    // The import evaluates the page's modules (at once, if their chunks are loaded): a task of
    // its own, and the first render another.
    if (ownTask) await taskBoundary();
    const module = (await load()) ?? { default: Blank as unknown as T };
    if (ownTask) await taskBoundary();
    return module;
  });
}
