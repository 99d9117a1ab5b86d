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

/** Fills {name} placeholders. */
export function format(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
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
  const translate = ((key: K, vars?: Vars) => format(tables[current()][key], vars)) as Texts<K>;
  Object.assign(translate, {
    in: (l: Lang) => (key: K, vars?: Vars) => format(tables[l][key], vars),
    table: (l: Lang) => tables[l],
    has: (key: string): key is K => Object.hasOwn(deTable, key),
    area,
    tables,
  });
  registry.set(area, translate as unknown as Texts<string>);
  return translate;
}
