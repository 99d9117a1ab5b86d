// An offer's or a sponsorship's failed save in the UI's words: the missing title, sponsor or
// start date named, anything else as the app says it elsewhere.
import { errorMessage, issuePaths } from '../error-message';
import { ot } from '../../i18n/offers';

export function offerError(e: unknown): string {
  const paths = issuePaths(e);
  if (paths.includes('title')) return ot('form.titleRequired');
  if (paths.some((p) => p.startsWith('sponsors'))) return ot('sp.sponsorRequired');
  if (paths.includes('from')) return ot('sp.fromRequired');
  if (paths.includes('to')) return ot('sp.toBeforeFrom');
  return errorMessage(e);
}
