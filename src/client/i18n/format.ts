// Dates, numbers and sizes as readers of each language write them, for the app and for every
// report and export (which pass their own language): "31.01.2027", "12.345,5", "1,5 MB" in
// German; "31 Jan 2027", "12,345.5", "1.5 MB" in English (en-GB: day before month, no
// ambiguity for readers outside the US). Stored values stay ISO; only what people read changes.
import type { Lang } from '../../shared/domain/vocab';

export const LOCALE: Record<Lang, string> = { de: 'de-DE', en: 'en-GB' };

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateFormat(lang: Lang, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${lang}|${JSON.stringify(opts)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(LOCALE[lang], opts)));
  return f;
}
function numberFormat(lang: Lang, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${lang}|${JSON.stringify(opts)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(LOCALE[lang], opts)));
  return f;
}

const DATE_STYLES = {
  /** 31.01.2027 · 31 Jan 2027 (tables, exports, report covers) */
  numeric: {
    de: { day: '2-digit', month: '2-digit', year: 'numeric' },
    en: { day: 'numeric', month: 'short', year: 'numeric' },
  },
  /** 31. Jan. 2027 · 31 Jan 2027 (cards and headings) */
  medium: {
    de: { day: 'numeric', month: 'short', year: 'numeric' },
    en: { day: 'numeric', month: 'short', year: 'numeric' },
  },
  /** 31. Januar 2027 · 31 January 2027 (page titles) */
  long: {
    de: { day: 'numeric', month: 'long', year: 'numeric' },
    en: { day: 'numeric', month: 'long', year: 'numeric' },
  },
} as const satisfies Record<string, Record<Lang, Intl.DateTimeFormatOptions>>;
export type DateStyle = keyof typeof DATE_STYLES;

/**
 * A calendar date ("2027-01-31", or the date part of an ISO timestamp) in `lang`. The date is
 * taken as written, never shifted by the device's time zone; text that is no date is returned
 * as it is, so nothing a user typed disappears.
 */
export function formatDate(iso: string | null, lang: Lang, style: DateStyle = 'numeric'): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(lang, { ...DATE_STYLES[style][lang], timeZone: 'UTC' }).format(d);
}

/** A moment ("2026-12-02T09:14:00Z") as date and time on the reader's clock: 02.12.2026, 10:14. */
export function formatDateTime(
  iso: string,
  lang: Lang,
  timeZone?: string,
  style: DateStyle = 'numeric',
): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(lang, {
    ...DATE_STYLES[style][lang],
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(d);
}

/** A number with the language's decimal and grouping marks. */
export function formatNumber(n: number, lang: Lang, maxFractionDigits = 2): string {
  return numberFormat(lang, { maximumFractionDigits: maxFractionDigits }).format(n);
}

/** A value with at most one decimal (average ratings): 3,5 · 3.5. */
export function formatDecimal(n: number, lang: Lang): string {
  return formatNumber(n, lang, 1);
}

/** A size in bytes: "900 B", "1,5 MB" (binary steps, as file managers show them). */
export function formatBytes(n: number, lang: Lang): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${formatNumber(v, lang, i === 0 ? 0 : 1)} ${units[i]}`;
}
