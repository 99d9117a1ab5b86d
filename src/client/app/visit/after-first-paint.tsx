// A part of the visit page below its first screen: rendered once that screen is painted, so the
// first frame holds only what is seen first. Opened with a link to a record (`#<entity>-<id>`,
// conflict-marks.tsx scrolls to it) the part is there at once, so that the jump finds its target.
import { type JSX, Show, createSignal, onCleanup, onMount } from 'solid-js';
import { afterNextPaint } from './after-paint';

/**
 * `children` in place, from the frame after the one the page first painted; `onShown` is told
 * once they are (the page's `aria-busy` ends then).
 */
export function AfterFirstPaint(props: { children: JSX.Element; onShown?: () => void }) {
  const [shown, setShown] = createSignal(location.hash.length > 1);
  const show = () => {
    setShown(true);
    props.onShown?.();
  };
  onMount(() => {
    if (shown()) props.onShown?.();
    else onCleanup(afterNextPaint(show));
  });
  return <Show when={shown()}>{props.children}</Show>;
}
