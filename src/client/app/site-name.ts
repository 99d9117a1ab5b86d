// How a site is named in lists, headings and choices: "Municipality – Quarter".
import type { Site } from '../../shared/domain/schemas';
import type { Option } from './components/form';

export function siteName(s: Pick<Site, 'municipality' | 'quarter'>): string {
  return `${s.municipality} – ${s.quarter}`;
}

/** One choice per site, valued by its id. */
export function siteOptions(sites: readonly Site[] | undefined): Option[] {
  return (sites ?? []).map((s) => ({ value: s.id, label: siteName(s) }));
}
