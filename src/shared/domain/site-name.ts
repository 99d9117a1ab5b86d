// How a site is named in lists, headings, choices and exports: "Municipality – Quarter".
import type { Site } from './schemas';

export function siteName(s: Pick<Site, 'municipality' | 'quarter'>): string {
  return `${s.municipality} – ${s.quarter}`;
}
