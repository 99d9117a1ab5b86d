// The person's local calendar day (YYYY-MM-DD): what "overdue" and the day a follow-up closed
// count from (docs/domain.md §Follow-up), never the UTC day of a timestamp.
export function localDay(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
