// Content of a collapsible section (`<details>`) made only once the section is first opened, and
// kept from then on.
import { createSignal } from 'solid-js';

/**
 * Whether the section was ever opened. `onToggle` goes on the `<details>` (opened by a tap, the
 * keyboard, the page's find or a script); `open` may be called besides (a summary's click, so
 * the content is made in the same task as the section opens; printing). `onFirstOpen` is told
 * once, at the first opening.
 */
export function createOpenedOnce(onFirstOpen?: () => void) {
  const [opened, setOpened] = createSignal(false);
  const open = () => {
    if (opened()) return;
    setOpened(true);
    onFirstOpen?.();
  };
  const onToggle = (e: Event & { currentTarget: HTMLDetailsElement }) => {
    if (e.currentTarget.open) open();
  };
  return { opened, open, onToggle };
}
