// The visit list with search and filters (site, period, status, phase). "+ Neuer Besuch" is
// offered when the account may start a visit somewhere (or, as coordinator, create the site).
import { For, Show, createEffect, createMemo, createSignal, onCleanup, onMount } from 'solid-js';
import { canEditSite, visitSites } from '../../../shared/policy';
import { createStore } from 'solid-js/store';
import type { Site } from '../../../shared/domain/schemas';
import { PHASES, VISIT_STATUSES } from '../../../shared/domain/vocab';
import { type FirstScreen, earlyFirstScreen } from '../../db/first-screen-read';
import { lang, t } from '../../i18n';
import { type DbKit, useDbKit } from '../shell/kit-context';
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

/** The list's live queries, once the database code is loaded (app.tsx). */
function liveLists(kit: DbKit) {
  const db = kit.useDb();
  return {
    visits: kit.createLiveQuery(() => db, kit.listVisits),
    sites: kit.createLiveQuery(() => db, kit.listSites),
    participants: kit.createLiveQuery(() => db, kit.participantsByVisit),
  };
}

/**
 * What the list of the first screen (before Dexie) hands to the list that replaces it (app.tsx):
 * the filter typed, whether the filters are open, and the focused field with its selection.
 */
type Handoff = {
  filter: VisitFilter;
  open: boolean;
  focus: { id: string; start: number | null; end: number | null } | null;
};
let handoff: Handoff | null = null;

function focusOf(root: HTMLElement): Handoff['focus'] {
  const el = document.activeElement;
  if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) return null;
  if (!el.id || !root.contains(el)) return null;
  const text = el instanceof HTMLInputElement && el.type === 'search';
  return { id: el.id, start: text ? el.selectionStart : null, end: text ? el.selectionEnd : null };
}

function restoreFocus(f: NonNullable<Handoff['focus']>) {
  const el = document.getElementById(f.id);
  if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) return;
  el.focus({ preventScroll: true });
  if (el instanceof HTMLInputElement && f.start !== null) el.setSelectionRange(f.start, f.end);
}

export default function VisitsPage() {
  usePageTitle(() => t('visits.title'));
  const { user, can } = usePolicy();
  const kit = useDbKit();
  const live = kit && liveLists(kit);
  // The first screen's plain IndexedDB read (db/first-screen-read.ts): all the list shows before
  // Dexie has loaded, and, after, what each part shows until its live query answered.
  const early = earlyFirstScreen(user()?.id);
  const [first, setFirst] = createSignal<FirstScreen | null>(early?.value ?? null);
  const [firstDone, setFirstDone] = createSignal(!early || early.value !== undefined);
  if (early && early.value === undefined)
    void early.read.then((v) => {
      setFirst(v);
      setFirstDone(true);
    });
  /** A live query's answer once it came, else the first screen's. */
  const pick = <K extends 'visits' | 'sites' | 'participants'>(
    q: { (): FirstScreen[K] | undefined; ready(): boolean } | undefined,
    key: K,
  ) => (q?.ready() ? q() : first()?.[key]);
  const visits = () => pick(live?.visits, 'visits');
  const ready = () => !!live?.visits.ready() || !!first();
  // The list is the first screen of a signed-in device: later loads wait until it is shown (or,
  // before Dexie, until the read found nothing to show: then Dexie loads at once).
  const release = holdFirstScreen();
  onCleanup(release);
  createEffect(() => {
    if (ready() || (!live && firstDone())) release();
  });
  const sites = () => pick(live?.sites, 'sites');
  const siteMap = createMemo(() => new Map<string, Site>((sites() ?? []).map((s) => [s.id, s])));
  const taken = handoff;
  handoff = null;
  const [filter, setFilter] = createStore<VisitFilter>({ ...(taken?.filter ?? EMPTY_FILTER) });
  let page!: HTMLElement;
  let filters!: HTMLDetailsElement;
  if (!live)
    onCleanup(
      () => (handoff = { filter: { ...filter }, open: filters.open, focus: focusOf(page) }),
    );
  else if (taken?.focus) onMount(() => restoreFocus(taken.focus!));
  const participants = () => pick(live?.participants, 'participants');
  const shown = createMemo(() =>
    filterVisits(visits() ?? [], siteMap(), { ...filter }, participants() ?? new Map()),
  );
  const mayStart = () => {
    const all = sites() ?? [];
    return can(canEditSite) || can((u) => visitSites(u, all).length > 0);
  };
  const unbound = () => user()?.role === 'quartiersmanagement' && !user()?.siteId;
  const set =
    <K extends keyof VisitFilter>(k: K) =>
    (value: string) =>
      setFilter(k, value as VisitFilter[K]);

  return (
    <section class="page" ref={page}>
      <h1>{t('visits.title')}</h1>
      <div class="filters card" role="search">
        <InputField
          id="f-q"
          label={t('visits.search')}
          type="search"
          value={filter.search}
          onInput={set('search')}
        />
        <details ref={filters} open={taken?.open}>
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
      <WhenReady ready={ready()}>
        <p class="muted" aria-live="polite">
          {t('visits.count', { n: shown().length })}
        </p>
        <CardList each={shown()} empty={t('visits.empty')}>
          {(v) => (
            <VisitCard
              visit={v}
              site={siteMap().get(v.siteId)}
              checklist={first()?.checklists.get(v.id)}
            />
          )}
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
