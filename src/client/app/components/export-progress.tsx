// Progress bar and cancel button of a running export, plus the last result as a status line.
import { Show } from 'solid-js';
import type { JobState } from '../../reports/create-export-job';

export function ExportProgress(props: {
  state: JobState;
  message: string;
  progressLabel: string;
  cancelLabel: string;
  onCancel: () => void;
}) {
  return (
    <>
      <Show when={props.state}>
        {(s) => (
          <div class="report-progress row">
            <Show
              when={s().total > 0}
              fallback={<progress aria-label={`${props.progressLabel}: ${s().label}`} />}
            >
              <progress
                aria-label={`${props.progressLabel}: ${s().label}`}
                max={s().total}
                value={Math.min(s().done, s().total)}
              />
            </Show>
            <button type="button" class="btn" onClick={() => props.onCancel()}>
              {props.cancelLabel}
            </button>
          </div>
        )}
      </Show>
      <p class="meta" role="status" aria-live="polite">
        {props.message}
      </p>
    </>
  );
}
