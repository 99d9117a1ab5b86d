// One check for every dictionary of the app: each file under src/client/i18n defines its texts
// with defineTexts(), and German and English must have the same keys and placeholders.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Texts, format, registeredTexts } from '../../../src/client/i18n';

const DIR = join(import.meta.dirname, '../../../src/client/i18n');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.ts'))
  .sort();

const isTexts = (v: unknown): v is Texts<string> =>
  typeof v === 'function' &&
  typeof (v as Partial<Texts<string>>).area === 'string' &&
  'tables' in v;

/** Every area file imported, with the translators it exports. */
const modules = await Promise.all(
  files.map(async (f) => {
    const mod = (await import(join(DIR, f))) as Record<string, unknown>;
    return { file: f, texts: Object.values(mod).filter(isTexts) };
  }),
);

/** `{name}` and `{n, plural, …}` placeholders; a plural branch (`one {Foto}`) is text, not one. */
const placeholders = (s: string) =>
  [
    ...new Set(
      [...s.matchAll(/(?<!(?:zero|one|two|few|many|other|=\d+)\s*)\{(\w+)(?:\}|,\s*plural,)/g)].map(
        (m) => m[1],
      ),
    ),
  ].sort();

describe('UI dictionaries', () => {
  it('every file under i18n/ defines its texts with defineTexts (de.ts and en.ts through index.ts)', () => {
    const helpers = new Set(['de.ts', 'en.ts', 'define.ts', 'format.ts']);
    for (const { file, texts } of modules) {
      if (helpers.has(file)) continue;
      expect(texts.length, `${file} exports no defineTexts() translator`).toBeGreaterThan(0);
    }
    const exported = new Set(modules.flatMap((m) => m.texts.map((x) => x.area)));
    expect([...registeredTexts().keys()].sort()).toEqual([...exported].sort());
    expect(registeredTexts().size).toBeGreaterThanOrEqual(8);
  });

  for (const [area, texts] of registeredTexts()) {
    describe(area, () => {
      const { de, en } = texts.tables;
      it('every key exists in German and English, with a non-empty text', () => {
        expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
        for (const [k, v] of [...Object.entries(de), ...Object.entries(en)])
          expect(v.trim(), k).not.toBe('');
      });
      it('both languages use the same placeholders per key', () => {
        for (const k of Object.keys(de))
          expect(placeholders(en[k]!), `${area}: ${k}`).toEqual(placeholders(de[k]!));
      });
    });
  }

  it('a translator follows the UI language and can be asked for an explicit one', () => {
    const t = registeredTexts().get('ui')!;
    expect(t.in('de')('save.error', { msg: 'x' })).toBe('Nicht gespeichert: x');
    expect(t.in('en')('save.error', { msg: 'x' })).toBe('Not saved: x');
    expect(t.table('en')['save.saving']).toBe(t.tables.en['save.saving']);
    expect(t.has('save.saving')).toBe(true);
    expect(t.has('no.such.key')).toBe(false);
  });

  it('format fills known placeholders and leaves unknown ones visible', () => {
    expect(format('{done} von {total}', { done: 2, total: 6 })).toBe('2 von 6');
    expect(format('{n} und {x}', { n: 1 })).toBe('1 und {x}');
  });

  it('says "saved on this device" only in the words the brief asks for', () => {
    expect(registeredTexts().get('ui')!.tables.de['save.saved']).toBe(
      'Auf diesem Gerät gespeichert',
    );
  });
});
