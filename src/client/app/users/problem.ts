// An error of the accounts API in the UI language: offline, not allowed, or the server's code
// in words (i18n/server.ts); the server's own message is never shown.
import { at } from '../../i18n/accounts';
import { serverProblem } from '../../i18n/server';
import { ApiRequestError, NetworkError } from '../../session/api';

export function problem(e: unknown): string {
  if (e instanceof NetworkError) return at('users.offline');
  if (e instanceof ApiRequestError)
    return e.status === 403 ? at('users.forbidden') : serverProblem(e);
  return e instanceof Error ? e.message : String(e);
}
