// When something happened, as people say it: "gerade eben", "vor 5 Minuten", "gestern";
// older than a week as a date and time ("2. Dez. 2026, 10:14"). Times come from the server.
import type { Lang } from '../../../shared/domain/vocab';
import { LOCALE, formatDateTime } from '../../i18n/format';
import { at } from '../../i18n/accounts';

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['minute', 60],
  ['hour', 3600],
  ['day', 86_400],
];

export function relativeTime(iso: string, lang: Lang, now: number = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const seconds = Math.round((now - t) / 1000);
  if (seconds < 60) return at('users.justNow');
  if (seconds >= 7 * 86_400) return formatDateTime(iso, lang, undefined, 'medium');
  const rtf = new Intl.RelativeTimeFormat(LOCALE[lang], { numeric: 'auto' });
  const [unit, size] = STEPS.findLast(([, s]) => seconds >= s)!;
  return rtf.format(-Math.floor(seconds / size), unit);
}
