// An offer's failed save in the UI's words: the missing title named, anything else as the app
// says it elsewhere.
import { errorMessage, issuePaths } from '../error-message';
import { ot } from '../../i18n/offers';

export function offerError(e: unknown): string {
  return issuePaths(e).includes('title') ? ot('form.titleRequired') : errorMessage(e);
}
