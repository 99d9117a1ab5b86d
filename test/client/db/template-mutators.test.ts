// The template editor's mutators (src/client/db/template-mutators.ts): what lands in IndexedDB and
// in the outbox, which version an edit lands on, and what is refused before anything is queued.
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/client/db/errors';
import { createSite, createVisit } from '../../../src/client/db/mutators';
import type { AppDb } from '../../../src/client/db/schema';
import { TemplatePartMissingError } from '../../../src/client/db/template-edits';
import {
  EmptyTemplateError,
  createTemplate,
  editTemplate,
  moveTemplate,
  publishTemplate,
  retireTemplate,
  setTemplateDefault,
  templatesInOrder,
  versionsOf,
} from '../../../src/client/db/template-mutators';
import { commit } from '../../../src/client/db/write';
import { currentTemplates } from '../../../src/shared/domain/template-versions';
import { IDBFactory, makeTestDb } from '../../support/fake-db';

let db: AppDb;
afterEach(() => db?.close());

function open() {
  db = makeTestDb(new IDBFactory());
}

/** A template with two items in a section, published. */
async function published() {
  const key = await draft();
  await publishTemplate(db, key);
  return key;
}

/** A template with two items in a section, still a draft. */
async function draft() {
  const t = await createTemplate(db, { de: 'Begehung', en: 'Walk' });
  await editTemplate(db, t.id, {
    kind: 'addSection',
    id: 'sec-a',
    title: { de: 'Teil A', en: '' },
  });
  await editTemplate(db, t.id, {
    kind: 'addItem',
    id: 'it-1',
    label: { de: 'Spielplatz', en: 'Playground' },
    sectionId: 'sec-a',
  });
  await editTemplate(db, t.id, { kind: 'addItem', id: 'it-2', label: { de: 'Markt', en: '' } });
  return t.key;
}

/** A visit whose checklist was made from template version `id` (what makes a version "in use"). */
async function useVersion(id: string) {
  const site = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' });
  const row = (await db.checklistTemplates.get(id))!;
  await createVisit(db, { siteId: site.id, date: '2026-05-04' }, [row]);
}

const outboxOf = async (entityId: string) =>
  (await db.outbox.toArray()).filter((e) => e.entityId === entityId);

