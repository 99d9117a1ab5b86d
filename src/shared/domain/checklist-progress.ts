// How far a checklist is: done, not applicable ("Entfällt") and open counted separately, so a
// skipped item is never reported as done (docs/domain.md §Checklist).
import type { ChecklistItem } from './schemas';

export type ChecklistProgress = { done: number; na: number; open: number; total: number };

export function checklistProgress(
  items: readonly Pick<ChecklistItem, 'state'>[],
): ChecklistProgress {
  const p = { done: 0, na: 0, open: 0, total: items.length };
  for (const i of items) p[i.state]++;
  return p;
}
