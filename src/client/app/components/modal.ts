// A modal dialog on the native <dialog>: showModal() leaves the page behind inert (no focus, no
// screen-reader cursor, no clicks), Tab and Shift+Tab go round the dialog's controls, Escape
// closes it (also from inside a frame it shows), and focus goes back to the control that opened
// it. Used by the print view and the photo viewer.
import { onCleanup, onMount } from 'solid-js';

const TABBABLE =
  'a[href], button, input, select, textarea, iframe, summary, [tabindex]:not([tabindex="-1"])';

/** The controls Tab reaches inside `root`, in document order (no positive tabindex is used). */
function tabbables(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) =>
      el.tabIndex >= 0 &&
      !(el as HTMLButtonElement).disabled &&
      !el.closest('[inert]') &&
      el.getClientRects().length > 0,
  );
}

export type Modal = {
  /** The dialog's keydown handler: Escape closes, Tab wraps round at either end. */
  onKeyDown: (e: KeyboardEvent) => void;
  /** The dialog's cancel event (Escape, a phone's back gesture): close through the owner. */
  onCancel: (e: Event) => void;
  /** Call when a frame in the dialog has loaded: its keys get the same treatment. */
  watchFrame: (frame: HTMLIFrameElement) => void;
};

/**
 * Opens `dialog()` as a modal once mounted; `onClose` asks the owner to remove it. `initial`
 * chooses what takes focus first (default: the first control); `returnTo` is the control to
 * focus on close when the one that had focus at opening is gone or disabled.
 */
export function useModal(opts: {
  dialog: () => HTMLDialogElement | undefined;
  onClose: () => void;
  initial?: () => HTMLElement | null | undefined;
  returnTo?: () => HTMLElement | null | undefined;
}): Modal {
  let opener: HTMLElement | null = null;

  /** Moves focus round when Tab would leave the dialog from `from` (the frame for its keys). */
  const wrap = (e: KeyboardEvent, from: Element | null) => {
    const dialog = opts.dialog();
    if (!dialog) return;
    const list = tabbables(dialog);
    const i = from ? list.indexOf(from as HTMLElement) : -1;
    const to = e.shiftKey
      ? i <= 0
        ? list.at(-1)
        : undefined
      : i === -1 || i === list.length - 1
        ? list[0]
        : undefined;
    if (!to) return;
    e.preventDefault();
    to.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      opts.onClose();
    } else if (e.key === 'Tab') wrap(e, document.activeElement);
  };

  const watchFrame = (frame: HTMLIFrameElement) => {
    const doc = frame.contentDocument;
    if (!doc) return;
    doc.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        opts.onClose();
        return;
      }
      if (e.key !== 'Tab') return;
      // Inside the frame Tab moves as usual; at the frame's own ends it continues round the dialog.
      const inner = tabbables(doc);
      const i = inner.indexOf(doc.activeElement as HTMLElement);
      const atEnd = e.shiftKey ? i <= 0 : i === -1 || i === inner.length - 1;
      if (atEnd) wrap(e, frame);
    });
  };

  onMount(() => {
    const dialog = opts.dialog();
    if (!dialog) return;
    const active = document.activeElement;
    opener = active instanceof HTMLElement && active !== document.body ? active : null;
    if (!dialog.open) dialog.showModal();
    (opts.initial?.() ?? tabbables(dialog)[0])?.focus();
  });

  onCleanup(() => {
    const dialog = opts.dialog();
    if (dialog?.open) dialog.close();
    const usable = (el: HTMLElement | null | undefined) =>
      !!el?.isConnected && !(el as HTMLButtonElement).disabled;
    const back = usable(opener) ? opener : opts.returnTo?.();
    back?.focus();
  });

  return {
    onKeyDown,
    onCancel: (e) => {
      e.preventDefault();
      opts.onClose();
    },
    watchFrame,
  };
}
