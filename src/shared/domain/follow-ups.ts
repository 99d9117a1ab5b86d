// What the tracking of a follow-up means (docs/domain.md §Follow-up): open ones, overdue ones,
// and the day one closed, the same on every screen, report and count.
import type { FollowUp } from './schemas';

type Tracked = Pick<FollowUp, 'status' | 'dueDate'>;

/** Still to be done: Offen or In Arbeit. */
export const isOpenFollowUp = (f: Pick<FollowUp, 'status'>): boolean =>
  f.status === 'open' || f.status === 'in-progress';

/** Open and due before `today` (YYYY-MM-DD, the person's local day). */
export const isOverdue = (f: Tracked, today: string): boolean =>
  isOpenFollowUp(f) && f.dueDate !== null && f.dueDate < today;

/**
 * The patch that moves a follow-up to `status` on `today`: closing it (done, dropped) records the
 * day, opening it again clears it; a move between two closed states keeps the first day.
 */
export function followUpStatusPatch(
  from: Pick<FollowUp, 'status' | 'closedAt'>,
  status: FollowUp['status'],
  today: string,
): Pick<FollowUp, 'status' | 'closedAt'> {
  const closes = !isOpenFollowUp({ status });
  if (!closes) return { status, closedAt: null };
  return { status, closedAt: isOpenFollowUp(from) ? today : (from.closedAt ?? today) };
}
