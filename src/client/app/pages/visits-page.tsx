// The visit list with search and filters (site, period, status, phase).
import { A } from '@solidjs/router';
import { For, Show, createMemo } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { Site } from '../../../shared/domain/schemas';
import { PHASES, VISIT_STATUSES } from '../../../shared/domain/vocab';
import { createLiveQuery } from '../../db/live';
import { listSites, listVisits } from '../../db/queries';
import { label, t } from '../../i18n';
import { useDb } from '../../db/db-context';
import { EMPTY_FILTER, type VisitFilter, filterVisits } from '../visit-filter';
import { VisitCard } from '../visit/visit-card';

export default function VisitsPage() {
  const db = useDb();
  const visits = createLiveQuery(() => db, listVisits);
  const sites = createLiveQuery(() => db, listSites);
  const siteMap = createMemo(() => new Map<string, Site>((sites() ?? []).map((s) => [s.id, s])));
  const [filter, setFilter] = createStore<VisitFilter>({ ...EMPTY_FILTER });
  const shown = createMemo(() => filterVisits(visits() ?? [], siteMap(), { ...filter }));
  const set =
    <K extends keyof VisitFilter>(k: K) =>
    (e: { currentTarget: { value: string } }) =>
      setFilter(k, e.currentTarget.value as VisitFilter[K]);

  return (
    <section class="page">
      <h1>{t('visits.title')}</h1>
      <div class="filters card" role="search">
        <div class="field">
          <label for="f-q">{t('visits.search')}</label>
          <input id="f-q" type="search" value={filter.search} onInput={set('search')} />
        </div>
        <details>
          <summary>{t('visits.filters')}</summary>
          <div class="filter-grid">
            <div class="field">
              <label for="f-site">{t('visit.site')}</label>
              <select id="f-site" onChange={set('siteId')}>
                <option value="">{t('common.all')}</option>
                <For each={sites()}>
                  {(s) => (
                    <option value={s.id} selected={filter.siteId === s.id}>
                      {s.municipality} – {s.quarter}
                    </option>
                  )}
                </For>
              </select>
            </div>
            <div class="field">
              <label for="f-from">{t('visits.from')}</label>
              <input id="f-from" type="date" value={filter.from} onInput={set('from')} />
            </div>
            <div class="field">
              <label for="f-to">{t('visits.to')}</label>
              <input id="f-to" type="date" value={filter.to} onInput={set('to')} />
            </div>
            <div class="field">
              <label for="f-status">{t('visit.status')}</label>
              <select id="f-status" onChange={set('status')}>
                <option value="">{t('common.all')}</option>
                <For each={Object.entries(VISIT_STATUSES)}>
                  {([k, l]) => (
                    <option value={k} selected={filter.status === k}>
                      {label(l)}
                    </option>
                  )}
                </For>
              </select>
            </div>
            <div class="field">
              <label for="f-phase">{t('visit.phase')}</label>
              <select id="f-phase" onChange={set('phase')}>
                <option value="">{t('common.all')}</option>
                <For each={Object.entries(PHASES)}>
                  {([k, l]) => (
                    <option value={k} selected={filter.phase === k}>
                      {label(l)}
                    </option>
                  )}
                </For>
              </select>
            </div>
          </div>
        </details>
      </div>
      <Show when={visits.ready()} fallback={<p class="muted">{t('common.loading')}</p>}>
        <p class="muted" aria-live="polite">
          {t('visits.count', { n: shown().length })}
        </p>
        <Show when={shown().length > 0} fallback={<p class="empty">{t('visits.empty')}</p>}>
          <ul class="cards">
            <For each={shown()}>
              {(v) => (
                <li>
                  <VisitCard visit={v} site={siteMap().get(v.siteId)} />
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <div class="fab-bar">
        <A class="btn primary fab" href="/visits/new">
          + {t('visits.new')}
        </A>
      </div>
    </section>
  );
}
