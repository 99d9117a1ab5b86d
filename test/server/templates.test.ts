// Checklist templates on the server (docs/architecture.md §Templates): every account pulls them,
// only coordinators write them, a version once published or used keeps its texts (template_in_use),
// and the schema's limits hold.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKLIST_TEMPLATES } from '../../src/shared/domain/checklist-templates';
import type { ChecklistTemplate } from '../../src/shared/domain/schemas';
import { canWrite } from '../../src/shared/policy';
import {
  type Harness,
  checklistFields,
  makeDevice,
  makeHarness,
  siteFields,
  visitFields,
} from '../support/server';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness({ shippedTemplates: true });
});
afterEach(() => h.close());

const prep = CHECKLIST_TEMPLATES[0]!;
const v2 = (more: Partial<ChecklistTemplate> = {}): ChecklistTemplate => ({
  ...prep,
  id: 'prep~v2',
  version: 2,
  status: 'draft',
  createdAt: '2026-06-01T10:00:00.000Z',
  ...more,
});
const statusOf = (r: { results: { status: string; error?: { code: string } }[] }, i = 0) =>
  r.results[i]!.error?.code ?? r.results[i]!.status;

describe('checklist templates', () => {
  it('every account pulls the seeded version-1 rows and later versions; a Quartiersmanagement device too', async () => {
    const coord = makeDevice(h, (await h.user('coordinator')).token);
    const site = siteFields();
    await coord.sync([coord.mutation('site', site.id, 'create', site)]);
    const qm = makeDevice(h, (await h.user('quartiersmanagement', site.id)).token);
    const member = makeDevice(h, (await h.user('member')).token);
    const templates = (r: { changes: { entity: string; entityId: string; row: unknown }[] }) =>
      r.changes.filter((c) => c.entity === 'checklistTemplate');
    for (const d of [qm, member]) {
      const first = templates(await d.sync());
      expect(first.map((c) => c.entityId)).toEqual(CHECKLIST_TEMPLATES.map((t) => t.id));
      expect(first.map((c) => c.row)).toEqual(CHECKLIST_TEMPLATES);
    }
    const next = v2({ status: 'published' });
    expect(
      statusOf(await coord.sync([coord.mutation('checklistTemplate', next.id, 'create', next)])),
    ).toBe('applied');
    for (const d of [qm, member])
      expect(templates(await d.sync()).map((c) => c.row)).toEqual([next]);
  });

  it('member, Quartiersmanagement and a disabled coordinator may not write templates; a coordinator may', async () => {
    const site = siteFields();
    const coordUser = await h.user('coordinator');
    const coord = makeDevice(h, coordUser.token);
    await coord.sync([coord.mutation('site', site.id, 'create', site)]);
    for (const d of [
      makeDevice(h, (await h.user('member')).token),
      makeDevice(h, (await h.user('quartiersmanagement', site.id)).token),
    ]) {
      const res = await d.sync([
        d.mutation('checklistTemplate', 'prep~v2', 'create', v2()),
        d.mutation('checklistTemplate', 'prep', 'patch', { isDefault: false }),
        d.mutation('checklistTemplate', 'prep', 'delete'),
      ]);
      expect(res.results.map((r) => r.error?.code)).toEqual([
        'forbidden',
        'forbidden',
        'forbidden',
      ]);
    }
    expect(await h.record('checklistTemplate', 'prep~v2')).toBeNull();
    expect((await h.record('checklistTemplate', 'prep'))!.data['isDefault']).toBe(true);
    // A disabled coordinator: the policy refuses, and the server no longer takes its requests.
    expect(
      canWrite({ ...coordUser, disabled: true }, 'checklistTemplate', 'create', {
        siteId: null,
        createdBy: null,
      }),
    ).toBe(false);
    await h.app.accounts.updateUser(coordUser.id, { disabled: true });
    const refused = await coord.post(
      coord.request([coord.mutation('checklistTemplate', 'prep~v2', 'create', v2())]),
    );
    expect(refused.status).toBe(401);
    expect(await h.record('checklistTemplate', 'prep~v2')).toBeNull();
  });

  it('a published version, and one checklist items use, keeps its title, sections and items (template_in_use) and never turns draft again; its flags and a draft change', async () => {
    const coord = makeDevice(h, (await h.user('coordinator')).token);
    const site = siteFields();
    const visit = visitFields(site.id);
    const item = checklistFields(visit.id);
    const before = await coord.sync([
      coord.mutation('site', site.id, 'create', site),
      coord.mutation('visit', visit.id, 'create', visit),
      coord.mutation('checklistTemplate', 'prep~v2', 'create', v2()),
    ]);
    expect(before.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const label = { de: 'Termin abgestimmt', en: 'Date agreed' };
    const items = prep.items.map((i, n) => (n === 0 ? { ...i, label } : i));
    // A draft's content may change (and change back): no visit can have been made with it.
    expect(
      statusOf(
        await coord.sync([coord.mutation('checklistTemplate', 'prep~v2', 'patch', { items })]),
      ),
    ).toBe('applied');
    expect(
      statusOf(
        await coord.sync([
          coord.mutation('checklistTemplate', 'prep~v2', 'patch', { items: prep.items }),
        ]),
      ),
    ).toBe('applied');
    // Version 1 is published: no checklist item on the server uses it yet, but a device offline
    // may have made a visit with it, so its content is fixed all the same.
    const unseen = await coord.sync([
      coord.mutation('checklistTemplate', 'prep', 'patch', { items }),
    ]);
    expect(statusOf(unseen)).toBe('template_in_use');
    expect(unseen.results[0]!.error!.message).toContain('published');
    // Once published, a version never becomes a draft again (its content would open up).
    const published = await coord.sync([
      coord.mutation('checklistTemplate', 'prep~v2', 'patch', { status: 'published' }),
      coord.mutation('checklistTemplate', 'prep~v2', 'patch', { status: 'draft' }),
    ]);
    expect(published.results.map((r) => r.error?.code ?? r.status)).toEqual(['applied', 'invalid']);
    expect(published.results[1]!.error!.path).toBe('status');
    await coord.sync([
      coord.mutation('checklistTemplate', 'prep~v2', 'patch', { status: 'retired' }),
    ]);
    await coord.sync([coord.mutation('checklistItem', item.id, 'create', item)]);
    const refused = await coord.sync([
      coord.mutation('checklistTemplate', 'prep', 'patch', { items }),
      coord.mutation('checklistTemplate', 'prep', 'patch', { title: { de: 'Vorher', en: '' } }),
      coord.mutation('checklistTemplate', 'prep', 'patch', {
        sections: [{ id: 's', title: { de: 'A', en: '' } }],
      }),
      coord.mutation('checklistTemplate', 'prep', 'patch', {
        isDefault: false,
        status: 'retired',
        order: 7,
      }),
      coord.mutation('checklistTemplate', 'prep~v2', 'patch', { items }),
    ]);
    expect(refused.results.map((r) => r.error?.code ?? r.status)).toEqual([
      'template_in_use',
      'template_in_use',
      'template_in_use',
      'applied',
      'template_in_use',
    ]);
    expect(refused.results[0]!.error!.message).toContain('make a new version');
    expect((await h.record('checklistTemplate', 'prep'))!.data).toEqual({
      ...prep,
      isDefault: false,
      status: 'retired',
      order: 7,
    });
    // A deleted item still counts: restoring its visit must show the texts it was made with.
    await coord.sync([coord.mutation('visit', visit.id, 'delete')]);
    expect(
      statusOf(await coord.sync([coord.mutation('checklistTemplate', 'prep', 'patch', { items })])),
    ).toBe('template_in_use');
  });

  it('refuses too many items, too long texts, a wrong id, a missing section and another template\u2019s item id', async () => {
    const coord = makeDevice(h, (await h.user('coordinator')).token);
    const item = (i: number) => ({
      id: `x${i}`,
      label: { de: `Punkt ${i}`, en: '' },
      hint: null,
      sectionId: null,
    });
    const cases: [ChecklistTemplate, string][] = [
      [v2({ items: Array.from({ length: 301 }, (_, i) => item(i)) }), 'items'],
      [v2({ items: [{ ...item(1), label: { de: 'x'.repeat(501), en: '' } }] }), 'items.0.label.de'],
      [v2({ title: { de: 'T', en: 'y'.repeat(201) } }), 'title.en'],
      [v2({ id: 'prep~v3' }), 'id'],
      [v2({ items: [{ ...item(1), sectionId: 'nowhere' }] }), 'items.0.sectionId'],
      [v2({ items: [{ ...item(1), id: 'onsite-walk' }] }), 'items.0.id'],
    ];
    const res = await coord.sync(
      cases.map(([t]) => coord.mutation('checklistTemplate', t.id, 'create', t)),
    );
    expect(res.results.map((r) => [r.error?.code, r.error?.path])).toEqual(
      cases.map(([, path]) => ['invalid', path]),
    );
    expect(await h.record('checklistTemplate', 'prep~v2')).toBeNull();
  });
});
