// App-shell warnings that protect data: another tab upgraded or deleted the database,
// a lazy chunk vanished after a deploy, a Safari tab (7-day purge) with the home-screen
// guide and the stale-changes warning, storage at 80/95 %. (The install offer is part of the
// first screen: install-offer.tsx.)
// Loaded lazily by safety-shell.tsx, which starts the watchers before this chunk exists.
import { Match, Show, Switch, createResource, createSignal, onCleanup } from 'solid-js';
import { useDb } from '../../db/db-context';
import type { DbLifecycleKind } from '../../db/lifecycle';
import { createLiveQuery } from '../../db/live';
import { syncSummary } from '../../db/sync-queries';
import { browserMode, isStale } from '../../device/browser-mode';
import { dt } from '../../i18n/device';
import { chunkProblem } from '../../device/preload-reload';
import { storagePressure } from '../../device/storage';
import '../styles/safety.css';
import { latestOf } from '../latest';

function HomeScreenGuide() {
  return (
    <details>
      <summary>{dt('tab.guide')}</summary>
      <ol>
        <li>{dt('tab.step1')}</li>
        <li>{dt('tab.step2')}</li>
        <li>{dt('tab.step3')}</li>
        <li>{dt('tab.step4')}</li>
        <li>{dt('tab.step5')}</li>
      </ol>
    </details>
  );
}

/** An alert that only a reload resolves: the sentence and a reload button. */
function ReloadBanner(props: {
  tone: 'error' | 'warn';
  testid: string;
  text: string;
  primary?: boolean;
}) {
  return (
    <div class={`banner ${props.tone}`} role="alert" data-testid={props.testid}>
      <p>{props.text}</p>
      <button
        type="button"
        class={props.primary ? 'btn primary' : 'btn'}
        onClick={() => location.reload()}
      >
        {dt('common.reload')}
      </button>
    </div>
  );
}

export default function SafetyBannersView(props: { dbState: DbLifecycleKind | null }) {
  const db = useDb();
  const dbState = () => props.dbState;

  const mode = browserMode();
  const summary = createLiveQuery(
    () => db,
    (d) => syncSummary(d),
  );
  const [now, setNow] = createSignal(Date.now());
  const [pressure, { refetch }] = createResource(() => storagePressure());
  const timer = setInterval(() => {
    setNow(Date.now());
    void refetch();
  }, 60_000);
  onCleanup(() => clearInterval(timer));
  const staleDays = () => {
    const at = summary()?.oldestWaitingAt ?? null;
    return isStale(at, now()) && at !== null ? Math.floor((now() - at) / 86_400_000) : 0;
  };
  const pct = () => Math.round((latestOf(pressure)?.ratio ?? 0) * 100);
  // The level as last read: the minute's re-read keeps a shown warning in place.
  const warnLevel = () => {
    const level = latestOf(pressure)?.level;
    return level && level !== 'ok' ? level : null;
  };
  return (
    <div class="safety-banners" data-testid="safety-banners">
      <Switch>
        <Match when={dbState() === 'versionchange' || dbState() === 'deleted'}>
          <ReloadBanner
            tone="error"
            testid="db-closed"
            text={dt(dbState() === 'deleted' ? 'db.deleted' : 'db.versionchange')}
            primary
          />
        </Match>
        <Match when={dbState() === 'blocked'}>
          <div class="banner warn" role="alert" data-testid="db-blocked">
            <p>{dt('db.blocked')}</p>
          </div>
        </Match>
      </Switch>
      <Show when={chunkProblem()}>
        {(p) => (
          <ReloadBanner
            tone="warn"
            testid="chunk-problem"
            text={dt(p() === 'offline' ? 'chunk.offline' : 'chunk.failed')}
          />
        )}
      </Show>
      <Show when={mode.purgeRisk}>
        <div class="banner warn" role="status" data-testid="tab-warning">
          <p>{dt('tab.warning')}</p>
          <Show when={staleDays() > 0}>
            <p>
              <strong>{dt('tab.stale', { days: staleDays() })}</strong>
            </p>
          </Show>
          <HomeScreenGuide />
        </div>
      </Show>
      <Show when={warnLevel()}>
        {(level) => (
          <div
            class={`banner ${level() === 'full' ? 'error' : 'warn'}`}
            role="status"
            data-testid="storage-banner"
          >
            <p>{dt(level() === 'full' ? 'storage.full' : 'storage.warn', { pct: pct() })}</p>
          </div>
        )}
      </Show>
    </div>
  );
}
