// Checklist template versions (docs/architecture.md §Templates): the synced schema, which
// version a new visit gets, the rules beyond the schema, a visit's item ids and the layout.
import { describe, expect, it } from 'vitest';
import { CHECKLIST_TEMPLATES, checklistItemId } from '../../src/shared/domain/checklist-templates';
import { ChecklistTemplate } from '../../src/shared/domain/schemas';
import { templateParts } from '../../src/shared/domain/template-layout';
import {
  availableTemplates,
  checklistItemsFor,
  currentTemplates,
  defaultTemplates,
  templateProblem,
  templateText,
  templateVersionId,
} from '../../src/shared/domain/template-versions';

const prep = CHECKLIST_TEMPLATES[0]!;
const version = (
  base: ChecklistTemplate,
  n: number,
  more: Partial<ChecklistTemplate> = {},
): ChecklistTemplate => ({ ...base, id: templateVersionId(base.key, n), version: n, ...more });

describe('the shipped templates', () => {
  it('are version 1 of four published default templates with today\u2019s ids, and satisfy the schema', () => {
    expect(CHECKLIST_TEMPLATES.map((t) => [t.id, t.key, t.version, t.order])).toEqual([
      ['prep', 'prep', 1, 0],
      ['onsite', 'onsite', 1, 1],
      ['cooperation', 'cooperation', 1, 2],
      ['followup', 'followup', 1, 3],
    ]);
    for (const t of CHECKLIST_TEMPLATES) {
      expect(ChecklistTemplate.strict().parse(t)).toEqual(t);
      expect(t).toMatchObject({ status: 'published', isDefault: true, sections: [] });
      expect(templateProblem(t)).toBeNull();
    }
  });
});

describe('the schema', () => {
  it('refuses more than 300 items, more than 50 sections, long texts, a missing German text and duplicate ids', () => {
    const item = (i: number) => ({
      id: `i${i}`,
      label: { de: `Punkt ${i}`, en: '' },
      hint: null,
      sectionId: null,
    });
    const bad: Partial<ChecklistTemplate>[] = [
      { items: Array.from({ length: 301 }, (_, i) => item(i)) },
      {
        sections: Array.from({ length: 51 }, (_, i) => ({
          id: `s${i}`,
          title: { de: 'A', en: '' },
        })),
      },
      { title: { de: 'x'.repeat(201), en: '' } },
      { items: [{ ...item(1), label: { de: 'x'.repeat(501), en: '' } }] },
      { items: [{ ...item(1), hint: { de: 'x'.repeat(1001), en: '' } }] },
      { items: [{ ...item(1), label: { de: '  ', en: 'only English' } }] },
      { items: [item(1), item(1)] },
      { version: 0 },
      { status: 'archived' as never },
    ];
    for (const change of bad)
      expect(
        ChecklistTemplate.safeParse({ ...prep, ...change }).success,
        JSON.stringify(change).slice(0, 60),
      ).toBe(false);
    expect(
      ChecklistTemplate.safeParse({
        ...prep,
        items: Array.from({ length: 300 }, (_, i) => item(i)),
      }).success,
    ).toBe(true);
  });

  it('templateProblem: the id names key and version; an item names a section of its version', () => {
    expect(templateProblem(version(prep, 2))).toBeNull();
    expect(templateProblem({ ...prep, id: 'prep~v2' })).toMatchObject({
      code: 'invalid',
      path: 'id',
    });
    const withSection = version(prep, 2, {
      sections: [{ id: 'a', title: { de: 'Vorher', en: 'Before' } }],
      items: prep.items.map((i, n) => ({ ...i, sectionId: n === 0 ? 'a' : null })),
    });
    expect(templateProblem(withSection)).toBeNull();
    expect(templateProblem({ ...withSection, sections: [] })).toMatchObject({
      path: 'items.0.sectionId',
    });
  });
});

describe('which version a new visit gets', () => {
  it('per key the newest version that is not a draft, if published; defaults only; by order', () => {
    const [p1, o1, c1, f1] = CHECKLIST_TEMPLATES as [
      ChecklistTemplate,
      ChecklistTemplate,
      ChecklistTemplate,
      ChecklistTemplate,
    ];
    const p2 = version(p1, 2);
    const p3draft = version(p1, 3, { status: 'draft' });
    const o2retired = version(o1, 2, { status: 'retired' });
    const cNotDefault = { ...c1, isDefault: false };
    const fFirst = { ...f1, order: 0 };
    const rows = [p1, p2, p3draft, o1, o2retired, cNotDefault, fFirst];
    expect(currentTemplates(rows).map((t) => t.id)).toEqual(['followup', 'prep~v2', 'cooperation']);
    expect(defaultTemplates(rows).map((t) => t.id)).toEqual(['followup', 'prep~v2']);
    // A device without any template row yet offers the shipped version 1.
    expect(defaultTemplates(availableTemplates([])).map((t) => t.id)).toEqual([
      'prep',
      'onsite',
      'cooperation',
      'followup',
    ]);
  });

  it("a visit's items: one per item of each chosen version, deterministic ids kept across versions", () => {
    const p2 = version(prep, 2, {
      items: [
        ...prep.items,
        { id: 'prep-risks', label: { de: 'Risiken', en: 'Risks' }, hint: null, sectionId: null },
      ],
    });
    const one = checklistItemsFor('v1', [prep]);
    const two = checklistItemsFor('v1', [p2, prep]);
    expect(one.map((i) => i.id)).toEqual(prep.items.map((i) => checklistItemId('v1', i.id)));
    expect(two.map((i) => [i.id, i.templateId, i.order])).toEqual([
      ...prep.items.map((i, n) => [checklistItemId('v1', i.id), 'prep~v2', n]),
      ['v1~prep-risks', 'prep~v2', prep.items.length],
    ]);
  });
});

describe('layout and texts', () => {
  it('items without a section first, then each section in order; unknown items stay visible', () => {
    const tpl = version(prep, 2, {
      sections: [
        { id: 'b', title: { de: 'B', en: '' } },
        { id: 'a', title: { de: 'A', en: '' } },
      ],
      items: prep.items.map((i, n) => ({ ...i, sectionId: n < 2 ? 'a' : n < 4 ? 'b' : null })),
    });
    const items = [
      ...prep.items.map((i) => ({ templateItemId: i.id })),
      { templateItemId: 'gone' },
    ];
    const parts = templateParts(tpl, items);
    expect(parts.map((p) => [p.section?.id ?? null, p.items.map((i) => i.templateItemId)])).toEqual(
      [
        [null, ['prep-briefing', 'prep-route', 'gone']],
        ['b', ['prep-goals', 'prep-isek']],
        ['a', ['prep-date', 'prep-participants']],
      ],
    );
    expect(templateText({ de: 'Ziel', en: '' }, 'en')).toBe('Ziel');
    expect(templateText({ de: 'Ziel', en: 'Goal' }, 'en')).toBe('Goal');
  });
});
