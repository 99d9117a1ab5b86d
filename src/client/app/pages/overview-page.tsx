// Coordinators' cross-site overview: a heat map of sites × ten action fields in four views
// (coverage, outside view, self-assessment, open needs) with its numbers as a table, and the
// advisory needs recurring across sites, filtered by period and the visits' phase, with exports.
// Route: /overview (lazy). Reads a snapshot from IndexedDB whenever the filter changes.
import { A } from '@solidjs/router';
import { nt } from '../../i18n/needs';
import { For, Show, createResource, createSignal, onMount } from 'solid-js';
import { useDb } from '../../db/db-context';
import { lang as uiLang, t } from '../../i18n';
import { PHASES, type Lang } from '../../../shared/domain/vocab';
import type { Phase } from '../../../shared/domain/schemas';
import type { OverviewFilter } from '../../db/report-queries';
import { useExportJob } from '../../reports/create-export-job';
import { ExportButtons, ExportProgress } from '../components/export-progress';
import { Options, vocabOptions, withNone } from '../components/form';
import { exportTexts } from '../../i18n/reports';
import { warmReportCache } from '../../reports/warm-up';
import type { HeatMode } from '../../../shared/analysis/heat-map';
import { overviewTexts } from '../../i18n/overview';
import { HeatLegend, HeatMap } from '../overview/heat-map';
import { HeatTable } from '../overview/heat-table';
import { ModeSwitch } from '../overview/mode-switch';
import { FieldKey } from '../overview/field-key';
import { RecurringNeeds } from '../overview/recurring-needs';
import '../styles/reports.css';
import { usePageTitle } from '../shell/page-title';
import { tt } from '../../i18n/titles';
import { createToday } from '../today';
import { latestOf } from '../latest';
import { errorMessage } from '../error-message';

const EXPORTS = ['pdf', 'csv', 'data', 'json', 'zip'] as const;
/** The text key of each export's button. */
const EXPORT_LABELS = {
  pdf: 'overviewPdf',
  csv: 'overviewCsv',
  data: 'allCsv',
  json: 'allJson',
  zip: 'zip',
} as const;

export function OverviewPage() {
  usePageTitle(() => tt('title.overview'));
  const db = useDb();
  const ui = () => exportTexts.table(uiLang());
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal('');
  const [phase, setPhase] = createSignal<Phase | ''>('');
  const [mode, setMode] = createSignal<HeatMode>('coverage');
  const filter = (): OverviewFilter => ({
    from: from() || undefined,
    to: to() || undefined,
    phase: phase() || undefined,
  });
  // Held visits and overdue needs count from the local day: the map is drawn again at midnight.
  const today = createToday();
  const [model] = createResource(
    () => ({ f: filter(), lang: uiLang(), day: today() }),
    async ({ f, lang }) => {
      const [{ loadOverviewData }, { buildOverviewModel }] = await Promise.all([
        import('../../db/report-queries'),
        import('../../reports/overview-model'),
      ]);
      return buildOverviewModel(await loadOverviewData(db, f), lang);
    },
  );
  // The overview as last built stays (with the filters and their focus) while a new filter's is
  // built (latest.ts).
  const shown = () => latestOf(model);
  const job = useExportJob('overview', ui);
  onMount(warmReportCache);

  const exportAs = (kind: (typeof EXPORTS)[number]) =>
    job.run(ui()[EXPORT_LABELS[kind]], async (opts) => {
      const [{ exportOverview }, { deliver }] = await Promise.all([
        import('../../reports/export-jobs'),
        import('../../reports/deliver'),
      ]);
      const out = await exportOverview(db, filter(), kind, uiLang() as Lang, opts);
      await deliver(out.blob, out.name);
      return exportTexts('done', { name: out.name });
    });

  return (
    <section class="page overview-page" aria-busy={model.loading}>
      <h1>{shown()?.labels.overviewTitle ?? ''}</h1>
      <p class="row">
        <A class="btn" href="/needs" data-action="overview.needs">
          {nt('openNeeds')}
        </A>
      </p>
      <fieldset class="card">
        <legend>{ui().filters}</legend>
        <div class="row">
          <label>
            {ui().from}{' '}
            <input type="date" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
          </label>
          <label>
            {ui().to}{' '}
            <input type="date" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
          </label>
          <label>
            {overviewTexts('phaseOfVisit')}{' '}
            <select value={phase()} onChange={(e) => setPhase(e.currentTarget.value as Phase | '')}>
              <Options
                options={withNone(ui().allPhases, vocabOptions(PHASES, uiLang()))}
                selected={phase()}
              />
            </select>
          </label>
        </div>
        <p class="muted small">{overviewTexts('phaseHint')}</p>
      </fieldset>
      <ExportButtons
        class="row"
        kinds={EXPORTS}
        label={(kind) => ui()[EXPORT_LABELS[kind]]}
        job={job}
        onExport={(kind) => void exportAs(kind)}
      />
      <ExportProgress job={job} texts={ui()} />
      <Show when={model.loading}>
        <p class="muted" role="status">
          {t('common.loading')}
        </p>
      </Show>
      <Show when={!model.loading && model.error !== undefined}>
        <p class="error" role="alert">
          {errorMessage(model.error)}
        </p>
      </Show>
      <Show when={shown()}>
        {(m) => (
          <>
            <p class="meta">{m().filterText}</p>
            <For each={m().notes}>
              {(n) => (
                <p class="note" role="note">
                  {n}
                </p>
              )}
            </For>
            <ModeSwitch model={m()} mode={mode()} onChange={setMode} />
            <HeatMap model={m()} mode={mode()} />
            <HeatLegend model={m()} mode={mode()} />
            <HeatTable model={m()} mode={mode()} />
            <FieldKey model={m()} />
            <RecurringNeeds model={m()} />
          </>
        )}
      </Show>
    </section>
  );
}
