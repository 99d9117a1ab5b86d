// Texts of the sync indicator, the visit badge and the conflicts/rejections page.
import { defineTexts } from '.';

const de = {
  'sync.waiting': '{n, plural, one {# Änderung wartet} other {# Änderungen warten}}',
  'sync.photosWaiting': '{n, plural, one {# Foto} other {# Fotos}} noch nicht hochgeladen',
  'sync.photoQuota':
    'Der Fotospeicher Ihres Kontos auf dem Server ist voll: {n, plural, one {# Foto kann} other {# Fotos können}} nicht hochgeladen werden. Sie bleiben auf diesem Gerät; bitte wenden Sie sich an die Koordination.',
  'sync.damaged':
    '{n, plural, one {# Datensatz ist beschädigt und wird} other {# Datensätze sind beschädigt und werden}} nicht angezeigt',
  'rejection.discardOne':
    'Diese Änderung verwerfen? Das Gerät zeigt dann wieder den Stand des Servers.',
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
  'sync.details': 'Synchronisierung: {state}',
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
  'conflict.title': 'Konflikte',
  'conflict.intro':
    'Zwei Personen haben dasselbe Feld geändert. Der zuerst gesendete Wert gilt, bis Sie entscheiden.',
  'conflict.edit': 'Bearbeiten',
  'conflict.editValue': 'Neuer Wert',
  'conflict.save': 'Diesen Wert übernehmen',
  'conflict.deleted': 'Der Eintrag wurde gelöscht, während er geändert wurde.',
  'conflict.deletedWithEdits': 'Der Eintrag wurde gelöscht, obwohl er inzwischen geändert wurde.',
  'rejection.title': 'Abgelehnte Änderungen',
  'rejection.reason': 'Grund: {msg}',
  'rejection.invalidJson': 'Bitte gültige Angaben (JSON) eingeben.',
  'rejection.field': 'Betroffenes Feld: „{field}“.',
  'rejection.code.invalid': 'Die gesendeten Angaben sind ungültig ({entity}).',
  'rejection.code.forbidden':
    'Keine Berechtigung: Ihre Rolle darf diesen Eintrag ({entity}) nicht {op}.',
  'rejection.code.not_found':
    'Der Eintrag ({entity}) existiert auf dem Server nicht oder ist für Sie nicht sichtbar.',
  'rejection.code.purged':
    'Der Eintrag ({entity}) wurde gelöscht und nach Ablauf der Aufbewahrungsfrist endgültig entfernt.',
  'rejection.code.parent_missing':
    'Der Standort oder Besuch, zu dem dieser Eintrag ({entity}) gehört, existiert auf dem Server nicht.',
  'rejection.code.immutable_field':
    'Dieses Feld kann nach dem Anlegen nicht mehr geändert werden ({entity}).',
  'rejection.code.id_conflict': 'Ein anderer Eintrag ({entity}) hat bereits diese Kennung.',
  'rejection.code.duplicate_mutation_id':
    'Diese Änderung ({entity}) wurde bereits unter einer anderen Nummer gesendet.',
  'rejection.code.schema_too_new':
    'Diese App-Version ist neuer als der Server; die Änderung ({entity}) wird erst nach einem Server-Update angenommen.',
  'rejection.code.too_deep':
    'Die gesendeten Angaben ({entity}) sind zu tief verschachtelt; der Server liest sie nicht.',
  'rejection.code.too_large':
    'Der Eintrag ({entity}) ist zu groß für den Server. Bitte Text kürzen und erneut senden.',
  'rejection.code.quota_exceeded':
    'Ihr Speicherplatz auf dem Server ist voll; die Änderung ({entity}) wurde nicht übernommen. Bitte Texte kürzen oder die Koordination fragen. Die Daten bleiben auf diesem Gerät.',
  'rejection.code.unknown': 'Der Server hat die Änderung ({entity}) abgelehnt.',
  'op.create': 'anlegen',
  'op.patch': 'ändern',
  'op.delete': 'löschen',
  'op.restore': 'wiederherstellen',
  'op.unknown': 'ändern',
  'common.cancel': 'Abbrechen',
  'common.empty': '(leer)',
  'entity.site': 'Standort',
  'entity.visit': 'Besuch',
  'entity.checklistItem': 'Checklistenpunkt',
  'entity.observation': 'Beobachtung',
  'entity.followUp': 'Vereinbarung',
  'entity.photo': 'Foto',
  'entity.participant': 'Teilnehmende Person',
  'entity.conflictResolution': 'Konfliktentscheidung',
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
  'rejection.discardOne': "Discard this change? The device then shows the server's state again.",
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
  'sync.details': 'Sync: {state}',
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
  'conflict.title': 'Conflicts',
  'conflict.intro':
    'Two people changed the same field. The value sent first applies until you decide.',
  'conflict.edit': 'Edit',
  'conflict.editValue': 'New value',
  'conflict.save': 'Use this value',
  'conflict.deleted': 'The record was deleted while it was being changed.',
  'conflict.deletedWithEdits': 'The record was deleted although it had been changed meanwhile.',
  'rejection.title': 'Rejected changes',
  'rejection.reason': 'Reason: {msg}',
  'rejection.invalidJson': 'Please enter valid data (JSON).',
  'rejection.field': 'Field concerned: “{field}”.',
  'rejection.code.invalid': 'The data sent is invalid ({entity}).',
  'rejection.code.forbidden': 'Not allowed: your role may not {op} this record ({entity}).',
  'rejection.code.not_found':
    'The record ({entity}) does not exist on the server or is not visible to you.',
  'rejection.code.purged':
    'The record ({entity}) was deleted and removed for good after the retention period.',
  'rejection.code.parent_missing':
    'The site or visit this record ({entity}) belongs to does not exist on the server.',
  'rejection.code.immutable_field':
    'This field cannot be changed after the record was created ({entity}).',
  'rejection.code.id_conflict': 'Another record ({entity}) already has this id.',
  'rejection.code.duplicate_mutation_id':
    'This change ({entity}) was already sent under another number.',
  'rejection.code.schema_too_new':
    'This app version is newer than the server; the change ({entity}) is accepted only after a server update.',
  'rejection.code.too_deep':
    'The data sent ({entity}) is nested too deeply; the server does not read it.',
  'rejection.code.too_large':
    'The record ({entity}) is too large for the server. Please shorten the text and send again.',
  'rejection.code.quota_exceeded':
    'Your storage on the server is full; the change ({entity}) was not taken. Please shorten texts or ask the coordination. The data stays on this device.',
  'rejection.code.unknown': 'The server refused the change ({entity}).',
  'op.create': 'create',
  'op.patch': 'change',
  'op.delete': 'delete',
  'op.restore': 'restore',
  'op.unknown': 'change',
  'common.cancel': 'Cancel',
  'common.empty': '(empty)',
  'entity.site': 'Site',
  'entity.visit': 'Visit',
  'entity.checklistItem': 'Checklist item',
  'entity.observation': 'Observation',
  'entity.followUp': 'Follow-up',
  'entity.photo': 'Photo',
  'entity.participant': 'Participant',
  'entity.conflictResolution': 'Conflict decision',
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
