// Route /activity (coordinators, canSeeActivity): who changed what when across all sites, from
// the server's record history (GET /api/v1/activity). Filters by person, site, kind of record
// and period; "Weitere laden" pages on; "Als CSV exportieren" downloads the whole filtered
// period. Online only: the log lives on the server, and offline the page says so in words.
import { For, Show, createEffect, createResource, createSignal, on, onCleanup } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { ActivityEntry } from '../../../shared/activity';
import { ENTITY_SCHEMAS } from '../../../shared/domain/schemas';
import { useDb } from '../../db/db-context';
import { createLiveQuery } from '../../db/live';
import { localDay } from '../../db/local-day';
import { listSites } from '../../db/queries';
import { lang } from '../../i18n';
import { avt } from '../../i18n/activity';
import { formatDate } from '../../i18n/format';
import { serverProblem } from '../../i18n/server';
import { deliver } from '../../reports/deliver';
import { fetchActivityCsv, fetchActivityPage } from '../../session/activity-api';
import { listUsers } from '../../session/api';
import { ApiRequestError, NetworkError } from '../../session/errors';
import { ChoiceField, InputField, withNone } from '../components/form';
import { errorMessage } from '../error-message';
import { usePageTitle } from '../shell/page-title';
import { useSession } from '../shell/use-session';
import { siteOptions } from '../site-name';
import { ActivityItem, kindLabel } from './activity-item';
import { groupEntries } from './activity-words';
import '../styles/activity.css';
import { latestOf } from '../latest';

const PAGE = 50;
const DEFAULT_DAYS = 30;
const FILTER_PAUSE_MS = 400;

/** A local calendar day as YYYY-MM-DD, `back` days before today. */
function day(back = 0): string {
  const d = new Date();
  d.setDate(d.getDate() - back);
  return localDay(d);
}

function problem(e: unknown): string {
  if (e instanceof NetworkError) return avt('activity.offline');
  if (e instanceof ApiRequestError)
    return e.status === 403 ? avt('activity.forbidden') : serverProblem(e);
  return errorMessage(e);
}

