// Words for the codes the API answers with (ApiError.error, plus the field it names): the
// server's own message is a developer detail and never shown. Loaded only by the screens
// that call the accounts API (sign-in, users), not by the first screen.
import type { ApiErrorCode } from '../../shared/protocol';
import { defineTexts } from '.';

const de = {
  'server.invalid': 'Der Server hat die Angaben als ungültig abgelehnt. Bitte prüfen Sie sie.',
  'server.siteRequired': 'Für das Quartiersmanagement bitte einen Standort wählen.',
  'server.nameInvalid':
    'Der Name ist ungültig: höchstens 200 Zeichen, ohne Tabulator, Zeilenumbruch oder andere Steuerzeichen.',
  'server.forbidden': 'Dafür fehlt Ihrer Rolle die Berechtigung.',
  'server.notFound': 'Den Eintrag gibt es auf dem Server nicht (mehr).',
  'server.emailTaken': 'Diese E-Mail-Adresse hat schon ein Konto.',
  'server.selfLockout': 'Das eigene Konto kann nicht gesperrt oder herabgestuft werden.',
  'server.invalidPeriod': 'Der Zeitraum endet vor seinem Beginn. Bitte die Daten prüfen.',
  'server.unknownSite':
    'Diesen Standort gibt es auf dem Server nicht (mehr). Bitte einen anderen Standort wählen.',
  'server.noOpenInvite':
    'Für dieses Konto ist keine Einladung offen: Sie wurde schon eingelöst oder durch eine neue ersetzt.',
  'server.inviteExpired': 'Die Einladung ist abgelaufen. Bitte eine neue Einladung ausstellen.',
  'server.inviteUnreadable':
    'Dieser Code kann nicht mehr angezeigt werden (er wurde vor einer Server-Umstellung ausgestellt). Er gilt weiter; um ihn zu sehen, bitte eine neue Einladung ausstellen.',
  'server.tooLarge': 'Die Anfrage ist zu groß für den Server.',
  'server.rateLimited': 'Zu viele Anfragen. Bitte einige Minuten warten.',
  'server.internal': 'Fehler auf dem Server. Bitte später erneut versuchen.',
  'server.unauthorized': 'Die Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.',
  'server.badCredentials': 'E-Mail oder Passwort ist falsch.',
  'server.badInvite': 'Der Einladungscode ist ungültig, abgelaufen oder schon benutzt.',
  'server.transfer': 'Die Übertragung wurde unterbrochen. Die App versucht es von selbst erneut.',
  'server.photoRefused': 'Der Server hat das Foto nicht angenommen (kein sauberes JPEG).',
  'server.photoQuota':
    'Der Speicherplatz Ihres Kontos für Fotos auf dem Server ist voll. Die Fotos bleiben auf diesem Gerät; bitte wenden Sie sich an die Koordination.',
  'server.upgrade': 'Diese App-Version ist zu alt für den Server. Bitte die App aktualisieren.',
  'server.other': 'Der Server hat die Anfrage abgelehnt (Code {code}).',
} as const;

const en: Record<keyof typeof de, string> = {
  'server.invalid': 'The server refused the data as invalid. Please check it.',
  'server.siteRequired': 'Please choose a site for neighbourhood management.',
  'server.nameInvalid':
    'The name is invalid: at most 200 characters, without tabs, line breaks or other control characters.',
  'server.forbidden': 'Your role is not allowed to do this.',
  'server.notFound': 'This record does not exist on the server (any more).',
  'server.emailTaken': 'This email address already has an account.',
  'server.selfLockout': 'Your own account cannot be disabled or demoted.',
  'server.invalidPeriod': 'The period ends before it starts. Please check the dates.',
  'server.unknownSite':
    'This site does not exist on the server (any more). Please choose another site.',
  'server.noOpenInvite':
    'No invite is open for this account: it was redeemed already or replaced by a new one.',
  'server.inviteExpired': 'The invite has expired. Please issue a new invite.',
  'server.inviteUnreadable':
    'This code can no longer be shown (it was issued before a server change). It still works; to see a code, please issue a new invite.',
  'server.tooLarge': 'The request is too large for the server.',
  'server.rateLimited': 'Too many requests. Please wait a few minutes.',
  'server.internal': 'Error on the server. Please try again later.',
  'server.unauthorized': 'Your sign-in has expired. Please sign in again.',
  'server.badCredentials': 'Wrong email or password.',
  'server.badInvite': 'The invite code is invalid, expired or already used.',
  'server.transfer': 'The transfer was interrupted. The app retries by itself.',
  'server.photoRefused': 'The server did not accept the photo (not a clean JPEG).',
  'server.photoQuota':
    "Your account's photo storage on the server is full. The photos stay on this device; please contact the coordination team.",
  'server.upgrade': 'This app version is too old for the server. Please update the app.',
  'server.other': 'The server refused the request (code {code}).',
};

export const svt = defineTexts('server', de, en);

type ServerKey = keyof typeof de;
/** Words for every code the server may send: a new code without words does not compile. */
const BY_CODE: Record<ApiErrorCode, ServerKey> = {
  invalid: 'server.invalid',
  invalid_json: 'server.invalid',
  unsupported_media_type: 'server.invalid',
  payload_too_large: 'server.tooLarge',
  http_error: 'server.invalid',
  not_found: 'server.notFound',
  internal: 'server.internal',
  rate_limited: 'server.rateLimited',
  unauthorized: 'server.unauthorized',
  forbidden: 'server.forbidden',
  invalid_credentials: 'server.badCredentials',
  invalid_invite: 'server.badInvite',
  email_taken: 'server.emailTaken',
  self_lockout: 'server.selfLockout',
  invalid_period: 'server.invalidPeriod',
  site_required: 'server.siteRequired',
  unknown_site: 'server.unknownSite',
  no_open_invite: 'server.noOpenInvite',
  invite_expired: 'server.inviteExpired',
  invite_unreadable: 'server.inviteUnreadable',
  gap: 'server.transfer',
  seq_reused: 'server.transfer',
  upgrade_required: 'server.upgrade',
  tus_version: 'server.transfer',
  too_large: 'server.tooLarge',
  expired: 'server.transfer',
  busy: 'server.transfer',
  offset_mismatch: 'server.transfer',
  hash_mismatch: 'server.transfer',
  not_jpeg: 'server.photoRefused',
  metadata_present: 'server.photoRefused',
  corrupt_jpeg: 'server.photoRefused',
  bad_dimensions: 'server.photoRefused',
  too_many_pixels: 'server.photoRefused',
  photo_quota_exceeded: 'server.photoQuota',
};

/** An error the API answered (ApiRequestError: `code` and `path` from its body) in the UI language. */
export function serverProblem(e: { code: string; path?: string | undefined }): string {
  if (e.code === 'invalid' && e.path === 'siteId') return svt('server.siteRequired');
  if (e.code === 'invalid' && e.path === 'name') return svt('server.nameInvalid');
  const key = (BY_CODE as Partial<Record<string, ServerKey>>)[e.code];
  return key ? svt(key) : svt('server.other', { code: e.code });
}
