// Reads a figure's goal ('≤ 60', '< 50', '>= 95', '0' = at most 0) and says whether a value meets
// it; null when the goal has no leading comparison we can check.
export function goalMet(goal: string | undefined, value: number): boolean | null {
  const m = goal?.trim().match(/^(≤|<=|<|≥|>=|>|=)?\s*(-?\d+(?:\.\d+)?)/);
  if (!m) return null;
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
