// Dates, numbers and sizes as readers of each language write them: one formatter module
// (src/client/i18n/format.ts) for the app and every report and export.
import { describe, expect, it } from 'vitest';
import {
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
