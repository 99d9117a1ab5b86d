// Dates, numbers and sizes as readers of each language write them: one formatter module
// (src/client/i18n/format.ts) for the app and every report and export.
import { describe, expect, it } from 'vitest';
import {
  DATE_STYLES,
  LOCALE,
  formatBytes,
  formatDate,
  formatDateTime,
  formatDecimal,
  formatNumber,
} from '../../../src/client/i18n/format';

describe('locale formats', () => {
  it('dates: 31.01.2027 in German, 31 Jan 2027 in English (never the ISO form)', () => {
    expect(formatDate('2027-01-31', 'de')).toBe('31.01.2027');
    expect(formatDate('2027-01-31', 'en')).toBe('31 Jan 2027');
    expect(formatDate('2027-01-31', 'de', 'medium')).toBe('31. Jan. 2027');
    expect(formatDate('2027-01-31T23:30:00.000Z', 'de')).toBe('31.01.2027');
    expect(formatDate(null, 'de')).toBe('');
    expect(formatDate('kein Datum', 'de')).toBe('kein Datum');
  });

  it('dates are written as Intl writes them, for every month, style and language', () => {
    let compared = 0;
    for (const year of [1999, 2026, 2027, 2400])
      for (let month = 1; month <= 12; month++)
        for (const day of [1, 9, 10, 28, 31])
          for (const style of ['numeric', 'medium', 'long'] as const)
            for (const lang of ['de', 'en'] as const) {
              const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
              const intl = new Intl.DateTimeFormat(LOCALE[lang], {
                ...DATE_STYLES[style][lang],
                timeZone: 'UTC',
              }).format(new Date(Date.UTC(year, month - 1, day)));
              expect(formatDate(iso, lang, style), `${iso} ${style} ${lang}`).toBe(intl);
              compared++;
            }
    expect(compared).toBe(4 * 12 * 5 * 3 * 2);
  });

  it('a day past the end of its month rolls over; a two-digit year stays itself', () => {
    expect(formatDate('2027-02-30', 'de')).toBe('02.03.2027');
    expect(formatDate('2028-02-29', 'en', 'long')).toBe('29 February 2028');
    expect(formatDate('0099-05-01', 'de')).toBe('01.05.99');
  });

  it('date and time in a given time zone', () => {
    const iso = '2026-12-02T09:14:00.000Z';
    expect(formatDateTime(iso, 'de', 'Europe/Berlin')).toBe('02.12.2026, 10:14');
    expect(formatDateTime(iso, 'en', 'Europe/Berlin')).toBe('2 Dec 2026, 10:14');
    expect(formatDateTime(iso, 'de', 'Europe/Berlin', 'medium')).toBe('2. Dez. 2026, 10:14');
    expect(formatDateTime('nonsense', 'de')).toBe('nonsense');
  });

  it('numbers: decimal comma and thousands separators per language', () => {
    expect(formatNumber(12345.5, 'de')).toBe('12.345,5');
    expect(formatNumber(12345.5, 'en')).toBe('12,345.5');
    expect(formatDecimal(3.5, 'de')).toBe('3,5');
    expect(formatDecimal(4, 'de')).toBe('4');
    expect(formatDecimal(3.25, 'en')).toBe('3.3');
  });

  it('sizes: 1,5 MB in German, 1.5 MB in English', () => {
    expect(formatBytes(1536 * 1024, 'de')).toBe('1,5 MB');
    expect(formatBytes(1536 * 1024, 'en')).toBe('1.5 MB');
    expect(formatBytes(900, 'de')).toBe('900 B');
  });
});