describe('template mutators', () => {
  it('a new template is version 1 of a new key, a draft after the others, queued as one create', async () => {
    open();
    const a = await createTemplate(db, { de: ' Erste ', en: '' });
    const b = await createTemplate(db, { de: 'Zweite', en: 'Second' });
    expect(a).toMatchObject({ id: a.key, version: 1, status: 'draft', isDefault: false, order: 0 });
    expect(a.title).toEqual({ de: 'Erste', en: '' });
    expect(b.order).toBe(1);
    expect(await outboxOf(a.id)).toMatchObject([{ op: 'create', entity: 'checklistTemplate' }]);
  });

  it('edits of a draft patch it in place; an edit of a published version makes version 2 even when no visit here uses it', async () => {
    open();
    const key = await draft();
    const [v1] = await versionsOf(db, key);
    expect(v1!.status).toBe('draft');
    expect(v1!.items.map((i) => [i.id, i.sectionId])).toEqual([
      ['it-1', 'sec-a'],
      ['it-2', null],
    ]);
    expect(await editTemplate(db, key, { kind: 'title', title: { en: 'Site walk' } })).toBe(key);
    expect((await versionsOf(db, key)).map((v) => v.version)).toEqual([1]);
    expect((await db.checklistTemplates.get(key))!.title).toEqual({
      de: 'Begehung',
      en: 'Site walk',
    });
    // Published: a device that was offline may have made a visit with version 1 already.
    await publishTemplate(db, key);
    const id = await editTemplate(db, key, { kind: 'title', title: { en: 'Walk-through' } });
    expect(id).toBe(`${key}~v2`);
    expect((await versionsOf(db, key)).map((v) => [v.version, v.status])).toEqual([
      [1, 'published'],
      [2, 'draft'],
    ]);
    expect((await db.checklistTemplates.get(key))!.title.en).toBe('Site walk');
  });

  it('an edit of a published version in use makes version 2 as a draft with the same item ids; later edits land there; visits keep version 1', async () => {
    open();
    const key = await published();
    await useVersion(key);
    const v1Before = await db.checklistTemplates.get(key);
    const v1Queued = (await outboxOf(key)).length;
    const id = await editTemplate(db, key, {
      kind: 'item',
      id: 'it-2',
      label: { de: 'Wochenmarkt' },
    });
    expect(id).toBe(`${key}~v2`);
    // A second edit, named by the old version's id, lands on the new draft: no version 3.
    expect(
      await editTemplate(db, key, { kind: 'addItem', id: 'it-3', label: { de: 'Neu', en: '' } }),
    ).toBe(`${key}~v2`);
    const versions = await versionsOf(db, key);
    expect(versions.map((v) => [v.id, v.version, v.status])).toEqual([
      [key, 1, 'published'],
      [`${key}~v2`, 2, 'draft'],
    ]);
    const v2 = versions[1]!;
    expect(v2.items.map((i) => i.id)).toEqual(['it-1', 'it-2', 'it-3']);
    expect(v2.items[1]!.label.de).toBe('Wochenmarkt');
    expect(v2.sections).toEqual(v1Before!.sections);
    // Version 1 is exactly as it was: its checklist items still name it.
    const { _by: _a, ...v1After } = (await db.checklistTemplates.get(key))!;
    const { _by: _b, ...v1Was } = v1Before!;
    expect(v1After).toEqual(v1Was);
    expect(await outboxOf(key)).toHaveLength(v1Queued);
    expect((await outboxOf(`${key}~v2`)).map((e) => e.op)).toEqual(['create', 'patch']);
    // New visits still get version 1 until version 2 is published; then version 1 retires.
    expect(currentTemplates(versions).map((t) => t.id)).toEqual([key]);
    await publishTemplate(db, key);
    const after = await versionsOf(db, key);
    expect(after.map((v) => v.status)).toEqual(['retired', 'published']);
    expect(currentTemplates(after).map((t) => t.id)).toEqual([`${key}~v2`]);
  });

  it('items and sections reorder; removing a section keeps its items, outside any section', async () => {
    open();
    const key = await draft();
    await editTemplate(db, key, { kind: 'moveItem', id: 'it-2', by: -1 });
    await editTemplate(db, key, { kind: 'moveItem', id: 'it-2', by: -1 }); // already first: no-op
    await editTemplate(db, key, {
      kind: 'addSection',
      id: 'sec-b',
      title: { de: 'Teil B', en: '' },
    });
    await editTemplate(db, key, { kind: 'moveSection', id: 'sec-b', by: -1 });
    let row = (await db.checklistTemplates.get(key))!;
    expect(row.items.map((i) => i.id)).toEqual(['it-2', 'it-1']);
    expect(row.sections.map((s) => s.id)).toEqual(['sec-b', 'sec-a']);
    await editTemplate(db, key, { kind: 'removeSection', id: 'sec-a' });
    row = (await db.checklistTemplates.get(key))!;
    expect(row.sections.map((s) => s.id)).toEqual(['sec-b']);
    expect(row.items.map((i) => i.sectionId)).toEqual([null, null]);
    await editTemplate(db, key, { kind: 'removeItem', id: 'it-2' });
    expect((await db.checklistTemplates.get(key))!.items.map((i) => i.id)).toEqual(['it-1']);
    await expect(editTemplate(db, key, { kind: 'removeItem', id: 'it-2' })).rejects.toBeInstanceOf(
      TemplatePartMissingError,
    );
  });

  it('templates reorder by key: every version of a moved template gets the new order', async () => {
    open();
    const a = await published();
    await useVersion(a);
    await editTemplate(db, a, { kind: 'title', title: { de: 'Begehung neu' } }); // version 2
    const b = (await createTemplate(db, { de: 'Zweite', en: '' })).key;
    const c = (await createTemplate(db, { de: 'Dritte', en: '' })).key;
    await moveTemplate(db, c, -1);
    await moveTemplate(db, a, 1);
    const order = await templatesInOrder(db);
    expect(order.map((vs) => vs[0]!.key)).toEqual([c, a, b]);
    expect((await versionsOf(db, a)).map((v) => v.order)).toEqual([1, 1]);
    await moveTemplate(db, c, -1); // first already: nothing queued
    expect((await templatesInOrder(db)).map((vs) => vs[0]!.key)).toEqual([c, a, b]);
  });

  it('default, publish and retire apply to the template, not one version', async () => {
    open();
    const key = await published();
    await useVersion(key);
    await editTemplate(db, key, { kind: 'title', title: { de: 'Begehung 2' } });
    await setTemplateDefault(db, key, true);
    expect((await versionsOf(db, key)).map((v) => v.isDefault)).toEqual([true, true]);
    await retireTemplate(db, key);
    expect(currentTemplates(await versionsOf(db, key))).toEqual([]);
    await publishTemplate(db, `${key}~v2`);
    expect(currentTemplates(await versionsOf(db, key)).map((t) => t.version)).toEqual([2]);
  });

  it('refuses, before anything is queued: an empty German text, more than 300 items, an unknown section, publishing an empty template', async () => {
    open();
    const t = await createTemplate(db, { de: 'Leer', en: '' });
    const queued = await db.outbox.count();
    const refused = async (run: Promise<unknown>, path: RegExp) => {
      const e = await run.catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues[0]!.path).toMatch(path);
    };
    await refused(createTemplate(db, { de: '  ', en: 'Empty' }), /^title\.de$/);
    await refused(
      editTemplate(db, t.id, { kind: 'addItem', id: 'x', label: { de: ' ', en: 'Only English' } }),
      /^items\.0\.label\.de$/,
    );
    await refused(editTemplate(db, t.id, { kind: 'title', title: { de: '' } }), /^title\.de$/);
    await refused(
      editTemplate(db, t.id, {
        kind: 'addItem',
        id: 'y',
        label: { de: 'A', en: '' },
        sectionId: 'nope',
      }),
      /^items\.0\.sectionId$/,
    );
    await expect(publishTemplate(db, t.id)).rejects.toBeInstanceOf(EmptyTemplateError);
    // 300 items are fine, the 301st is refused.
    const items = Array.from({ length: 300 }, (_, i) => ({
      id: `n${i}`,
      label: { de: `Punkt ${i}`, en: '' },
      hint: null,
      sectionId: null,
    }));
    await commit(db, [
      { entity: 'checklistTemplate', op: 'patch', id: t.id, fields: { items }, visitId: null },
    ]);
    const full = await db.outbox.count();
    expect(full).toBe(queued + 1);
    await refused(
      editTemplate(db, t.id, { kind: 'addItem', id: 'n300', label: { de: 'Zu viel', en: '' } }),
      /^items$/,
    );
    expect(await db.outbox.count()).toBe(full);
    expect((await db.checklistTemplates.get(t.id))!.items).toHaveLength(300);
  });
});
