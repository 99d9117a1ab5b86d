// The UI language as one app-wide signal (German by default, English on request),
// remembered per device in localStorage.
import { createSignal } from 'solid-js';
import type { Lang, LabelText } from '../../shared/domain/vocab';
import { type MessageKey, de } from './de';
import { en } from './en';

export type { MessageKey };
export const DICTIONARIES = { de, en } as const;
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

export function setLang(next: Lang): void {
  setLangSignal(next);
  try { localStorage.setItem(STORAGE_KEY, next); } catch { /* private mode: this session only */ }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

/** Fills {name} placeholders. */
export function format(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return format(DICTIONARIES[lang()][key], vars);
}

/** A shared-domain label ({de, en}) in the current language. */
export function label(text: LabelText): string {
  return text[lang()];
}

export function useI18n() {
  return { t, lang, setLang, label };
}
