import { describe, expect, it } from 'vitest';
import type { SyncSummary } from '../../../src/client/db/sync-queries';
import { setLang } from '../../../src/client/i18n';
import {
  INDICATOR_SYMBOL,
  type IndicatorInput,
  attentionText,
  indicatorKind,
  indicatorText,
  noticeText,
  syncedText,
} from '../../../src/client/sync/indicator-state';

const NOW = Date.parse('2026-05-04T12:00:00Z');
const empty: SyncSummary = {
  pending: 0,
  unconfirmed: 0,
  oldestWaitingAt: null,
  openConflicts: 0,
  openRejections: 0,
  lastSyncOkAt: '2026-05-04T11:00:00Z',
  lastSyncError: null,
};
const input = (
  summary: Partial<SyncSummary>,
  rest: Partial<IndicatorInput> = {},
): IndicatorInput => ({
  summary: { ...empty, ...summary },
  needsReauth: false,
  updateRequired: false,
  running: false,
  online: true,
  ...rest,
});
/** The local clock time of an ISO instant as the indicator writes it. */
const hhmm = (iso: string, l = 'de') =>
  new Date(iso).toLocaleTimeString(l, { hour: '2-digit', minute: '2-digit' });
const say = (i: IndicatorInput) => indicatorText(i.summary!, indicatorKind(i), NOW);

