// The export buttons, and the progress bar and cancel button of a running export plus the last
// result as a status line. While missing photos load, the bar says "Fotos laden: 3 von 12";
// photos that could not be loaded are listed with "Ohne diese Fotos exportieren" / "Abbrechen".
import { For, Show } from 'solid-js';
import { lang } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { missingReasonText, pt } from '../../i18n/photos';
import type { ExportJob } from '../../reports/create-export-job';

export function ExportProgress(props: {
  job: ExportJob;
  texts: { progress: string; cancel: string };
}) {
  return (
    <>
      {/* While the person decides about missing photos, only that panel's buttons are offered. */}
      <Show when={!props.job.question() && props.job.state()}>
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
            <Show when={s().photos}>
              <span>{pt('loading', { done: s().done, total: s().total })}</span>
            </Show>
            <button type="button" class="btn" onClick={() => props.job.cancel()}>
              {props.texts.cancel}
            </button>
          </div>
        )}
      </Show>
      <Show when={props.job.question()}>
        {(q) => (
          <div class="card export-missing" role="group" aria-label={pt('exportMissingTitle')}>
            <p>{pt('exportMissing', { n: q().missing.length })}</p>
            <ul>
              <For each={q().missing}>
                {(m) => (
                  <li>
                    {pt('missingItem', {
                      caption: m.caption || pt('unnamed'),
                      visit: [m.site, formatDate(m.date || null, lang(), 'medium')]
                        .filter(Boolean)
                        .join(', '),
                      reason: missingReasonText(m.reason),
                    })}
                  </li>
                )}
              </For>
            </ul>
            <div class="row">
              <button type="button" class="btn primary" onClick={() => q().answer(true)}>
                {pt('exportWithout')}
              </button>
              <button type="button" class="btn" onClick={() => q().answer(false)}>
                {pt('cancel')}
              </button>
            </div>
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
            data-kind={kind}
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
