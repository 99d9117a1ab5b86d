// "Druckansicht": the HTML report in a sandboxed iframe (no allow-scripts: markup smuggled
// into user text could not run even if escaping failed), with Print and Close.
import { onCleanup, onMount } from 'solid-js';

export function PrintView(props: {
  html: string;
  title: string;
  printLabel: string;
  closeLabel: string;
  onClose: () => void;
}) {
  let frame!: HTMLIFrameElement;
  let dialog!: HTMLDivElement;
  onMount(() => dialog.querySelector('button')?.focus());
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') props.onClose();
  };
  document.addEventListener('keydown', onKey);
  onCleanup(() => document.removeEventListener('keydown', onKey));
  return (
    <div class="report-print" role="dialog" aria-modal="true" aria-label={props.title} ref={dialog}>
      <div class="report-print-bar row">
        <button type="button" class="btn primary" onClick={() => frame.contentWindow?.print()}>
          {props.printLabel}
        </button>
        <button type="button" class="btn" onClick={() => props.onClose()}>
          {props.closeLabel}
        </button>
      </div>
      <iframe
        ref={frame}
        title={props.title}
        sandbox="allow-same-origin allow-modals"
        srcdoc={props.html}
      />
    </div>
  );
}
