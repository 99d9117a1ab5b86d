// A part of the visit page below its first screen: rendered once that screen is painted and the
// main thread is idle, so the first frame holds only what is seen first and a tap on it is
// answered before the rest is built (rendering the rest at once after the paint took about 78 ms
// of script at 4× CPU throttling, 56 of them a coordinator's editable ratings). Opened with a
// link to a record (`#<entity>-<id>`, conflict-marks.tsx scrolls to it) the part is there at
// once, so that the jump finds its target.
import { type Accessor, type JSX, Show, createSignal, onCleanup, onMount } from 'solid-js';
import { afterNextPaint, idleAfterNextPaint } from './after-paint';

/** The latest the rest waits for an idle period after the first paint (ms). */
const REST_IDLE_TIMEOUT_MS = 200;

/**
 * Whether a part is shown: from the first idle period after the first paint, at once when the
 * page is opened with a record in its hash, or when `show` is called before (a person opened the
 * part). `onShown` is told once, when it is.
 */
export function createAfterFirstPaint(
  opts: {
    onShown?: () => void;
    /** At once after that paint, without waiting for idle (a part the next frame should show). */
    soon?: boolean;
  } = {},
): {
  shown: Accessor<boolean>;
  show: () => void;
} {
  const [shown, setShown] = createSignal(location.hash.length > 1);
  const show = () => {
    if (shown()) return;
    setShown(true);
    opts.onShown?.();
  };
  onMount(() => {
    if (shown()) opts.onShown?.();
    else
      onCleanup(opts.soon ? afterNextPaint(show) : idleAfterNextPaint(show, REST_IDLE_TIMEOUT_MS));
  });
  return { shown, show };
}

/**
 * `children` in place, from an idle period after the frame the page first painted; `onShown` is
 * told once they are (the page's `aria-busy` ends then).
 */
export function AfterFirstPaint(props: { children: JSX.Element; onShown?: () => void }) {
  const { shown } = createAfterFirstPaint({ onShown: () => props.onShown?.() });
  return <Show when={shown()}>{props.children}</Show>;
}

/**
 * `children` in place, in the task right after the frame the page first painted (before the
 * idle parts): a part that belongs to the next frame but, built in the first one, would make it
 * one long task. At once when the page is opened with a record in its hash.
 */
export function AfterFirstFrame(props: { children: JSX.Element }) {
  const { shown } = createAfterFirstPaint({ soon: true });
  return <Show when={shown()}>{props.children}</Show>;
}
