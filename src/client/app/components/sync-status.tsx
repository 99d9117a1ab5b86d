// Visible sync state (docs/architecture.md invariant I8): the global indicator in the header and the
// per-visit badge. Both are live queries over IndexedDB, so every tab shows the same;
// the engine adds only what is per tab (a run in progress, the last request failing).
import { A } from '@solidjs/router';
import { Show, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import { useDb } from '../../db/db-context';
import { createLiveQuery } from '../../db/live';
import { syncSummary, visitSyncSummary } from '../../db/sync-queries';
import { META } from '../../db/meta-keys';
import { whenIdle } from '../idle';
import { useOptionalSession } from '../shell/use-session';
import type { EngineState } from '../../sync/engine';
import {
  INDICATOR_SYMBOL,
  attentionText,
  indicatorKind,
  indicatorText,
  noticeText,
  photosWaitingText,
} from '../../sync/indicator-state';
import type { IndicatorKind } from '../../sync/indicator-state';
import { announce } from '../shell/live-regions';
import { lang } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { st } from '../../i18n/session';
import { age, syncErrorText, yt } from '../../i18n/sync';
import '../styles/sync.css';

/** A signal that ticks every minute, so "2 Std." ages stay true without a reload. */
function createClock() {
  const [now, setNow] = createSignal(Date.now());
  const t = setInterval(() => setNow(Date.now()), 60_000);
  onCleanup(() => clearInterval(t));
  return now;
}

function createEngineState() {
  const session = useOptionalSession();
  const [state, setState] = createSignal<EngineState | null>(null);
  // The engine is created lazily after sign-in: follow it as it appears or changes.
  createEffect(() => {
    const e = session?.engine();
    setState(e ? e.state() : null);
    const unsub = e?.subscribe(setState);
    onCleanup(() => unsub?.());
  });
  return state;
}

/** A state must hold this long before it is said: a run's "sending" flicker is never said. */
const SYNC_SETTLE_MS = 1_000;
const URGENT: ReadonlySet<IndicatorKind> = new Set(['error', 'reauth', 'update']);

/**
 * What the live regions say about sync (shell/live-regions.tsx): going offline, an error (as an
 * alert), and getting back from either; the ordinary waiting → sending → synced of every save is
 * not said (the save status speaks for it), nor the state the app starts in.
 */
function createSyncAnnouncer(kind: () => IndicatorKind | null, text: () => string) {
  let settled: IndicatorKind | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A memo, so the settle timer restarts when the state changes, not whenever the summary does.
  const state = createMemo(kind);
  createEffect(
    on(state, (k) => {
      clearTimeout(timer);
      if (k === null || k === 'syncing') return;
      timer = setTimeout(() => {
        const before = settled;
        settled = k;
        if (before === null || before === k) return;
        if (URGENT.has(k)) announce(text(), true);
        else if (k === 'offline' || before === 'offline' || URGENT.has(before)) announce(text());
      }, SYNC_SETTLE_MS);
    }),
  );
  onCleanup(() => clearTimeout(timer));
}

/** Says `words` whenever `count` grows (not for the count the app starts with). */
function createRiseAnnouncer(count: () => number | undefined, words: () => string, urgent = false) {
  createEffect(
    on(count, (n, before) => {
      if (n !== undefined && before !== undefined && n > before) announce(words(), urgent);
    }),
  );
}

export function SyncIndicator() {
  const db = useDb();
  const session = useOptionalSession();
  const summary = createLiveQuery(() => db, syncSummary);
  // Rows that fail their schema are skipped by every list; say so instead of hiding it. Such rows
  // arrive only with pulled server rows (local writes are validated before they commit), so the
  // whole-database scan runs once when idle after start and again when the cursor moves — never
  // on every keystroke's autosave. The query answers the cursor itself, not its meta row: the
  // live query keeps a row's identity across updates, so a row would never look changed.
  const cursor = createLiveQuery(
    () => db,
    async (d) => (await d.meta.get(META.cursor))?.value,
  );
  const [damaged, setDamaged] = createSignal(0);
  createEffect(
    on(cursor, () => {
      let live = true;
      const cancel = whenIdle(
        () =>
          // Loaded here, not with the indicator: zod and the schemas stay off the first screen.
          void import('../../db/row-check')
            .then(({ damagedRecords }) => damagedRecords(db))
            .then(
              (n) => live && setDamaged(n),
              () => {},
            ),
        5_000,
        500,
      );
      onCleanup(() => {
        live = false;
        cancel();
      });
    }),
  );
  const damagedText = () => {
    const n = damaged();
    return n === 0 ? '' : yt('sync.damaged', { n });
  };
  const engine = createEngineState();
  const now = createClock();
  const [busy, setBusy] = createSignal(false);

  const kind = () =>
    indicatorKind({
      summary: summary() ?? null,
      needsReauth: session?.needsReauth() ?? false,
      updateRequired: session?.updateRequired() ?? false,
      running: (engine()?.running ?? false) || busy(),
      online: engine()?.online ?? null,
      engineError: engine()?.lastError ?? null,
    });
  const text = () =>
    summary() ? indicatorText(summary()!, kind(), now(), engine()?.lastError) : '…';
  const attention = () => (summary() ? attentionText(summary()!) : '');
  const attentionCount = () => (summary()?.openConflicts ?? 0) + (summary()?.openRejections ?? 0);
  createSyncAnnouncer(() => (summary() ? kind() : null), text);
  createRiseAnnouncer(() => (summary() ? attentionCount() : undefined), attention);
  createRiseAnnouncer(
    () => (summary() ? summary()!.photosRefused : undefined),
    () => yt('sync.photoQuota', { n: summary()?.photosRefused ?? 0 }),
    true,
  );
  createRiseAnnouncer(damaged, damagedText, true);
  createEffect(
    on(
      () => engine()?.notice,
      (n, before) => n && !before && announce(noticeText(n)),
      { defer: true },
    ),
  );
  let details: HTMLDetailsElement | undefined;
  const close = () => {
    if (details) details.open = false;
  };
  const lastOk = () => {
    const at = summary()?.lastSyncOkAt;
    return at
      ? yt('sync.lastOk', {
          when: formatDateTime(at, lang()),
        })
      : yt('sync.never');
  };
  async function syncNow() {
    const e = session?.engine();
    if (!e) return;
    setBusy(true);
    try {
      await e.syncNow();
    } catch {
      /* the outcome is recorded in meta and shown */
    } finally {
      setBusy(false);
    }
  }

  return (
    <details class="sync-indicator" data-state={kind()} ref={details}>
      {/* Its name is its words: the visible state, then (for screen readers, where the marks show
          a count) what needs attention; the visible text stays part of the name (WCAG 2.5.3). */}
      <summary data-testid="sync-state">
        <span class="sync-symbol" aria-hidden="true">
          {INDICATOR_SYMBOL[kind()]}
        </span>
        <span data-testid="sync-text">{text()}</span>
        <Show when={attention() || damagedText()}>
          <span class="sr-only">
            {` · ${[attention(), damagedText()].filter(Boolean).join(' · ')}`}
          </span>
        </Show>
        <Show when={attentionCount() > 0}>
          <span class="sync-attn" aria-hidden="true">
            ⚠ {attentionCount()}
          </span>
        </Show>
        <Show when={attentionCount() === 0 && (summary()?.photosRefused ?? 0) > 0}>
          <span class="sync-attn" aria-hidden="true">
            ⚠
          </span>
        </Show>
        <Show when={damagedText()}>
          <span class="sync-attn" aria-hidden="true" data-testid="sync-damaged-mark">
            {'\u26a0'}
          </span>
        </Show>
      </summary>
      <div class="sync-panel card stack">
        <p class="sync-full" data-testid="sync-full">
          {[text(), attention(), damagedText()].filter(Boolean).join(' · ')}
        </p>
        <Show when={damagedText()}>
          <p data-testid="sync-damaged">{damagedText()}</p>
        </Show>
        <Show when={attention()}>
          <A href="/sync" onClick={close} data-testid="sync-attention">
            {attention()}
          </A>
        </Show>
        <Show when={summary()?.photosRefused}>
          {(n) => (
            <p class="sync-photo-quota" data-testid="sync-photo-quota">
              {yt('sync.photoQuota', { n: n() })}
            </p>
          )}
        </Show>
        <Show when={kind() === 'update'}>
          <p data-testid="sync-update-needed">{yt('sync.updateNeeded')}</p>
          <button type="button" class="btn" onClick={() => void checkForUpdate()}>
            {yt('sync.updateCheck')}
          </button>
        </Show>
        <Show when={engine()?.notice}>
          {(n) => (
            <p data-testid="sync-notice">
              {noticeText(n())}{' '}
              <button
                type="button"
                class="btn"
                onClick={() => void session?.engine()?.dismissNotice()}
              >
                {yt('sync.noticeDismiss')}
              </button>
            </p>
          )}
        </Show>
        <p data-testid="sync-last-ok">{lastOk()}</p>
        <button
          type="button"
          class="btn primary"
          onClick={syncNow}
          disabled={busy() || !session?.engine()}
        >
          {yt('sync.now')}
        </button>
        <A href="/sync" onClick={close}>
          {yt('sync.openPage')}
        </A>
        <A href="/account" onClick={close}>
          {kind() === 'reauth' ? st('signin.reauth') : yt('sync.account')}
        </A>
      </div>
    </details>
  );
}

/**
 * "Update needed": ask the browser for a new app version now; the update prompt offers it as
 * soon as it is installed. Without a service worker (or when none is found) reload the page.
 */
async function checkForUpdate() {
  const reg = await globalThis.navigator?.serviceWorker?.getRegistration().catch(() => undefined);
  await reg?.update().catch(() => {});
  if (!reg?.waiting && !reg?.installing) location.reload();
}

export function VisitSyncBadge(props: { visitId: string }) {
  const db = useDb();
  const s = createLiveQuery(
    () => props.visitId,
    (id) => visitSyncSummary(db, id),
  );
  const now = createClock();
  const text = () => {
    const v = s();
    if (!v) return '';
    const waiting = v.pending + v.unconfirmed;
    const parts = [
      waiting > 0
        ? yt('sync.visitWaiting', {
            n: waiting,
            age: yt('sync.oldest', { age: age(v.oldestWaitingAt ?? now(), now()) }),
          })
        : v.photosWaiting
          ? ''
          : yt('sync.visitOk'),
    ];
    if (v.photosWaiting) parts.push(photosWaitingText(v.photosWaiting));
    const attn = attentionText(v);
    if (attn) parts.push(attn);
    // A network failure is not an error of this visit's data: say "offline" instead.
    if (v.lastError)
      parts.push(
        /^(network|timeout)\b/.test(v.lastError)
          ? yt('sync.offline')
          : yt('sync.error', { msg: syncErrorText(v.lastError) }),
      );
    return parts.filter(Boolean).join(' · ');
  };
  const attention = () => (s()?.openConflicts ?? 0) + (s()?.openRejections ?? 0) > 0;
  const waiting = () => {
    const v = s();
    return !!v && v.pending + v.unconfirmed + (v.photosWaiting ?? 0) > 0;
  };
  // Rendered before its query answers (hidden, one line high), so its arrival moves nothing. No
  // live region: it changes with every save, and the header's announcements speak for it.
  return (
    <p
      class={s() ? 'sync-badge' : 'sync-badge pending'}
      data-testid={s() ? 'visit-sync-badge' : undefined}
      data-state={attention() ? 'attention' : waiting() ? 'waiting' : 'ok'}
    >
      <Show when={attention()} fallback={text() || '\u00a0'}>
        <A href="/sync">{text()}</A>
      </Show>
    </p>
  );
}
