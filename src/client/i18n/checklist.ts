// Words of a checklist's progress ("4 erledigt · 1 entfällt · 1 offen"), the same on the visit
// page, the visit cards and in every report (which pass their own language).
import type { Lang } from '../../shared/domain/vocab';
import type { ChecklistProgress } from '../../shared/domain/checklist-progress';
import { defineTexts } from './define';

export const checklistTexts = defineTexts(
  'checklist',
  {
    done: '{n} erledigt',
    na: '{n, plural, one {# entfällt} other {# entfallen}}',
    open: '{n} offen',
    empty: 'keine Punkte',
    label: 'Checkliste: {progress}',
  },
  {
    done: '{n} done',
    na: '{n} not applicable',
    open: '{n} open',
    empty: 'no items',
    label: 'Checklist: {progress}',
  },
);

/** "4 erledigt · 1 entfällt · 1 offen"; parts that are zero are left out. */
export function checklistProgressText(p: ChecklistProgress, lang: Lang): string {
  const tr = checklistTexts.in(lang);
  const parts = (['done', 'na', 'open'] as const)
    .filter((k) => p[k] > 0)
    .map((k) => tr(k, { n: p[k] }));
  return parts.length ? parts.join(' · ') : tr('empty');
}
