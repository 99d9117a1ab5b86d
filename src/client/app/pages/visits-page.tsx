// The visit list with search and filters (site, period, status, phase). "+ Neuer Besuch" is
// offered when the account may start a visit somewhere (or, as coordinator, create the site).
import { For, Show, createEffect, createMemo, onCleanup } from 'solid-js';
import { canEditSite, visitSites } from '../../../shared/policy';
import { createStore } from 'solid-js/store';
import type { Site } from '../../../shared/domain/schemas';
import { PHASES, VISIT_STATUSES } from '../../../shared/domain/vocab';
import { createLiveQuery } from '../../db/live';
import { listSites, listVisits, participantsByVisit } from '../../db/queries';
import { lang, t } from '../../i18n';
import { useDb } from '../../db/db-context';
import { ChoiceField, InputField, vocabOptions, withNone } from '../components/form';
import { CardList, FabLink, WhenReady } from '../components/page-parts';
import { holdFirstScreen } from '../shell/first-screen';
import { siteOptions } from '../site-name';
import { EMPTY_FILTER, type VisitFilter, filterVisits } from '../visit-filter';
import { VisitCard } from '../visit/visit-card';
import { usePolicy } from '../shell/use-policy';
import { pt } from '../../i18n/policy';
import { usePageTitle } from '../shell/page-title';

const DATE_FILTERS = ['from', 'to'] as const;
const VOCAB_FILTERS = [
  ['status', VISIT_STATUSES],
  ['phase', PHASES],
] as const;

export default function VisitsPage() {
  usePageTitle(() => t('visits.title'));
  const db = useDb();
  const visits = createLiveQuery(() => db, listVisits);
  // The list is the first screen of a signed-in device: later loads wait until it is shown.
  const release = holdFirstScreen();
  onCleanup(release);
  createEffect(() => {
    if (visits.ready()) release();
  });
  const sites = createLiveQuery(() => db, listSites);
  const siteMap = createMemo(() => new Map<string, Site>((sites() ?? []).map((s) => [s.id, s])));
  const [filter, setFilter] = createStore<VisitFilter>({ ...EMPTY_FILTER });
  const participants = createLiveQuery(() => db, participantsByVisit);
  const shown = createMemo(() =>
    filterVisits(visits() ?? [], siteMap(), { ...filter }, participants() ?? new Map()),
  );
  const { user, can } = usePolicy();
  const mayStart = () => can(canEditSite) || can((u) => visitSites(u, sites() ?? []).length > 0);
  const unbound = () => user()?.role === 'quartiersmanagement' && !user()?.siteId;
  const set =
    <K extends keyof VisitFilter>(k: K) =>
    (value: string) =>
      setFilter(k, value as VisitFilter[K]);

  return (
    <section class="page">
      <h1>{t('visits.title')}</h1>
      <div class="filters card" role="search">
        <InputField
          id="f-q"
          label={t('visits.search')}
          type="search"
          value={filter.search}
          onInput={set('search')}
        />
        <details>
          <summary>{t('visits.filters')}</summary>
          <div class="filter-grid">
            <ChoiceField
              id="f-site"
              label={t('visit.site')}
              options={withNone(t('common.all'), siteOptions(sites()))}
              selected={filter.siteId}
              onChange={set('siteId')}
            />
            <For each={DATE_FILTERS}>
              {(k) => (
                <InputField
                  id={`f-${k}`}
                  label={t(`visits.${k}`)}
                  type="date"
                  value={filter[k]}
                  onInput={set(k)}
                />
              )}
            </For>
            <For each={VOCAB_FILTERS}>
              {([k, vocab]) => (
                <ChoiceField
                  id={`f-${k}`}
                  label={t(`visit.${k}`)}
                  options={withNone(t('common.all'), vocabOptions(vocab, lang()))}
                  selected={filter[k]}
                  onChange={set(k)}
                />
              )}
            </For>
          </div>
        </details>
      </div>
      <WhenReady ready={visits.ready()}>
        <p class="muted" aria-live="polite">
          {t('visits.count', { n: shown().length })}
        </p>
        <CardList each={shown()} empty={t('visits.empty')}>
          {(v) => <VisitCard visit={v} site={siteMap().get(v.siteId)} />}
        </CardList>
      </WhenReady>
      <Show when={unbound()}>
        <p role="alert">{pt('visits.noSiteBound')}</p>
      </Show>
      <Show when={mayStart()}>
        <FabLink href="/visits/new" action="visit.create">
          {t('visits.new')}
        </FabLink>
      </Show>
    </section>
  );
}
