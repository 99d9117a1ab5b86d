// The order of a site's visits wherever "the latest" or "the previous" visit counts (briefing,
// course over time, heat map): by date, then by creation, then by id (two devices created one
// the same moment), so every screen names the same visit.
import type { Visit } from './schemas';

type Ordered = Pick<Visit, 'id' | 'date' | 'createdAt'>;

export const newestFirst = (a: Ordered, b: Ordered): number =>
  b.date.localeCompare(a.date) ||
  b.createdAt.localeCompare(a.createdAt) ||
  b.id.localeCompare(a.id);

export const oldestFirst = (a: Ordered, b: Ordered): number => newestFirst(b, a);
