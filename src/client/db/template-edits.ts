// What one edit in the template editor does to a template version's content (title, sections,
// items), as a pure function. German texts are required, English may stay empty and then shows
// the German one (the shared schema says so). The mutators (template-mutators.ts) decide which
// version the edit lands on, validate and queue it.
import type { EntityOf } from '../../shared/domain/schemas';

export type TemplateVersion = EntityOf<'checklistTemplate'>;
export type TemplateContent = Pick<TemplateVersion, 'title' | 'sections' | 'items'>;
type Item = TemplateVersion['items'][number];
type Section = TemplateVersion['sections'][number];
type Text = { de: string; en: string };

export type TemplateEdit =
  | { kind: 'title'; title: Partial<Text> }
  | { kind: 'addItem'; id: string; label: Text; hint?: Text | null; sectionId?: string | null }
  | {
      kind: 'item';
      id: string;
      label?: Partial<Text>;
      hint?: Partial<Text> | null;
      sectionId?: string | null;
    }
  | { kind: 'removeItem'; id: string }
  | { kind: 'moveItem'; id: string; by: -1 | 1 }
  | { kind: 'addSection'; id: string; title: Text }
  | { kind: 'section'; id: string; title: Partial<Text> }
  | { kind: 'removeSection'; id: string }
  | { kind: 'moveSection'; id: string; by: -1 | 1 };

/** A template edit named an item or section the version does not have (removed elsewhere). */
export class TemplatePartMissingError extends Error {
  override name = 'TemplatePartMissingError';
  constructor(readonly part: 'item' | 'section') {
    super(`template ${part} not found`);
  }
}

function moved<T extends { id: string }>(list: readonly T[], id: string, by: -1 | 1): T[] {
  const i = list.findIndex((x) => x.id === id);
  const j = i + by;
  if (i < 0 || j < 0 || j >= list.length) return [...list];
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

function replaced<T extends { id: string }>(
  list: readonly T[],
  id: string,
  part: 'item' | 'section',
  change: (x: T) => T,
): T[] {
  if (!list.some((x) => x.id === id)) throw new TemplatePartMissingError(part);
  return list.map((x) => (x.id === id ? change(x) : x));
}

const trimmed = (t: Text): Text => ({ de: t.de.trim(), en: t.en.trim() });
/** An empty hint (both languages blank) is no hint. */
const hintOf = (h: Text | null | undefined): Text | null =>
  h && (h.de.trim() !== '' || h.en.trim() !== '') ? trimmed(h) : null;

/** The fields of the content that `edit` changes, with their new values. */
export function applyTemplateEdit(
  c: TemplateContent,
  edit: TemplateEdit,
): Partial<TemplateContent> {
  switch (edit.kind) {
    case 'title':
      return { title: trimmed({ ...c.title, ...edit.title }) };
    case 'addItem': {
      const item: Item = {
        id: edit.id,
        label: trimmed(edit.label),
        hint: hintOf(edit.hint),
        sectionId: edit.sectionId ?? null,
      };
      return { items: [...c.items, item] };
    }
    case 'item':
      return {
        items: replaced(c.items, edit.id, 'item', (x) => ({
          ...x,
          ...(edit.label ? { label: trimmed({ ...x.label, ...edit.label }) } : {}),
          ...(edit.hint !== undefined
            ? {
                hint:
                  edit.hint === null ? null : hintOf({ de: '', en: '', ...x.hint, ...edit.hint }),
              }
            : {}),
          ...(edit.sectionId !== undefined ? { sectionId: edit.sectionId } : {}),
        })),
      };
    case 'removeItem':
      replaced(c.items, edit.id, 'item', (x) => x);
      return { items: c.items.filter((x) => x.id !== edit.id) };
    case 'moveItem':
      return { items: moved(c.items, edit.id, edit.by) };
    case 'addSection': {
      const section: Section = { id: edit.id, title: trimmed(edit.title) };
      return { sections: [...c.sections, section] };
    }
    case 'section':
      return {
        sections: replaced(c.sections, edit.id, 'section', (x) => ({
          ...x,
          title: trimmed({ ...x.title, ...edit.title }),
        })),
      };
    case 'removeSection':
      // Its items stay, outside any section.
      replaced(c.sections, edit.id, 'section', (x) => x);
      return {
        sections: c.sections.filter((x) => x.id !== edit.id),
        items: c.items.map((x) => (x.sectionId === edit.id ? { ...x, sectionId: null } : x)),
      };
    case 'moveSection':
      return { sections: moved(c.sections, edit.id, edit.by) };
  }
}
