// Reads a figure's goal ('≤ 60', '< 50', '>= 95', '0' = at most 0, '≤ 1.05 (+200 KB)': the
// comparison and number come first, words may follow) and says whether a value meets it; null
// when the goal does not start with a comparison and a number, or the value is not finite. The
// goals themselves live in code: each bench file's export `figures` (see support/verdict.ts).
export function goalMet(goal: string | undefined, value: number): boolean | null {
  const m = goal?.trim().match(/^(≤|<=|<|≥|>=|>|=)?\s*(-?\d+(?:\.\d+)?)(?=\s|$)/);
  if (!m || !Number.isFinite(value)) return null;
  const target = Number(m[2]);
  switch (m[1] ?? '≤') {
    case '≤':
    case '<=':
      return value <= target;
    case '<':
      return value < target;
    case '≥':
    case '>=':
      return value >= target;
    case '>':
      return value > target;
    default:
      return value === target;
  }
}
