// Texts of the sync indicator, the visit badge and the sync page's own headings (the words of conflicts
// and refused changes are in conflicts.ts, loaded only where they are shown).
import { defineTexts } from '.';

const de = {
  'sync.waiting': '{n, plural, one {# Änderung wartet} other {# Änderungen warten}}',
  'sync.photosWaiting': '{n, plural, one {# Foto} other {# Fotos}} noch nicht hochgeladen',
  'sync.photoQuota':
    'Der Fotospeicher Ihres Kontos auf dem Server ist voll: {n, plural, one {# Foto kann} other {# Fotos können}} nicht hochgeladen werden. Sie bleiben auf diesem Gerät; bitte wenden Sie sich an die Koordination.',
  'sync.damaged':
    '{n, plural, one {# Datensatz ist beschädigt und wird} other {# Datensätze sind beschädigt und werden}} nicht angezeigt',
  'sync.oldest': 'älteste {age}',
  'sync.offline': 'Offline',
  'sync.error': 'Fehler: {msg}',
  'sync.httpStatus': 'Der Server hat mit Status {status} geantwortet',
  'sync.reauth': 'Anmeldung nötig',
  'sync.okAt': 'Synchronisiert um {time}',
  'sync.okOn': 'Synchronisiert am {date}',
  'sync.sending': 'Wird gesendet … ({n, plural, one {# Änderung} other {# Änderungen}})',
  'sync.checking': 'Wird abgeglichen …',
  'sync.offlineKept': 'Offline – Änderungen bleiben auf dem Gerät',
  'sync.conflicts': '{n, plural, one {# Konflikt} other {# Konflikte}}',
  'sync.rejections': '{n} abgelehnt',
  'sync.lastOk': 'Zuletzt synchronisiert: {when}',
  'sync.never': 'Noch nie synchronisiert',
  'sync.now': 'Jetzt synchronisieren',
  'sync.openPage': 'Konflikte und Ablehnungen',
  'sync.account': 'Konto',
  'sync.updateRequired': 'Bitte App aktualisieren',
  'sync.storageFull': 'Gerätespeicher voll – Synchronisierung angehalten',
  'sync.localError': 'Gerätespeicher nicht erreichbar – Synchronisierung angehalten',
  'sync.updateNeeded': 'Update nötig – diese App-Version kann nicht mehr synchronisieren',
  'sync.noticeRestored':
    'Der Server wurde zurückgesetzt; {n, plural, one {# Änderung dieses Geräts wurde} other {# Änderungen dieses Geräts wurden}} erneut gesendet.',
  'sync.noticeNewIdentity':
    'Dieses Gerät synchronisiert jetzt unter einer neuen Kennung (kopiertes oder zurückgesetztes Browserprofil); {n, plural, one {# Änderung wurde} other {# Änderungen wurden}} erneut gesendet.',
  'sync.noticeDismiss': 'Verstanden',
  'sync.updateCheck': 'Nach Update suchen',
  'sync.visitOk': 'Besuch synchronisiert',
  'sync.visitWaiting': '{n, plural, one {# wartet} other {# warten}} · {age}',
  'sync.page': 'Konflikte und Ablehnungen',
  'sync.noConflicts': 'Keine offenen Konflikte.',
  'sync.noRejections': 'Keine abgelehnten Änderungen.',
  'age.justNow': 'gerade eben',
  'age.min': '{n} Min.',
  'age.hour': '{n} Std.',
  'age.day': '{n} Tg.',
} as const;

const en: Record<keyof typeof de, string> = {
  'sync.waiting': '{n, plural, one {# change} other {# changes}} waiting',
  'sync.photosWaiting': '{n, plural, one {# photo} other {# photos}} not yet uploaded',
  'sync.photoQuota':
    "Your account's photo storage on the server is full: {n, plural, one {# photo} other {# photos}} cannot be uploaded. They stay on this device; please contact the coordination team.",
  'sync.damaged': '{n, plural, one {# record is} other {# records are}} damaged and not shown',
  'sync.oldest': 'oldest {age}',
  'sync.offline': 'Offline',
  'sync.error': 'Error: {msg}',
  'sync.httpStatus': 'The server answered with status {status}',
  'sync.reauth': 'Sign-in needed',
  'sync.okAt': 'Synced at {time}',
  'sync.okOn': 'Synced on {date}',
  'sync.sending': 'Sending … ({n, plural, one {# change} other {# changes}})',
  'sync.checking': 'Checking for changes …',
  'sync.offlineKept': 'Offline – changes stay on this device',
  'sync.conflicts': '{n, plural, one {# conflict} other {# conflicts}}',
  'sync.rejections': '{n} rejected',
  'sync.lastOk': 'Last synced: {when}',
  'sync.never': 'Never synced',
  'sync.now': 'Sync now',
  'sync.openPage': 'Conflicts and rejections',
  'sync.account': 'Account',
  'sync.updateRequired': 'Please update the app',
  'sync.storageFull': 'Device storage full – sync paused',
  'sync.localError': 'Device storage not available – sync paused',
  'sync.updateNeeded': 'Update needed – this app version can no longer sync',
  'sync.noticeRestored':
    'The server was reset; {n, plural, one {# change from this device was} other {# changes from this device were}} sent again.',
  'sync.noticeNewIdentity':
    'This device now syncs under a new identity (copied or restored browser profile); {n, plural, one {# change was} other {# changes were}} sent again.',
  'sync.noticeDismiss': 'Got it',
  'sync.updateCheck': 'Check for update',
  'sync.visitOk': 'Visit synced',
  'sync.visitWaiting': '{n} waiting · {age}',
  'sync.page': 'Conflicts and rejections',
  'sync.noConflicts': 'No open conflicts.',
  'sync.noRejections': 'No rejected changes.',
  'age.justNow': 'just now',
  'age.min': '{n} min',
  'age.hour': '{n} h',
  'age.day': '{n} d',
};

export const yt = defineTexts('sync', de, en);

/**
 * A failed sync in words. An HTTP error (code `http_NNN`, recorded on the outbox as
 * `http_NNN: <message>`) carries the server's own text: show only its status instead.
 */
export function syncErrorText(error: string): string {
  const http = /^http_(\d{3})\b/.exec(error);
  return http ? yt('sync.httpStatus', { status: http[1]! }) : error;
}

/** "3 Std." style age of an epoch-ms time. */
export function age(since: number, now = Date.now()): string {
  const min = Math.floor((now - since) / 60_000);
  if (min < 1) return yt('age.justNow');
  if (min < 60) return yt('age.min', { n: min });
  if (min < 48 * 60) return yt('age.hour', { n: Math.floor(min / 60) });
  return yt('age.day', { n: Math.floor(min / 1440) });
}
