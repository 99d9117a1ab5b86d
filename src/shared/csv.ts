// The CSV dialect of every export people open in a spreadsheet (docs/architecture.md §Reports):
// RFC 4180 quoting, ";" where the decimal mark is a comma (German Excel's list separator), and a
// leading apostrophe on text that starts like a formula (= + - @, tab, CR) so a spreadsheet
// shows it instead of running it. The device's data export and the server's activity log both
// write their cells through here.
import type { Lang } from './domain/vocab';

const NEEDS_QUOTES = /[";,\r\n]/;
const FORMULA = /^[=+\-@\t\r']/;

/** The separator readers of `lang` expect: ";" in German (decimal comma), "," in English. */
export function csvSeparator(lang: Lang): string {
  return lang === 'de' ? ';' : ',';
}

/** Text a person typed, made safe to open: a formula-like start gets a leading apostrophe. */
export function guard(v: string): string {
  return FORMULA.test(v) ? `'${v}` : v;
}

function cell(v: string): string {
  return NEEDS_QUOTES.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One line of cells (already guarded where they hold typed text), without its line end. */
export function csvLine(cells: readonly string[], sep = ';'): string {
  return cells.map(cell).join(sep);
}
