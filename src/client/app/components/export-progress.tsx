// Progress bar and cancel button of a running export, plus the last result as a status line.
import { Show } from 'solid-js';
import type { ExportJob } from '../../reports/create-export-job';

export function ExportProgress(props: {
  job: ExportJob;
  texts: { progress: string; cancel: string };
}) {
  return (
    <>
      <Show when={props.job.state()}>
        {(s) => (
          <div class="report-progress row">
            <Show
              when={s().total > 0}
              fallback={<progress aria-label={`${props.texts.progress}: ${s().label}`} />}
            >
              <progress
                aria-label={`${props.texts.progress}: ${s().label}`}
                max={s().total}
                value={Math.min(s().done, s().total)}
              />
            </Show>
            <button type="button" class="btn" onClick={() => props.job.cancel()}>
              {props.texts.cancel}
            </button>
          </div>
        )}
      </Show>
      <p class="meta" role="status" aria-live="polite">
        {props.job.message()}
      </p>
    </>
  );
}
