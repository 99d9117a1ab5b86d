// "Druckansicht": the HTML report in a sandboxed iframe (no allow-scripts: markup smuggled
// into user text could not run even if escaping failed), with Print and Close, as a modal dialog
// (modal.ts): the page behind is inert, Tab goes round Print, Close and the report, Escape closes
// (in the report too), and focus goes back to the button that opened it.
import { createSignal } from 'solid-js';
import { useModal } from './modal';

export function PrintView(props: {
  html: string;
  title: string;
  printLabel: string;
  closeLabel: string;
  onClose: () => void;
  /** Where focus goes on close if the opening button cannot take it (e.g. it was disabled). */
  returnTo?: () => HTMLElement | null | undefined;
}) {
  let frame!: HTMLIFrameElement;
  let dialog!: HTMLDialogElement;
  // Until the report has loaded its keys are not watched: Tab from inside it would leave the
  // dialog (focus on nothing). So it becomes a stop only once loaded.
  const [loaded, setLoaded] = createSignal(false);
  const modal = useModal({
    dialog: () => dialog,
    onClose: () => props.onClose(),
    returnTo: () => props.returnTo?.(),
  });
  return (
    <dialog
      class="report-print full-screen"
      aria-label={props.title}
      ref={dialog}
      onKeyDown={(e) => modal.onKeyDown(e)}
      on:cancel={(e) => modal.onCancel(e)}
    >
      <div class="report-print-bar row">
        <button type="button" class="btn primary" onClick={() => frame.contentWindow?.print()}>
          {props.printLabel}
        </button>
        <button type="button" class="btn" onClick={() => props.onClose()}>
          {props.closeLabel}
        </button>
      </div>
      {/* A stop of its own, so that the keyboard can scroll the report (it has no controls). */}
      <iframe
        ref={frame}
        title={props.title}
        tabindex={loaded() ? 0 : -1}
        sandbox="allow-same-origin allow-modals"
        srcdoc={props.html}
        onLoad={() => {
          modal.watchFrame(frame);
          setLoaded(true);
          // The frame does not match :focus while its report has focus: mark it for the ring.
          const win = frame.contentWindow;
          win?.addEventListener('focus', () => frame.classList.add('has-focus'));
          win?.addEventListener('blur', () => frame.classList.remove('has-focus'));
        }}
      />
    </dialog>
  );
}
