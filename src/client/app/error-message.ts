// Turns the store's named errors into one clear sentence in the UI language.
import type { MessageKey } from '../i18n';
import { t } from '../i18n';

type Issue = { path: string; code: string; message: string };
type Named = { name?: string; issues?: Issue[]; message?: string; code?: string; path?: string };

/** Label key for a validation path (first segment), if the UI has one. */
const FIELD_LABELS: Record<string, MessageKey> = {
  municipality: 'site.municipality', quarter: 'site.quarter', yearAdmitted: 'site.yearAdmitted',
  phase: 'site.phase', contact: 'site.contact', date: 'visit.date', goals: 'visit.goals', route: 'visit.route',
  participants: 'visit.participants', status: 'visit.status', text: 'obs.text', place: 'obs.place',
  rating: 'obs.rating', description: 'fu.description', owner: 'fu.owner', dueDate: 'fu.dueDate', note: 'check.note',
};

/** Words for each code the API answers with (ApiError.error); the server's message is never shown. */
const SERVER_CODES: Record<string, MessageKey> = {
  invalid: 'server.invalid', invalid_json: 'server.invalid', forbidden: 'server.forbidden', not_found: 'server.notFound',
  email_taken: 'server.emailTaken', self_lockout: 'server.selfLockout', payload_too_large: 'server.tooLarge',
  too_large: 'server.tooLarge', rate_limited: 'server.rateLimited', internal: 'server.internal',
};

/** An error the server answered (ApiRequestError: `code` and `path` from its body) in the UI language. */
export function serverProblem(e: { code?: string; path?: string }): string {
  if (e.code === 'invalid' && e.path === 'siteId') return t('server.siteRequired');
  const key = e.code ? SERVER_CODES[e.code] : undefined;
  return key ? t(key) : t('server.other', { code: e.code ?? '?' });
}

export function errorMessage(e: unknown): string {
  const err = (e ?? {}) as Named;
  if (err.name === 'ValidationError' && err.issues?.length) {
    const issue = err.issues[0]!;
    const head = issue.path.split('.')[0] ?? '';
    const key = FIELD_LABELS[head];
    const msg = issue.message === 'required' || issue.code === 'too_small' ? t('error.required') : t('error.invalid');
    return t('error.validation', { field: key ? t(key) : issue.path || '?', msg });
  }
  if (err.name === 'StorageFullError' || err.name === 'QuotaExceededError') return t('error.storageFull');
  if (err.name === 'RecordNotFoundError') return t('error.notFound');
  if (err.name === 'ApiRequestError') return serverProblem(err);
  return t('error.unknown', { msg: err.message ?? String(e) });
}

/** The validation issue paths of an error (for aria-invalid on the right inputs). */
export function issuePaths(e: unknown): string[] {
  const err = (e ?? {}) as Named;
  return err.name === 'ValidationError' ? (err.issues ?? []).map((i) => i.path) : [];
}
