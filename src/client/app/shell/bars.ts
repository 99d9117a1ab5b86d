// Bars that stay on screen (the sticky header, the coverage strip on wide screens, the floating
// "+" button, toasts) publish their height as a CSS variable on <html>, so that scroll-padding
// (styles/focus.css) keeps the control the keyboard reached clear of them.
import { onCleanup } from 'solid-js';

/** A ref: keeps `--<name>` on <html> at the element's height while the element is mounted. */
export function barHeight(name: 'header-h' | 'coverage-h' | 'fab-h' | 'toast-h' | 'update-h') {
  return (el: HTMLElement) => {
    const root = document.documentElement.style;
    const observer = new ResizeObserver(() =>
      root.setProperty(`--${name}`, `${el.offsetHeight}px`),
    );
    observer.observe(el);
    onCleanup(() => {
      observer.disconnect();
      root.removeProperty(`--${name}`);
    });
  };
}

/**
 * Chromium scrolls a text field it focuses only until its caret shows, which can leave the rest
 * of a field reached by Tab under the bottom navigation; this brings the whole field into view
 * (within the scroll-padding). Pointer focus is left alone: the person already sees the field.
 */
export function keepTypedFocusInView(): () => void {
  let byKey = false;
  const onKey = (e: KeyboardEvent) => (byKey = e.key === 'Tab');
  const onPointer = () => (byKey = false);
  const onFocus = (e: FocusEvent) => {
    const el = e.target;
    if (byKey && (el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement))
      requestAnimationFrame(() => el.scrollIntoView({ block: 'nearest', inline: 'nearest' }));
  };
  document.addEventListener('keydown', onKey, true);
  document.addEventListener('pointerdown', onPointer, true);
  document.addEventListener('focusin', onFocus);
  return () => {
    document.removeEventListener('keydown', onKey, true);
    document.removeEventListener('pointerdown', onPointer, true);
    document.removeEventListener('focusin', onFocus);
  };
}
