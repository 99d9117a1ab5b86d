import { describe, expect, it } from 'vitest';
import { de } from '../../../src/client/i18n/de';
import { en } from '../../../src/client/i18n/en';
import { format } from '../../../src/client/i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI dictionaries', () => {
  it('every key exists in German and English, with a non-empty text', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
    for (const [k, v] of [...Object.entries(de), ...Object.entries(en)]) expect(v.trim(), k).not.toBe('');
  });
  it('both languages use the same placeholders per key', () => {
    for (const k of Object.keys(de) as (keyof typeof de)[]) expect(placeholders(en[k]), k).toEqual(placeholders(de[k]));
  });
  it('format fills known placeholders and leaves unknown ones visible', () => {
    expect(format('{done} von {total}', { done: 2, total: 6 })).toBe('2 von 6');
    expect(format('{n} und {x}', { n: 1 })).toBe('1 und {x}');
  });
  it('says "saved on this device" only in the words the brief asks for', () => {
    expect(de['save.saved']).toBe('Auf diesem Gerät gespeichert');
  });
});
