// Which of the ten action fields already have an observation in a visit (pure).
import { FIELDS_BY_THEME } from '../../../shared/domain/action-fields';
import type { ActionFieldId, Observation } from '../../../shared/domain/schemas';

export type FieldCoverage = { fieldId: ActionFieldId; count: number };

/** One entry per action field, in the page's order (by theme); count 0 = not covered yet. */
export function coverage(observations: readonly Pick<Observation, 'fieldId'>[]): FieldCoverage[] {
  const counts = new Map<string, number>();
  for (const o of observations)
    if (o.fieldId) counts.set(o.fieldId, (counts.get(o.fieldId) ?? 0) + 1);
  return FIELDS_BY_THEME.map((f) => ({ fieldId: f.id, count: counts.get(f.id) ?? 0 }));
}

export function uncoveredFields(
  observations: readonly Pick<Observation, 'fieldId'>[],
): ActionFieldId[] {
  return coverage(observations)
    .filter((c) => c.count === 0)
    .map((c) => c.fieldId);
}