describe('header sync indicator (invariant 8)', () => {
  it('"Synchronisiert um …" only when nothing waits, neither pending nor unconfirmed', () => {
    expect(say(input({}))).toBe(`Synchronisiert um ${hhmm('2026-05-04T11:00:00Z')}`);
    expect(say(input({ unconfirmed: 1, oldestWaitingAt: NOW - 60_000 }))).toBe(
      '1 Änderung wartet · älteste 1 Min.',
    );
    expect(indicatorKind(input({ unconfirmed: 1 }))).toBe('waiting');
  });

  it('says how many changes wait and how old the oldest is', () => {
    expect(say(input({ pending: 3, oldestWaitingAt: NOW - 2 * 3600_000 }))).toBe(
      '3 Änderungen warten · älteste 2 Std.',
    );
    expect(say(input({ pending: 5, oldestWaitingAt: NOW - 3 * 86_400_000 }))).toBe(
      '5 Änderungen warten · älteste 3 Tg.',
    );
  });

  it('offline, errors and a needed sign-in come first, and still show what waits', () => {
    const waiting = { pending: 2, oldestWaitingAt: NOW - 5 * 60_000 };
    expect(say(input(waiting, { online: false }))).toBe(
      'Offline – Änderungen bleiben auf dem Gerät · 2 Änderungen warten · älteste 5 Min.',
    );
    expect(
      say(
        input({
          ...waiting,
          lastSyncError: { code: 'network', message: 'Failed to fetch', at: 1 },
        }),
      ),
    ).toMatch(/^Offline – Änderungen bleiben auf dem Gerät · 2 Änderungen warten/);
    expect(
      say(input({ lastSyncError: { code: 'server_error', message: 'HTTP 500', at: 1 } })),
    ).toBe('Fehler: HTTP 500');
    expect(say(input(waiting, { needsReauth: true, online: false }))).toMatch(
      /^Anmeldung nötig · 2 Änderungen warten/,
    );
    expect(indicatorKind(input({}, { updateRequired: true }))).toBe('update');
    expect(indicatorKind(input({}, { running: true }))).toBe('syncing');
  });

  it('offline, sending and synced differ in their first word and in their symbol', () => {
    const waiting = { pending: 3, oldestWaitingAt: NOW - 60_000 };
    for (const l of ['de', 'en'] as const) {
      setLang(l);
      try {
        const offline = say(input(waiting, { online: false }));
        const sending = say(input(waiting, { running: true }));
        const synced = say(input({}));
        const first = (s: string) => s.split(/[\s–]/)[0];
        expect(new Set([offline, sending, synced].map(first)).size).toBe(3);
        expect(sending).toMatch(l === 'de' ? /^Wird gesendet … \(3 Änderungen\)$/ : /^Sending/);
        expect(offline).toMatch(
          l === 'de' ? /^Offline – Änderungen bleiben/ : /^Offline – changes/,
        );
        expect(synced).toContain(hhmm('2026-05-04T11:00:00Z', l));
      } finally {
        setLang('de');
      }
    }
    const symbols = (['offline', 'syncing', 'ok'] as const).map((k) => INDICATOR_SYMBOL[k]);
    expect(new Set(symbols).size).toBe(3);
    // Nothing to send: the run only checks for changes.
    expect(say(input({}, { running: true }))).toBe('Wird abgeglichen …');
    expect(say(input({ pending: 1 }, { running: true }))).toBe('Wird gesendet … (1 Änderung)');
  });

  it('known offline wins over a run in progress; a stored network failure reads offline too', () => {
    expect(indicatorKind(input({ pending: 1 }, { running: true, online: false }))).toBe('offline');
    const stored = { lastSyncError: { code: 'network', message: 'Failed to fetch', at: 1 } };
    expect(indicatorKind(input(stored))).toBe('offline');
    expect(indicatorKind(input(stored, { running: true }))).toBe('syncing');
  });

  it('a sync on another day names the day; never synced says so', () => {
    expect(syncedText('2026-05-01T09:05:00Z', NOW)).toMatch(/^Synchronisiert am 1\. Mai/);
    expect(syncedText(null, NOW)).toBe('Noch nie synchronisiert');
  });

  it('open conflicts and rejections are counted apart and need attention', () => {
    expect(indicatorKind(input({ openConflicts: 1 }))).toBe('attention');
    expect(attentionText({ openConflicts: 1, openRejections: 0 })).toBe('1 Konflikt');
    expect(attentionText({ openConflicts: 2, openRejections: 3 })).toBe(
      '2 Konflikte · 3 abgelehnt',
    );
    expect(attentionText({ openConflicts: 0, openRejections: 0 })).toBe('');
  });

  it('a failure of device storage the engine could not write down still shows (storage full)', () => {
    const storageFull = { code: 'storage_full', message: 'QuotaExceededError' };
    const i = input({ pending: 1, oldestWaitingAt: NOW }, { engineError: storageFull });
    expect(indicatorKind(i)).toBe('error');
    expect(indicatorText(i.summary!, indicatorKind(i), NOW, storageFull)).toMatch(
      /^Gerätespeicher voll – Synchronisierung angehalten · 1 Änderung wartet/,
    );
    // The same failure in the stored status (no engine error at hand) reads the same.
    expect(say(input({ lastSyncError: { ...storageFull, at: NOW } }))).toMatch(
      /^Gerätespeicher voll – Synchronisierung angehalten/,
    );
    // An ordinary error of another tab's engine state does not override the stored status.
    const stale = { code: 'network', message: 'fetch failed' };
    expect(indicatorKind(input({}, { engineError: stale }))).toBe('ok');
  });

  it('says what the engine recovered by itself', () => {
    expect(noticeText({ kind: 'server_restored', resent: 3 })).toBe(
      'Der Server wurde zurückgesetzt; 3 Änderungen dieses Geräts wurden erneut gesendet.',
    );
    expect(noticeText({ kind: 'new_identity', resent: 2 })).toMatch(/neuen Kennung.*2 Änderungen/);
  });

  it('speaks English when the UI language is English', () => {
    setLang('en');
    try {
      expect(
        say(input({ pending: 3, oldestWaitingAt: NOW - 2 * 3600_000 }, { online: false })),
      ).toBe('Offline – changes stay on this device · 3 changes waiting · oldest 2 h');
      expect(say(input({}))).toBe(`Synced at ${hhmm('2026-05-04T11:00:00Z', 'en')}`);
    } finally {
      setLang('de');
    }
  });
});
