// The store contract, checklist templates: a template version is in use while a checklist item
// (live or deleted, not purged) names it; every item id maps to the key of the template that
// lists it, over the seeded versions and any later ones.
import { expect, it } from 'vitest';
import { CHECKLIST_TEMPLATES } from '../../../src/shared/domain/checklist-templates';
import { recordOf } from '../../server/store/postgres/fixtures';
import { eachStore } from './each-store';

eachStore(
  'templates',
  (s) => {
    const write = (
      entity: 'checklistItem' | 'checklistTemplate' | 'observation' | 'visit',
      id: string,
      data: Record<string, unknown>,
      visitId: string | null = null,
    ) =>
      s.write(async (tx) => {
        const seq = await tx.sync.nextSeq();
        await tx.sync.writeRecord(
          recordOf(entity, id, seq, { visitId, data: { id, ...data } }),
          true,
        );
      });
    const inUse = (id: string) => s.read((tx) => tx.templates.inUse(id));

    it('a version is in use while a checklist item names it, deleted or not; purged items and other records name none', async () => {
      expect(await inUse('prep')).toBe(false);
      await write('checklistItem', 'v1~prep-date', { templateId: 'prep' });
      await s.write(async (tx) =>
        tx.sync.setDeleted('checklistItem', 'v1~prep-date', {
          deleted: true,
          byCascade: false,
          seq: await tx.sync.nextSeq(),
          updatedBy: null,
        }),
      );
      await write('observation', 'o1', { templateId: 'site-v2' });
      await write('checklistItem', 'v2~x', { note: 'a\u0000b', templateId: 'walk-v3' });
      await write('visit', 'v-purged', {}, 'v-purged');
      await write('checklistItem', 'v3~x', { templateId: 'gone-v1' }, 'v-purged');
      expect(await inUse('gone-v1')).toBe(true);
      await s.write((tx) => tx.retention.purgeVisit('v-purged'));
      expect({
        prep: await inUse('prep'),
        walk: await inUse('walk-v3'),
        observation: await inUse('site-v2'),
        purged: await inUse('gone-v1'),
        otherCase: await inUse('PREP'),
      }).toEqual({ prep: true, walk: true, observation: false, purged: false, otherCase: false });
    });

    it('maps every item of the seeded templates to its template key', async () => {
      const seeded = new Map(CHECKLIST_TEMPLATES.flatMap((t) => t.items.map((i) => [i.id, t.key])));
      expect(seeded.size).toBeGreaterThan(10);
      expect(await s.read((tx) => tx.templates.itemKeys())).toEqual(seeded);
    });

    it('maps the items of later versions too; an item listed by two versions keeps the first in byte order of their ids', async () => {
      await write('checklistTemplate', 'Z-first', {
        key: 'upper',
        items: [{ id: 'prep-goals' }, { id: 'own-item' }, { id: 7 }, null],
      });
      await write('checklistTemplate', 'zz-late', {
        key: 'late',
        items: [{ id: 'prep-date' }, { id: 'late-item' }],
      });
      await write('checklistTemplate', 'odd', { key: 'odd', items: 'not a list' });
      await write('checklistTemplate', 'nul', {
        key: 'nul',
        title: '\u0000',
        items: [{ id: 'n1' }],
      });
      const keys = await s.read((tx) => tx.templates.itemKeys());
      expect(
        Object.fromEntries(
          ['prep-goals', 'own-item', 'prep-date', 'late-item', 'n1'].map((id) => [
            id,
            keys.get(id),
          ]),
        ),
      ).toEqual({
        'prep-goals': 'upper',
        'own-item': 'upper',
        'prep-date': 'prep',
        'late-item': 'late',
        n1: 'nul',
      });
      expect([...keys.values()]).not.toContain('odd');
    });
  },
  { fresh: 'case' },
);
