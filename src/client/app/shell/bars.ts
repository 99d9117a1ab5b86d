// Bars that stay on screen (the sticky header, the coverage strip on wide screens, the floating
// "+" button, toasts) publish their height as a CSS variable on <html>, so that scroll-padding
// (styles/focus.css) keeps the control the keyboard reached clear of them.
import { onCleanup } from 'solid-js';

/** A ref: keeps `--<name>` on <html> at the element's height while the element is mounted. */
export function barHeight(name: 'header-h' | 'coverage-h' | 'fab-h' | 'toast-h' | 'update-h') {
  return (el: HTMLElement) => {
    const root = document.documentElement.style;
    const observer = new ResizeObserver(() => {
      root.setProperty(`--${name}`, `${el.offsetHeight}px`);
      keepFocusClearOf(el);
    });
    observer.observe(el);
    onCleanup(() => {
      observer.disconnect();
      root.removeProperty(`--${name}`);
    });
  };
}

/**
 * A bar that appears or grows while a control has focus (the "works offline now" toast arriving
 * when the service worker is ready) must not cover it (WCAG 2.2 2.4.11): the control is scrolled
 * back into view, within the scroll-padding that now counts the bar. Runs in the resize
 * callback, before the frame is painted, so the covered control is never shown.
 */
function keepFocusClearOf(bar: HTMLElement) {
  const focused = document.activeElement;
  if (!(focused instanceof HTMLElement) || focused === document.body || bar.contains(focused))
    return;
  const a = focused.getBoundingClientRect();
  const b = bar.getBoundingClientRect();
  const overlaps = a.bottom > b.top && a.top < b.bottom && a.right > b.left && a.left < b.right;
  if (overlaps) focused.scrollIntoView({ block: 'nearest', inline: 'nearest' });
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
