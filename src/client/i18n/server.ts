// Words for the codes the API answers with (ApiError.error, plus the field it names): the
// server's own message is a developer detail and never shown. Loaded only by the screens
// that call the accounts API (sign-in, users), not by the first screen.
import { defineTexts } from '.';

const de = {
  'server.invalid': 'Der Server hat die Angaben als ungültig abgelehnt. Bitte prüfen Sie sie.',
  'server.siteRequired': 'Für das Quartiersmanagement bitte einen Standort wählen.',
  'server.forbidden': 'Dafür fehlt Ihrer Rolle die Berechtigung.',
  'server.notFound': 'Den Eintrag gibt es auf dem Server nicht (mehr).',
  'server.emailTaken': 'Diese E-Mail-Adresse hat schon ein Konto.',
  'server.selfLockout': 'Das eigene Konto kann nicht gesperrt oder herabgestuft werden.',
  'server.tooLarge': 'Die Anfrage ist zu groß für den Server.',
  'server.rateLimited': 'Zu viele Anfragen. Bitte einige Minuten warten.',
  'server.internal': 'Fehler auf dem Server. Bitte später erneut versuchen.',
  'server.other': 'Der Server hat die Anfrage abgelehnt (Code {code}).',
} as const;

const en: Record<keyof typeof de, string> = {
  'server.invalid': 'The server refused the data as invalid. Please check it.',
  'server.siteRequired': 'Please choose a site for neighbourhood management.',
  'server.forbidden': 'Your role is not allowed to do this.',
  'server.notFound': 'This record does not exist on the server (any more).',
  'server.emailTaken': 'This email address already has an account.',
  'server.selfLockout': 'Your own account cannot be disabled or demoted.',
  'server.tooLarge': 'The request is too large for the server.',
  'server.rateLimited': 'Too many requests. Please wait a few minutes.',
  'server.internal': 'Error on the server. Please try again later.',
  'server.other': 'The server refused the request (code {code}).',
};

export const svt = defineTexts('server', de, en);

type ServerKey = keyof typeof de;
const BY_CODE: Record<string, ServerKey> = {
  invalid: 'server.invalid',
  invalid_json: 'server.invalid',
  forbidden: 'server.forbidden',
  not_found: 'server.notFound',
  email_taken: 'server.emailTaken',
  self_lockout: 'server.selfLockout',
  payload_too_large: 'server.tooLarge',
  too_large: 'server.tooLarge',
  rate_limited: 'server.rateLimited',
  internal: 'server.internal',
};

/** An error the API answered (ApiRequestError: `code` and `path` from its body) in the UI language. */
export function serverProblem(e: { code: string; path?: string | undefined }): string {
  if (e.code === 'invalid' && e.path === 'siteId') return svt('server.siteRequired');
  const key = BY_CODE[e.code];
  return key ? svt(key) : svt('server.other', { code: e.code });
}
