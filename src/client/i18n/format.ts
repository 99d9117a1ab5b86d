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

/** Intl's options for each style: formatDateTime's, and what formatDate's tables match. */
export const DATE_STYLES = {
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

// A calendar date needs no Intl: its three styles are fixed, and the first Intl.DateTimeFormat of
// a page load costs 13 ms on a desktop core (ICU's locale data and pattern generator) and 30 to
// 50 ms on a phone, on the critical path of every first screen that shows a date (the visits
// list, the visit page). These tables write what Intl writes for de-DE and en-GB in these styles;
// test/client/i18n/format.test.ts compares them with Intl for every month and style.
const MONTHS: Record<Lang, { short: readonly string[]; long: readonly string[] }> = {
  de: {
    short: [
      'Jan.',
      'Feb.',
      'März',
      'Apr.',
      'Mai',
      'Juni',
      'Juli',
      'Aug.',
      'Sept.',
      'Okt.',
      'Nov.',
      'Dez.',
    ],
    long: [
      'Januar',
      'Februar',
      'März',
      'April',
      'Mai',
      'Juni',
      'Juli',
      'August',
      'September',
      'Oktober',
      'November',
      'Dezember',
    ],
  },
  en: {
    short: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'],
    long: [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ],
  },
};
const two = (n: number) => String(n).padStart(2, '0');

/**
 * A calendar date ("2027-01-31", or the date part of an ISO timestamp) in `lang`. The date is
 * taken as written, never shifted by the device's time zone; text that is no date is returned
 * as it is, so nothing a user typed disappears.
 */
export function formatDate(iso: string | null, lang: Lang, style: DateStyle = 'numeric'): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  // setUTCFullYear, not Date.UTC: years 0–99 stay themselves; "2027-02-30" rolls over as Intl's did.
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(d.getTime())) return iso;
  const [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
  const names = MONTHS[lang];
  if (lang === 'de' && style === 'numeric') return `${two(day)}.${two(month + 1)}.${year}`;
  const name = style === 'long' ? names.long[month] : names.short[month];
  return lang === 'de' ? `${day}. ${name} ${year}` : `${day} ${name} ${year}`;
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
