// The calendar check behind the schemas' dates, without zod: the structural row guard of the
// first screen (client/db/row-guard.ts) checks dates with it before zod is loaded.

/** Years a date or timestamp may name: any real visit or device clock, but never 0000 or 9999. */
export const DATE_YEARS = { min: 1900, max: 2200 } as const;

/** Is `s` (YYYY-MM-DD…) a day that exists, in DATE_YEARS? */
export function realDay(s: string): boolean {
  const [y, m, d] = [s.slice(0, 4), s.slice(5, 7), s.slice(8, 10)].map(Number) as [
    number,
    number,
    number,
  ];
  if (y < DATE_YEARS.min || y > DATE_YEARS.max || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}
