// The app's two live regions (WCAG 4.1.3), in the page from the first frame: a region inserted
// together with its text is often not read. `announce` puts a sentence into the polite status
// region (saving, sync state) or, for errors, into the alert region; focus never moves. The same
// sentence twice is read twice: the region is emptied first, and filled a moment later.
import { createSignal } from 'solid-js';

const [status, setStatus] = createSignal('');
const [alert, setAlert] = createSignal('');
const timers: (ReturnType<typeof setTimeout> | undefined)[] = [undefined, undefined];

/** Says `text` politely, or at once when `urgent` (an error); a newer sentence replaces an older. */
export function announce(text: string, urgent = false): void {
  const set = urgent ? setAlert : setStatus;
  const i = urgent ? 1 : 0;
  set('');
  clearTimeout(timers[i]);
  timers[i] = setTimeout(() => set(text), 100);
}

export function LiveRegions() {
  return (
    <div class="sr-only">
      <p role="status" data-testid="live-status">
        {status()}
      </p>
      <p role="alert" data-testid="live-alert">
        {alert()}
      </p>
    </div>
  );
}
