// A refused template edit in words (src/client/app/templates/template-error.ts), as the template
// pages show it, from the errors the real mutators throw.
import { afterEach, describe, expect, it } from 'vitest';
import { templateEditorError } from '../../../../src/client/app/templates/template-error';
import type { AppDb } from '../../../../src/client/db/schema';
import {
  createTemplate,
  editTemplate,
  publishTemplate,
} from '../../../../src/client/db/template-mutators';
import { commit } from '../../../../src/client/db/write';
import { setLang } from '../../../../src/client/i18n';
import { makeTestDb } from '../../../support/fake-db';

let db: AppDb;
afterEach(() => {
  db?.close();
  setLang('de');
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => templateEditorError(e),
  );

describe('template editor errors', () => {
  it('say which text of which item or section is missing, which limit is hit, in German and English', async () => {
    db = makeTestDb();
    expect(await refusal(createTemplate(db, { de: ' ', en: 'x' }))).toBe(
      'Der deutsche Titel fehlt.',
    );
    const t = await createTemplate(db, { de: 'Begehung', en: '' });
    await editTemplate(db, t.id, { kind: 'addItem', id: 'a', label: { de: 'Erster', en: '' } });
    expect(
      await refusal(
        editTemplate(db, t.id, { kind: 'addItem', id: 'b', label: { de: '', en: 'y' } }),
      ),
    ).toBe('Punkt 2: Der deutsche Text fehlt.');
    expect(
      await refusal(
        editTemplate(db, t.id, { kind: 'item', id: 'a', hint: { en: 'only English' } }),
      ),
    ).toBe('Punkt 1: Ein Hinweis braucht einen deutschen Text.');
    expect(
      await refusal(
        editTemplate(db, t.id, { kind: 'addSection', id: 's', title: { de: '', en: '' } }),
      ),
    ).toBe('Abschnitt 1: Der deutsche Name fehlt.');
    expect(
      await refusal(
        editTemplate(db, t.id, { kind: 'item', id: 'a', label: { de: 'x'.repeat(501) } }),
      ),
    ).toBe('Der Text ist zu lang.');
    expect(await refusal(editTemplate(db, t.id, { kind: 'removeItem', id: 'gone' }))).toBe(
      'Dieser Punkt oder Abschnitt wurde inzwischen entfernt.',
    );
    const items = Array.from({ length: 300 }, (_, i) => ({
      id: `n${i}`,
      label: { de: `Punkt ${i}`, en: '' },
      hint: null,
      sectionId: null,
    }));
    await commit(db, [
      { entity: 'checklistTemplate', op: 'patch', id: t.id, fields: { items }, visitId: null },
    ]);
    setLang('en');
    expect(
      await refusal(
        editTemplate(db, t.id, { kind: 'addItem', id: 'z', label: { de: 'Z', en: '' } }),
      ),
    ).toBe('A template has at most 300 items.');
    const empty = await createTemplate(db, { de: 'Leer', en: '' });
    expect(await refusal(publishTemplate(db, empty.id))).toBe(
      'A template without items cannot be published.',
    );
  });
});
