// The UI language: one app-wide signal (German by default, English on request), remembered
// per device in localStorage, which every translator made by defineTexts (define.ts) follows;
// plus the general UI texts (de.ts, en.ts). Area files (session.ts, sync.ts, …) keep their
// own dictionaries so that a screen loads only the words it shows.
import { createSignal } from 'solid-js';
import type { Lang, LabelText } from '../../shared/domain/vocab';
import { de } from './de';
import { defineTexts, followLanguage } from './define';
import { en } from './en';

export { type Texts, type Vars, defineTexts, format, registeredTexts } from './define';

const STORAGE_KEY = 'sb-lang';

function initialLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'de';
  } catch {
    return 'de';
  }
}

const [lang, setLangSignal] = createSignal<Lang>(initialLang());
export { lang };
followLanguage(lang);

export function setLang(next: Lang): void {
  setLangSignal(next);
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* private mode: this session only */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

/** The general UI texts (navigation, forms, visits, sites, settings). */
export const t = defineTexts('ui', de, en);
export type MessageKey = keyof typeof de & string;

/** A shared-domain label ({de, en}) in the current language. */
export function label(text: LabelText): string {
  return text[lang()];
}
