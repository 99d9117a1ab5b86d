// Turns the store's named errors into one clear sentence in the UI language.
import type { MessageKey } from '../i18n';
import { t } from '../i18n';

type Issue = { path: string; code: string; message: string };
type Named = { name?: string; issues?: Issue[]; message?: string };

/** Label key for a validation path (first segment), if the UI has one. */
const FIELD_LABELS: Record<string, MessageKey> = {
  municipality: 'site.municipality',
  quarter: 'site.quarter',
  yearAdmitted: 'site.yearAdmitted',
  phase: 'site.phase',
  contact: 'site.contact',
  date: 'visit.date',
  goals: 'visit.goals',
  route: 'visit.route',
  participants: 'visit.participants',
  name: 'visit.participantName',
  organisation: 'visit.participantOrg',
  role: 'visit.participantRole',
  status: 'visit.status',
  text: 'obs.text',
  place: 'obs.place',
  rating: 'obs.rating',
  description: 'fu.description',
  owner: 'fu.owner',
  dueDate: 'fu.dueDate',
  note: 'check.note',
};

export function errorMessage(e: unknown): string {
  const err = (e ?? {}) as Named;
  if (err.name === 'ValidationError' && err.issues?.length) {
    const issue = err.issues[0]!;
    const head = issue.path.split('.')[0] ?? '';
    const key = FIELD_LABELS[head];
    const msg =
      issue.message === 'required' || issue.code === 'too_small'
        ? t('error.required')
        : t('error.invalid');
    return t('error.validation', { field: key ? t(key) : issue.path || '?', msg });
  }
  if (err.name === 'StorageFullError' || err.name === 'QuotaExceededError')
    return t('error.storageFull');
  if (err.name === 'RecordNotFoundError') return t('error.notFound');
  return t('error.unknown', { msg: err.message ?? String(e) });
}

/** The validation issue paths of an error (for aria-invalid on the right inputs). */
export function issuePaths(e: unknown): string[] {
  const err = (e ?? {}) as Named;
  return err.name === 'ValidationError' ? (err.issues ?? []).map((i) => i.path) : [];
}
