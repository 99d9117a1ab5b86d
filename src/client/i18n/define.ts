// The one factory for UI texts: `defineTexts(area, de, en)`. Every file under i18n/ defines
// its dictionaries with it, which registers them, and one test
// (test/client/i18n/dictionaries.test.ts) checks that German and English match everywhere.
// Free of Solid, so the report renderers can use it; index.ts plugs in the UI language.
import type { Lang } from '../../shared/domain/vocab';

let current: () => Lang = () => 'de';

/** Makes every translator follow `source` (index.ts passes the app-wide language signal). */
export function followLanguage(source: () => Lang): void {
  current = source;
}

export type Vars = Record<string, string | number>;

const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();
function cached<T>(cache: Map<string, T>, lang: string, make: () => T): T {
  let v = cache.get(lang);
  if (!v) cache.set(lang, (v = make()));
  return v;
}

/** The plural category of `n` in `lang` ("one", "other", …) from Intl.PluralRules. */
function pluralCategory(n: number, lang: Lang): Intl.LDMLPluralRule {
  return cached(pluralRules, lang, () => new Intl.PluralRules(lang)).select(n);
}

/** The `}` that closes the `{` at `open`, or -1. */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** `=0 {…} one {…} other {…}` → the branch for n (exact match first, then the category). */
function pluralBranch(spec: string, n: number, lang: Lang): string | null {
  const branches = new Map<string, string>();
  let i = 0;
  while (i < spec.length) {
    const m = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(spec.slice(i));
    if (!m) break;
    const open = i + m[0].length - 1;
    const close = closing(spec, open);
    if (close < 0) return null;
    branches.set(m[1]!, spec.slice(open + 1, close));
    i = close + 1;
  }
  return (
    branches.get(`=${n}`) ?? branches.get(pluralCategory(n, lang)) ?? branches.get('other') ?? null
  );
}

/**
 * Fills {name} placeholders and resolves plural forms written as in ICU MessageFormat:
 * `{n, plural, =0 {keine Fotos} one {# Foto} other {# Fotos}}`, with `#` the count in the
 * language's number format ("1.234" in German). Unknown placeholders stay visible.
 */
export function format(template: string, vars: Vars = {}, lang: Lang = current()): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) break;
    const close = closing(template, open);
    if (close < 0) break;
    out += template.slice(i, open);
    const inner = template.slice(open + 1, close);
    const plural = /^(\w+),\s*plural,([\s\S]*)$/.exec(inner);
    const value = vars[plural?.[1] ?? inner];
    // A count may arrive as text ("3"); anything else is no count and stays visible.
    const count = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (plural && typeof count === 'number') {
      const branch = pluralBranch(plural[2]!, count, lang);
      // Below 1000 a whole number is written alike in every language here, and a page's first
      // Intl.NumberFormat costs milliseconds on a phone's first screen ("Treffer: 1").
      const num =
        Number.isInteger(count) && Math.abs(count) < 1000
          ? String(count)
          : cached(numberFormats, lang, () => new Intl.NumberFormat(lang)).format(count);
      out +=
        branch === null
          ? template.slice(open, close + 1)
          : format(branch.replace(/#/g, num), vars, lang);
    } else if (!plural && /^\w+$/.test(inner) && value !== undefined) out += String(value);
    else out += template.slice(open, close + 1);
    i = close + 1;
  }
  return out + template.slice(i);
}

type Table<K extends string> = { readonly [P in K]: string };

/** The translator of one area: call it for the current language, or pick a language. */
export interface Texts<K extends string> {
  /** The text in the current UI language (reactive inside Solid), placeholders filled. */
  (key: K, vars?: Vars): string;
  /** Texts in an explicit language (reports and exports choose their own). */
  in(lang: Lang): (key: K, vars?: Vars) => string;
  /** The raw strings of one language, for property-style access. */
  table(lang: Lang): Table<K>;
  /** Whether `key` is one of this area's keys (for keys built at run time). */
  has(key: string): key is K;
  readonly area: string;
  readonly tables: { readonly de: Table<K>; readonly en: Table<K> };
}

const registry = new Map<string, Texts<string>>();

/** Every area's dictionaries defined so far (all areas once their files are imported). */
export function registeredTexts(): ReadonlyMap<string, Texts<string>> {
  return registry;
}

/**
 * Defines the texts of one area: German is the source of the key set, English must have
 * exactly the same keys (the type says so; the dictionaries test checks the placeholders).
 */
export function defineTexts<const D extends Record<string, string>>(
  area: string,
  deTable: D,
  enTable: { readonly [P in keyof D]: string },
): Texts<keyof D & string> {
  type K = keyof D & string;
  const tables = { de: deTable as Table<K>, en: enTable as Table<K> };
  const translate = ((key: K, vars?: Vars) => {
    const l = current();
    return format(tables[l][key], vars, l);
  }) as Texts<K>;
  Object.assign(translate, {
    in: (l: Lang) => (key: K, vars?: Vars) => format(tables[l][key], vars, l),
    table: (l: Lang) => tables[l],
    has: (key: string): key is K => Object.hasOwn(deTable, key),
    area,
    tables,
  });
  registry.set(area, translate as unknown as Texts<string>);
  return translate;
}
