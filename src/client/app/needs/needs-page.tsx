// Route /needs: every advisory need and agreed step across the sites on this device, filtered by
// the URL query (needs-filter.ts), overdue ones first, with inline tracking (status, owner, due
// date; it works offline like every write) and the filtered list as PDF or CSV.
import { useSearchParams } from '@solidjs/router';
import { For, Show, createMemo, onMount } from 'solid-js';
import type { Lang } from '../../../shared/domain/vocab';
import { useDb } from '../../db/db-context';
import { createLiveQuery } from '../../db/live';
import {
  type NeedsFilter,
  type NeedsQuery,
  filterNeeds,
  needsFilterFromQuery,
  needsQueryOf,
  ownersOf,
  sortNeeds,
} from '../../db/needs-filter';
import { loadNeeds } from '../../db/needs-queries';
import { listSites } from '../../db/queries';
import { lang as uiLang } from '../../i18n';
import { nt } from '../../i18n/needs';
import { exportTexts } from '../../i18n/reports';
import { useExportJob } from '../../reports/create-export-job';
import { warmReportCache } from '../../reports/warm-up';
import { ExportButtons, ExportProgress } from '../components/export-progress';
import { WhenReady } from '../components/page-parts';
import { OfferCatalogue } from '../offers/need-offer';
import { usePageTitle } from '../shell/page-title';
import { createToday } from '../today';
import { NeedRowItem } from './need-row';
import { NeedsFilters } from './needs-filters';
import './needs.css';

const EXPORTS = ['pdf', 'csv'] as const;
const OWNERS_LIST = 'needs-owners';

export default function NeedsPage() {
  usePageTitle(() => nt('title'));
  // The list's PDF and CSV renderer is fetched once online, so exporting works offline later.
  onMount(warmReportCache);
  const db = useDb();
  const [params, setParams] = useSearchParams<NeedsQuery>();
  const filter = createMemo(() => needsFilterFromQuery({ ...params }));
  const setFilter = (f: NeedsFilter) => setParams(needsQueryOf(f), { replace: true });
  // "überfällig" counts from the local day, which moves on at midnight on a list left open.
  const today = createToday();
  const rows = createLiveQuery(() => db, loadNeeds);
  const sites = createLiveQuery(() => db, listSites);
  const shown = createMemo(() => sortNeeds(filterNeeds(rows() ?? [], filter(), today()), today()));
  const owners = createMemo(() => ownersOf(rows() ?? []));

  const ui = () => exportTexts.table(uiLang());
  const job = useExportJob('needs', ui);
  const exportAs = (kind: (typeof EXPORTS)[number]) =>
    job.run(kind === 'pdf' ? nt('exportPdf') : nt('exportCsv'), async (opts) => {
      const [{ exportNeeds }, { deliver }] = await Promise.all([
        import('../../reports/needs-export'),
        import('../../reports/deliver'),
      ]);
      const out = await exportNeeds(db, filter(), kind, uiLang() as Lang, today(), opts);
      await deliver(out.blob, out.name);
      return exportTexts('done', { name: out.name });
    });

  return (
    <section class="page needs-page">
      <h1>{nt('title')}</h1>
      <NeedsFilters
        filter={filter()}
        sites={sites()}
        ownersListId={OWNERS_LIST}
        onChange={setFilter}
      />
      <datalist id={OWNERS_LIST}>
        <For each={owners()}>{(o) => <option value={o} />}</For>
      </datalist>
      <ExportButtons
        class="row"
        kinds={EXPORTS}
        label={(kind) => (kind === 'pdf' ? nt('exportPdf') : nt('exportCsv'))}
        job={job}
        onExport={(kind) => void exportAs(kind)}
      />
      <ExportProgress job={job} texts={ui()} />
      <WhenReady ready={rows.ready()}>
        <p class="meta needs-count" role="status">
          {nt('count', { n: shown().length })}
        </p>
        <Show when={shown().length > 0} fallback={<p class="empty">{nt('empty')}</p>}>
          <OfferCatalogue>
            <ul class="cards needs-list">
              <For each={shown()}>
                {(r) => <NeedRowItem row={r} today={today()} ownersListId={OWNERS_LIST} />}
              </For>
            </ul>
          </OfferCatalogue>
        </Show>
      </WhenReady>
    </section>
  );
}
