// How a visit's checklist items stand under their template version: items without a section
// first, then each section of the version in its order (docs/architecture.md §Templates). The
// visit page and every report lay a checklist out with this one function.
import type { ChecklistTemplate } from './schemas';

type Section = ChecklistTemplate['sections'][number];
type Item = ChecklistTemplate['items'][number];

export type TemplatePart<T> = { section: Section | null; items: T[] };

/**
 * `items` (in the caller's order) split by the section their template item names. An item the
 * version does not list, or whose section it lacks, stands with the items without a section;
 * a version that is missing altogether gives one part without a section.
 */
export function templateParts<T extends { templateItemId: string }>(
  template: ChecklistTemplate | undefined,
  items: readonly T[],
): TemplatePart<T>[] {
  // One part per section (null first), filled in a single pass over the items.
  const parts = new Map<string | null, TemplatePart<T>>([[null, { section: null, items: [] }]]);
  for (const section of template?.sections ?? []) parts.set(section.id, { section, items: [] });
  const sectionOf = new Map(template?.items.map((i) => [i.id, i.sectionId]));
  for (const item of items) {
    const part = parts.get(sectionOf.get(item.templateItemId) ?? null) ?? parts.get(null)!;
    part.items.push(item);
  }
  return [...parts.values()].filter((p) => p.items.length > 0);
}

/** The template item `id` of a version, if the version lists it. */
export function templateItem(
  template: ChecklistTemplate | undefined,
  id: string,
): Item | undefined {
  return template?.items.find((i) => i.id === id);
}
