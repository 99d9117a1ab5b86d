// What the header indicator says, as pure functions of the stored sync state (IndexedDB)
// and the little the session and the engine know per tab. Order of precedence: a person
// must act (sign in, update) > known offline > running > offline (stored) > error > waiting >
// conflicts > synced.
import type { SyncSummary } from '../db/sync-queries';
import { lang as currentLang } from '../i18n';
import { age, syncErrorText, yt } from '../i18n/sync';

const OFFLINE_CODES = new Set(['network', 'timeout', 'offline']);
/** Failures of this device's own storage: the engine may not be able to record them in IndexedDB. */
const LOCAL_CODES: Record<string, 'sync.storageFull' | 'sync.localError' | 'sync.updateNeeded'> = {
  storage_full: 'sync.storageFull',
  local_error: 'sync.localError',
  update_required: 'sync.updateNeeded',
};

export type IndicatorInput = {
  summary: SyncSummary | null;
  needsReauth: boolean;
  updateRequired: boolean;
  /** A sync run is in progress in this tab. */
  running: boolean;
  /** The engine's last request reached the server (null: no engine yet). */
  online: boolean | null;
  /**
   * The engine's own last error (EngineState.lastError): counts when it is a failure of local
   * storage, which the engine could not write to IndexedDB (storage full, database closed).
   */
  engineError?: { code: string; message: string } | null;
};

/** The local-storage failure of the engine, if that is what its last error is. */
const localFailure = (e: IndicatorInput['engineError']) => (e && LOCAL_CODES[e.code] ? e : null);

export type IndicatorKind =
  'reauth' | 'update' | 'syncing' | 'offline' | 'error' | 'waiting' | 'attention' | 'ok';

/**
 * The symbol in front of the words: offline, sending and synced differ in shape as well as in
 * words, so the state reads at a glance (and for people who do not read the colour).
 */
export const INDICATOR_SYMBOL: Record<IndicatorKind, string> = {
  reauth: '⚠',
  update: '⚠',
  syncing: '↻',
  offline: '⊘',
  error: '⚠',
  waiting: '◷',
  attention: '✓',
  ok: '✓',
};

/** "Synchronisiert um 10:14" (today) or "Synchronisiert am 3. Mai, 10:14"; never synced: says so. */
export function syncedText(lastOkAt: string | null, now: number, lang = currentLang()): string {
  const at = lastOkAt ? Date.parse(lastOkAt) : NaN;
  if (!Number.isFinite(at)) return yt('sync.never');
  const time = { hour: '2-digit', minute: '2-digit' } as const;
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  return sameDay
    ? yt('sync.okAt', { time: new Date(at).toLocaleTimeString(lang, time) })
    : yt('sync.okOn', {
        date: new Date(at).toLocaleString(lang, { day: 'numeric', month: 'short', ...time }),
      });
}

export function indicatorText(
  s: SyncSummary,
  kind: IndicatorKind,
  now: number,
  engineError?: IndicatorInput['engineError'],
): string {
  const waiting = s.pending + s.unconfirmed;
  const local = localFailure(engineError) ?? localFailure(s.lastSyncError);
  const parts: string[] = [];
  if (kind === 'reauth') parts.push(yt('sync.reauth'));
  else if (kind === 'update') parts.push(yt('sync.updateRequired'));
  else if (kind === 'syncing') {
    // Sending says how much goes out; the count already is the "waiting" part.
    parts.push(waiting > 0 ? yt('sync.sending', { n: waiting }) : yt('sync.checking'));
    if (s.photosWaiting) parts.push(photosWaitingText(s.photosWaiting));
    return parts.join(' · ');
  } else if (kind === 'offline') parts.push(yt('sync.offlineKept'));
  else if (kind === 'error' && local) parts.push(yt(LOCAL_CODES[local.code]!));
  else if (kind === 'error') {
    const err = s.lastSyncError;
    parts.push(
      yt('sync.error', {
        msg: !err ? '' : /^http_\d{3}$/.test(err.code) ? syncErrorText(err.code) : err.message,
      }),
    );
  }
  if (waiting > 0) {
    const w = yt('sync.waiting', { n: waiting });
    parts.push(
      s.oldestWaitingAt ? `${w} · ${yt('sync.oldest', { age: age(s.oldestWaitingAt, now) })}` : w,
    );
  } else if (!s.photosWaiting && (kind === 'ok' || kind === 'attention'))
    parts.push(syncedText(s.lastSyncOkAt, now));
  if (s.photosWaiting) parts.push(photosWaitingText(s.photosWaiting));
  return parts.join(' · ');
}

/** "2 Fotos noch nicht hochgeladen": photo bytes the server has not verified yet. */
export function photosWaitingText(n: number): string {
  return yt('sync.photosWaiting', { n });
}

/** The notice after the engine recovered by itself (server restored, new device identity). */
export function noticeText(n: {
  kind: 'server_restored' | 'new_identity';
  resent: number;
}): string {
  return yt(n.kind === 'server_restored' ? 'sync.noticeRestored' : 'sync.noticeNewIdentity', {
    n: n.resent,
  });
}

/** "1 Konflikt · 2 abgelehnt", or '' when nothing needs a person. */
export function attentionText(s: { openConflicts: number; openRejections: number }): string {
  const parts: string[] = [];
  if (s.openConflicts > 0) parts.push(yt('sync.conflicts', { n: s.openConflicts }));
  if (s.openRejections > 0) parts.push(yt('sync.rejections', { n: s.openRejections }));
  return parts.join(' · ');
}

export function indicatorKind(i: IndicatorInput): IndicatorKind {
  const s = i.summary;
  if (i.needsReauth) return 'reauth';
  if (i.updateRequired) return 'update';
  // Known to be offline (an `offline` event, a failed request) beats a run still in progress:
  // that run cannot reach the server, and "sending" would claim it does.
  if (i.online === false) return 'offline';
  if (i.running) return 'syncing';
  const err = localFailure(i.engineError) ?? s?.lastSyncError;
  if (err && OFFLINE_CODES.has(err.code)) return 'offline';
  if (err) return err.code === 'unauthorized' || err.code === 'auth' ? 'reauth' : 'error';
  if (s && s.pending + s.unconfirmed + (s.photosWaiting ?? 0) > 0) return 'waiting';
  if (s && s.openConflicts + s.openRejections > 0) return 'attention';
  return 'ok';
}
