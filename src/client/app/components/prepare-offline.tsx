// "Für den Besuch vorbereiten" for a visit or a site (all its visits): loads every photo and
// thumbnail onto this device with progress and cancel, and says what is there or what is
// missing and why (client/sync/prepare-offline.ts). Also warms the export code cache.
import { For, Show, createSignal, onCleanup } from 'solid-js';
import { useDb } from '../../db/db-context';
import { getVisit } from '../../db/queries';
import { lang } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { missingReasonText, pt } from '../../i18n/photos';
import { warmReportCache } from '../../reports/warm-up';
import { type PrepareResult, prepareOffline } from '../../sync/prepare-offline';
import '../styles/reports.css';

type Outcome =
  | { kind: 'done'; result: PrepareResult; visitDates: Map<string, string> }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

export function PrepareOffline(props: { siteId?: string; visitId?: string }) {
  const db = useDb();
  const [progress, setProgress] = createSignal<{ done: number; total: number } | null>(null);
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);
  let ctrl: AbortController | null = null;
  onCleanup(() => ctrl?.abort());

  const place = () => (props.visitId ? { visitId: props.visitId } : { siteId: props.siteId ?? '' });

  async function run() {
    if (ctrl) return;
    const mine = new AbortController();
    ctrl = mine;
    setOutcome(null);
    setProgress({ done: 0, total: 0 });
    warmReportCache();
    try {
      const result = await prepareOffline(db, place(), {
        signal: mine.signal,
        onProgress: (done, total) => setProgress({ done, total }),
      });
      if (mine.signal.aborted) setOutcome({ kind: 'cancelled' });
      else {
        const visitDates = new Map<string, string>();
        for (const m of result.missing)
          if (!visitDates.has(m.visitId))
            visitDates.set(m.visitId, (await getVisit(db, m.visitId))?.date ?? '');
        setOutcome({ kind: 'done', result, visitDates });
      }
    } catch (e) {
      setOutcome(
        mine.signal.aborted
          ? { kind: 'cancelled' }
          : { kind: 'failed', message: (e as Error).message || String(e) },
      );
    } finally {
      ctrl = null;
      setProgress(null);
    }
  }

  return (
    <div class="prepare-offline">
      <button type="button" class="btn" disabled={!!progress()} onClick={() => void run()}>
        {pt('prepare')}
      </button>
      <p class="muted">{props.visitId ? pt('prepareHintVisit') : pt('prepareHintSite')}</p>
      <Show when={progress()}>
        {(p) => (
          <div class="report-progress row">
            <progress
              aria-label={pt('loading', { done: p().done, total: p().total })}
              max={Math.max(1, p().total)}
              value={p().done}
            />
            <span>{pt('loading', { done: p().done, total: p().total })}</span>
            <button type="button" class="btn" onClick={() => ctrl?.abort()}>
              {pt('cancel')}
            </button>
          </div>
        )}
      </Show>
      <div role="status" aria-live="polite">
        <Show when={outcome()}>
          {(o) => {
            const x = o();
            if (x.kind === 'cancelled') return <p>{pt('prepareCancelled')}</p>;
            if (x.kind === 'failed')
              return <p class="error">{pt('prepareFailed', { msg: x.message })}</p>;
            const r = x.result;
            return (
              <Show
                when={r.missing.length > 0}
                fallback={<p class="prepare-ok">{pt('prepareDone', { n: r.photos })}</p>}
              >
                <p class="error">{pt('prepareMissing', { n: r.missing.length })}</p>
                <ul class="prepare-missing">
                  <For each={r.missing}>
                    {(m) => (
                      <li>
                        {pt('missingItem', {
                          caption: m.caption || pt('unnamed'),
                          visit: formatDate(x.visitDates.get(m.visitId) ?? null, lang(), 'medium'),
                          reason: missingReasonText(m.reason),
                        })}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            );
          }}
        </Show>
      </div>
    </div>
  );
}
