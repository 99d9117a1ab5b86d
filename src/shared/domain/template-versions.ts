// Checklist template versions (docs/architecture.md §Templates): which version a new visit gets,
// the rules a version's content must keep, and how a visit's items are made from versions.
// Pure: the device (visit creation, rendering, the editor) and the server ask the same functions.
import { CHECKLIST_TEMPLATES, checklistItemId } from './checklist-templates';
import type { ChecklistItem, ChecklistTemplate } from './schemas';
import type { Lang, LabelText } from './vocab';

/** The record id of a template version: the key itself for version 1 (the shipped ids). */
export function templateVersionId(key: string, version: number): string {
  return version === 1 ? key : `${key}~v${version}`;
}

/**
 * Whether a version's title, sections and items are fixed: once it left draft (published, or
 * retired after that), a device that was offline may have made a visit with it that no one else
 * knows of yet, so a change of its content makes the next version instead.
 */
export const isFrozenVersion = (t: Pick<ChecklistTemplate, 'status'>): boolean =>
  t.status !== 'draft';

/**
 * The template a person can choose now, per key: the newest version that is not a draft, if it
 * is published (so retiring the newest version retires the template, and a draft never counts),
 * ordered by `order`, then key. Rows of deleted records must be filtered out by the caller.
 */
export function currentTemplates(rows: readonly ChecklistTemplate[]): ChecklistTemplate[] {
  const newest = new Map<string, ChecklistTemplate>();
  for (const t of rows) {
    if (t.status === 'draft') continue;
    const seen = newest.get(t.key);
    if (!seen || t.version > seen.version) newest.set(t.key, t);
  }
  return [...newest.values()]
    .filter((t) => t.status === 'published')
    .sort((a, b) => a.order - b.order || a.key.localeCompare(b.key));
}

/** What a new visit gets unless the person chooses otherwise: the current default templates. */
export function defaultTemplates(rows: readonly ChecklistTemplate[]): ChecklistTemplate[] {
  return currentTemplates(rows).filter((t) => t.isDefault);
}

/**
 * The versions a device offers: its synced rows, or the shipped version-1 rows while it has
 * none yet (a fresh device before its first pull; they are the same rows the server seeds).
 */
export function availableTemplates(
  rows: readonly ChecklistTemplate[],
): readonly ChecklistTemplate[] {
  return rows.length > 0 ? rows : CHECKLIST_TEMPLATES;
}

/** A version by record id: a synced row, else the shipped version 1 of that id, else undefined. */
export function templateVersion(
  rows: ReadonlyMap<string, ChecklistTemplate>,
  id: string,
): ChecklistTemplate | undefined {
  return rows.get(id) ?? CHECKLIST_TEMPLATES.find((t) => t.id === id);
}

/** A template text in `lang`; an empty English text shows the German one. */
export function templateText(text: LabelText, lang: Lang): string {
  return text[lang] || text.de;
}

export type TemplateProblem = { code: 'invalid'; message: string; path: string };

/**
 * Rules the schema alone cannot say: the id names key and version, and an item's section exists.
 * (Sizes, counts and unique ids are in the schema.)
 */
export function templateProblem(t: ChecklistTemplate): TemplateProblem | null {
  if (t.id !== templateVersionId(t.key, t.version))
    return {
      code: 'invalid',
      message: `the id of version ${t.version} of ${t.key} must be ${templateVersionId(t.key, t.version)}`,
      path: 'id',
    };
  const sections = new Set(t.sections.map((s) => s.id));
  const index = t.items.findIndex((i) => i.sectionId !== null && !sections.has(i.sectionId));
  if (index >= 0)
    return {
      code: 'invalid',
      message: `item ${t.items[index]!.id} names a section the template does not have`,
      path: `items.${index}.sectionId`,
    };
  return null;
}

/**
 * The checklist items of a new visit: one per item of each chosen version, in the versions'
 * order. Ids are checklistItemId(visitId, item id), so the same visit built twice gives the same
 * rows (docs/adr/0005); an item id a second chosen template repeats is made once.
 */
export function checklistItemsFor(
  visitId: string,
  templates: readonly ChecklistTemplate[],
): ChecklistItem[] {
  const rows: ChecklistItem[] = [];
  const made = new Set<string>();
  for (const t of templates)
    for (const item of t.items) {
      if (made.has(item.id)) continue;
      made.add(item.id);
      rows.push({
        id: checklistItemId(visitId, item.id),
        visitId,
        templateId: t.id,
        templateItemId: item.id,
        order: rows.length,
        state: 'open',
        note: '',
      });
    }
  return rows;
}
