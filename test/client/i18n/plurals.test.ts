// Counts read as people write them: every text of every area, rendered with n = 0, 1 and 2 in
// German and English, never says "1 Besuche" or "Foto(s)". A count placeholder followed by a
// word must be a plural form (ICU `{n, plural, one {…} other {…}}`, resolved with
// Intl.PluralRules of the language; docs/architecture.md §Reports).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { format, registeredTexts } from '../../../src/client/i18n';
import type { Lang } from '../../../src/shared/domain/vocab';

const DIR = join(import.meta.dirname, '../../../src/client/i18n');
for (const f of readdirSync(DIR).filter((x) => x.endsWith('.ts'))) await import(join(DIR, f));

/** Placeholders that hold a number of things (the rest are names, times, messages …). */
const COUNTS = new Set([
  ...['n', 'count', 'done', 'total', 'na', 'open', 'days'],
  ...['inserted', 'updated', 'unchanged', 'blobs', 'enqueued'],
]);
/** Ordinals and positions: "Foto 1 von 3", "Punkt 2", "Seite 1 von 4" — a number, not a count. */
const POSITION =
  /(Foto|Photo|photo|Punkt|Item|Beobachtung|Observation|observation|Person|person|Participant|Seite|Page) \{n\}|\{n\} (von|of|\/) \{total\}|\{(n|total)\}\)?$/;
/** Words that do not inflect after a count ("1 abgelehnt", "1 waiting"). */
const INVARIANT = new Set([
  'abgelehnt',
  'rejected',
  'waiting',
  'erledigt',
  'done',
  'offen',
  'open',
  'not',
  ...['geplant', 'planned'],
  ...['neu', 'aktualisiert', 'unverändert', 'new', 'updated', 'unchanged'],
]);
/** Units that do not inflect ("5 Min.", "5 h"). */
const UNITS = /^\{n\} (Min\.|Std\.|Tg\.|min|h|d)$/;

const allTexts = () =>
  [...registeredTexts()].flatMap(([area, texts]) =>
    (['de', 'en'] as const).flatMap((lang) =>
      Object.entries(texts.tables[lang]).map(([key, text]) => ({ area, lang, key, text })),
    ),
  );

const vars = (n: number) =>
  new Proxy({} as Record<string, string | number>, {
    has: () => true,
    get: (_t, k) => (typeof k === 'string' && COUNTS.has(k) ? n : `«${String(k)}»`),
  });

/** Words that are plural after "1" in the app's texts (what the old texts produced). */
const WRONG_AFTER_ONE =
  /\b1 (Besuche|Standorte|Änderungen|Fotos|Foto\(s\)|Beobachtungen|Konflikte|Datensätze|Personen|visits|sites|changes|photos|photo\(s\)|observations|conflicts|records|people|participants|steps|Schritte|Tagen|days)\b/;

describe('plural forms', () => {
  it('format resolves {n, plural, …} with Intl.PluralRules of the language', () => {
    const tpl = '{n, plural, =0 {keine Besuche} one {# Besuch} other {# Besuche}} in {site}';
    const f = (n: number, lang: Lang = 'de') => format(tpl, { n, site: 'Kassel' }, lang);
    expect([f(0), f(1), f(2), f(1234)]).toEqual([
      'keine Besuche in Kassel',
      '1 Besuch in Kassel',
      '2 Besuche in Kassel',
      '1.234 Besuche in Kassel',
    ]);
    expect(format('{n, plural, one {# visit} other {# visits}}', { n: 1234 }, 'en')).toBe(
      '1,234 visits',
    );
    expect(format('{n, plural, one {# visit} other {# visits}}', { n: 1 }, 'en')).toBe('1 visit');
    expect(format('{n, plural, one {# visit} other {# visits}}', { n: '3' }, 'en')).toBe(
      '3 visits',
    );
    // A missing count leaves the text visible instead of guessing a form.
    expect(format('{n, plural, one {# x} other {# xs}}', {}, 'de')).toBe(
      '{n, plural, one {# x} other {# xs}}',
    );
  });

  it('no text says "(s)", "(e)" or puts a bare count before a word', () => {
    const bad: string[] = [];
    for (const { area, lang, key, text } of allTexts()) {
      if (/\w\((s|e|n|en)\)/.test(text)) bad.push(`${area}/${lang}/${key}: ${text}`);
      for (const m of text.matchAll(/\{(\w+)\} (\p{L}[\p{L}.]*)/gu)) {
        if (!COUNTS.has(m[1]!)) continue;
        if (POSITION.test(text) || UNITS.test(text)) continue;
        if (['von', 'of', '/'].includes(m[2]!) || INVARIANT.has(m[2]!)) continue;
        bad.push(`${area}/${lang}/${key}: ${text}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('every text reads right with 0, 1 and 2 in German and English', () => {
    const bad: string[] = [];
    for (const { area, lang, key, text } of allTexts())
      for (const n of [0, 1, 2]) {
        const out = format(text, vars(n), lang);
        if (/\{\w+, plural/.test(out)) bad.push(`${area}/${lang}/${key} (${n}): unresolved ${out}`);
        if (n === 1 && WRONG_AFTER_ONE.test(out)) bad.push(`${area}/${lang}/${key}: ${out}`);
        if (n === 2 && /\b2 (Besuch|Standort|Foto|visit|site|photo|change)\b(?!s)/.test(out))
          bad.push(`${area}/${lang}/${key}: ${out}`);
      }
    expect(bad).toEqual([]);
  });

  it('the translators resolve plurals in their own language', () => {
    const sync = registeredTexts().get('sync')!;
    expect(sync.in('de')('sync.waiting', { n: 1 })).toBe('1 Änderung wartet');
    expect(sync.in('de')('sync.waiting', { n: 3 })).toBe('3 Änderungen warten');
    expect(sync.in('en')('sync.waiting', { n: 1 })).toBe('1 change waiting');
    const accounts = registeredTexts().get('accounts')!;
    const one = Object.entries(accounts.tables.de).find(([, v]) => v.includes('Abmelden ist'))!;
    expect(accounts.in('de')(one[0], { n: 1 })).toContain('1 Änderung ist noch nicht');
  });
});
