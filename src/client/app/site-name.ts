// How a site is named in lists, headings and choices: "Municipality – Quarter".
import type { Site } from '../../shared/domain/schemas';
import { siteName } from '../../shared/domain/site-name';
import type { Option } from './components/form';

export { siteName };

/** One choice per site, valued by its id. */
export function siteOptions(sites: readonly Site[] | undefined): Option[] {
  return (sites ?? []).map((s) => ({ value: s.id, label: siteName(s) }));
}
