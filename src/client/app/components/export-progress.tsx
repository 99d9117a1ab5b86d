// The export buttons, and the progress bar and cancel button of a running export plus the last
// result as a status line.
import { For, Show } from 'solid-js';
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

/** One button per export kind (the PDF one primary), all disabled while an export runs. */
export function ExportButtons<K extends string>(props: {
  class: string;
  kinds: readonly K[];
  label: (kind: K) => string;
  job: ExportJob;
  onExport: (kind: K) => void;
}) {
  return (
    <div class={props.class}>
      <For each={props.kinds}>
        {(kind) => (
          <button
            type="button"
            class="btn"
            classList={{ primary: kind === 'pdf' }}
            disabled={!!props.job.state()}
            onClick={() => props.onExport(kind)}
          >
            {props.label(kind)}
          </button>
        )}
      </For>
    </div>
  );
}
