// The role and site choices of the account forms. Quartiersmanagement is offered only with a
// site to bind it to (the server refuses it without one: site_required).
import type { Site } from '../../../shared/domain/schemas';
import { ROLES, type Lang } from '../../../shared/domain/vocab';
import { type Option, vocabOptions } from '../components/form';
import { siteOptions } from '../site-name';

/** Every role; Quartiersmanagement only when `withSite` (a site exists to bind it to). */
export function roleOptions(lang: Lang, withSite: boolean): Option[] {
  return vocabOptions(ROLES, lang).filter((o) => withSite || o.value !== 'quartiersmanagement');
}

/** The synced sites, plus the account's current one when this device does not hold it. */
export function siteChoices(
  sites: readonly Site[],
  current: string | null,
  label: (id: string) => string,
): Option[] {
  const options = siteOptions([...sites]);
  if (current && !options.some((o) => o.value === current))
    options.unshift({ value: current, label: label(current) });
  return options;
}
