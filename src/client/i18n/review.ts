// Words of the review loop (docs/architecture.md §Review): the state line of a visit, who reviewed
// it, the actions the policy offers and their confirmations, and why a visit is read-only. The
// reports use `reviewLine` in their own language.
import type { Lang } from '../../shared/domain/vocab';
import { defineTexts } from './define';
import { formatDateTime } from './format';

export const rt = defineTexts(
  'review',
  {
    state: 'Stand der Prüfung',
    approvedBy: 'Freigegeben von {name} am {when}',
    returnedBy: 'Zurückgegeben von {name} am {when}',
    'locked.submitted':
      'Eingereicht zur Prüfung: Der Besuch ist nur lesbar, bis die Koordination ihn freigibt oder zurückgibt.',
    'locked.submittedWithdraw':
      'Eingereicht zur Prüfung: Der Besuch ist nur lesbar. Solange er nicht geprüft ist, können Sie die Einreichung zurückziehen.',
    'locked.done': 'Abgeschlossen: Der Besuch ist nur lesbar.',
    'locked.approved':
      'Freigegeben: Der Besuch ist nur lesbar; ändern kann ihn nur die Koordination.',
    'locked.readOnly': 'Nur lesbar: Ihr Konto darf diesen Besuch nicht ändern.',
    'returned.hint':
      'Zurückgegeben: Bitte die Anmerkungen der Koordination beantworten oder umsetzen und den Besuch erneut einreichen.',
    'action.start': 'Besuch beginnen',
    'action.submit': 'Einreichen',
    'action.resubmit': 'Erneut einreichen',
    'action.withdraw': 'Einreichung zurückziehen',
    'action.continue': 'Weiter bearbeiten',
    'action.approve': 'Freigeben',
    'action.return': 'Zurückgeben',
    'action.reopen': 'Wieder öffnen',
    'action.toPlanned': 'Auf „Geplant“ setzen',
    'action.toSubmitted': 'Als eingereicht markieren',
    actions: 'Prüfung',
    'confirm.submit':
      'Besuch zur Prüfung einreichen? Danach ist er nur lesbar, bis die Koordination ihn freigibt oder zurückgibt.',
    'confirm.approve':
      'Besuch freigeben? Danach ist er für alle außer der Koordination nur lesbar.',
    'confirm.return':
      'Besuch zurückgeben? Schreiben Sie bitte vorher an den betroffenen Stellen einen Kommentar, damit die Besuchenden wissen, was zu tun ist.',
    'return.label': 'Was ist zu tun? (Kommentar zum Besuch)',
    'return.send': 'Kommentieren und zurückgeben',
  },
  {
    state: 'Review state',
    approvedBy: 'Approved by {name} on {when}',
    returnedBy: 'Returned by {name} on {when}',
    'locked.submitted':
      'Submitted for review: the visit is read-only until the coordination approves or returns it.',
    'locked.submittedWithdraw':
      'Submitted for review: the visit is read-only. As long as it is not reviewed you can withdraw the submission.',
    'locked.done': 'Done: the visit is read-only.',
    'locked.approved': 'Approved: the visit is read-only; only the coordination can change it.',
    'locked.readOnly': 'Read-only: your account may not change this visit.',
    'returned.hint':
      "Returned: please answer or act on the coordination's comments and submit the visit again.",
    'action.start': 'Start visit',
    'action.submit': 'Submit',
    'action.resubmit': 'Submit again',
    'action.withdraw': 'Withdraw submission',
    'action.continue': 'Continue editing',
    'action.approve': 'Approve',
    'action.return': 'Return',
    'action.reopen': 'Reopen',
    'action.toPlanned': 'Set to “Planned”',
    'action.toSubmitted': 'Mark as submitted',
    actions: 'Review',
    'confirm.submit':
      'Submit the visit for review? It is then read-only until the coordination approves or returns it.',
    'confirm.approve': 'Approve the visit? It is then read-only for everyone but the coordination.',
    'confirm.return':
      'Return the visit? Please first write a comment where something needs doing, so the visitors know what to do.',
    'return.label': 'What needs doing? (comment on the visit)',
    'return.send': 'Comment and return',
  },
);

/** "Freigegeben von K. Koordination am 02.12.2026, 10:14", or null when never reviewed or not now. */
export function reviewLine(
  v: { status: string; reviewedByName?: string | null; reviewedAt?: string | null },
  lang: Lang,
  timeZone?: string,
): string | null {
  if ((v.status !== 'approved' && v.status !== 'returned') || !v.reviewedAt) return null;
  const key = v.status === 'approved' ? 'approvedBy' : 'returnedBy';
  return rt.in(lang)(key, {
    name: v.reviewedByName || '?',
    when: formatDateTime(v.reviewedAt, lang, timeZone),
  });
}