export default function ActivityPage() {
  usePageTitle(() => avt('activity.title'));
  const session = useSession();
  const db = useDb();
  const sites = createLiveQuery(() => db, listSites);
  const [people] = createResource(() => listUsers({ token: session.token() }));
  const personOptions = () =>
    (latestOf(people) ?? []).map((u) => ({
      value: u.id,
      label: u.name || u.email,
    }));
  const kindOptions = () =>
    Object.keys(ENTITY_SCHEMAS).map((k) => ({ value: k, label: kindLabel(k) }));

  const [filter, setFilter] = createStore({
    userId: '',
    siteId: '',
    entity: '',
    from: day(DEFAULT_DAYS),
    to: day(),
  });
  const [entries, setEntries] = createSignal<ActivityEntry[]>([]);
  const [next, setNext] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(true);
  const [error, setError] = createSignal<string | null>(null);
  const [zone, setZone] = createSignal('');
  const [exporting, setExporting] = createSignal(false);
  const [notice, setNotice] = createSignal<string | null>(null);
  // A newer load (another filter) wins over an older answer that arrives late.
  let generation = 0;

  async function load(more: boolean) {
    const mine = ++generation;
    setLoading(true);
    setError(null);
    try {
      const page = await fetchActivityPage(
        { ...filter, limit: PAGE, ...(more && next() ? { cursor: next()! } : {}) },
        session.token(),
      );
      if (mine !== generation) return;
      setEntries((prev) => (more ? [...prev, ...page.entries] : page.entries));
      setNext(page.next);
      setZone(page.timeZone);
    } catch (e) {
      if (mine !== generation) return;
      if (!more) setEntries([]);
      setError(problem(e));
    } finally {
      if (mine === generation) setLoading(false);
    }
  }

  // The first load at once; a changed filter after a short pause, so a date typed digit by digit
  // (0002, 0020, 0202, 2026) asks the server once, not for every year on the way.
  let first = true;
  createEffect(
    on(
      () => ({ ...filter }),
      () => {
        if (first) {
          first = false;
          void load(false);
          return;
        }
        const timer = setTimeout(() => void load(false), FILTER_PAUSE_MS);
        onCleanup(() => clearTimeout(timer));
      },
    ),
  );
  // Back online: the log loads without a tap.
  const reload = () => void load(false);
  window.addEventListener('online', reload);
  onCleanup(() => window.removeEventListener('online', reload));

  async function exportCsv() {
    setExporting(true);
    setNotice(null);
    setError(null);
    try {
      const { blob, name } = await fetchActivityCsv(
        {
          userId: filter.userId,
          siteId: filter.siteId,
          entity: filter.entity,
          from: filter.from,
          to: filter.to,
          lang: lang(),
        },
        session.token(),
      );
      // A share sheet closed without choosing hands nothing over: no "created" line then.
      if ((await deliver(blob, name)) !== 'dismissed') setNotice(avt('activity.csvDone', { name }));
    } catch (e) {
      setError(problem(e));
    } finally {
      setExporting(false);
    }
  }

  const set = (k: keyof typeof filter) => (v: string) => setFilter(k, v);
  const groups = () => groupEntries(entries());
  const period = () =>
    `${formatDate(filter.from, lang()) || '…'} – ${formatDate(filter.to, lang()) || '…'}`;

  return (
    <section class="page stack activity-page">
      <h1>{avt('activity.title')}</h1>
      <p class="muted">{avt('activity.intro')}</p>
      <div class="filters card" role="search" aria-label={avt('activity.filters')}>
        <details>
          <summary>
            {avt('activity.filters')} · {period()}
          </summary>
          <div class="filter-grid">
            <ChoiceField
              id="act-person"
              label={avt('activity.person')}
              options={withNone(avt('activity.all'), personOptions())}
              selected={filter.userId}
              onChange={set('userId')}
            />
            <ChoiceField
              id="act-site"
              label={avt('activity.site')}
              options={withNone(avt('activity.all'), siteOptions(sites()))}
              selected={filter.siteId}
              onChange={set('siteId')}
            />
            <ChoiceField
              id="act-kind"
              label={avt('activity.kind')}
              options={withNone(avt('activity.all'), kindOptions())}
              selected={filter.entity}
              onChange={set('entity')}
            />
            <InputField
              id="act-from"
              label={avt('activity.from')}
              type="date"
              value={filter.from}
              onInput={set('from')}
            />
            <InputField
              id="act-to"
              label={avt('activity.to')}
              type="date"
              value={filter.to}
              onInput={set('to')}
            />
          </div>
        </details>
      </div>
      <div class="activity-bar">
        <button
          type="button"
          class="btn"
          disabled={exporting()}
          aria-busy={exporting()}
          onClick={() => void exportCsv()}
        >
          {exporting() ? avt('activity.csvBusy') : avt('activity.csv')}
        </button>
        <p class="muted" aria-live="polite">
          {loading()
            ? avt('activity.loading')
            : error()
              ? ''
              : entries().length === 0
                ? avt('activity.empty')
                : avt('activity.count', { n: entries().length })}
        </p>
      </div>
      <Show when={error()}>
        {(msg) => (
          <div class="card activity-problem" role="alert">
            <p>{msg()}</p>
            <button type="button" class="btn subtle" onClick={reload}>
              {avt('activity.retry')}
            </button>
          </div>
        )}
      </Show>
      <Show when={notice()}>
        {(n) => (
          <p class="muted" role="status">
            {n()}
          </p>
        )}
      </Show>
      <ul class="cards activity-list">
        <For each={groups()}>{(g) => <ActivityItem group={g} />}</For>
      </ul>
      <Show when={next() && !error()}>
        <button
          type="button"
          class="btn activity-more"
          disabled={loading()}
          onClick={() => void load(true)}
        >
          {avt('activity.more')}
        </button>
      </Show>
      <Show when={zone()}>
        {(z) => <p class="muted activity-zone">{avt('activity.zone', { zone: z() })}</p>}
      </Show>
    </section>
  );
}
