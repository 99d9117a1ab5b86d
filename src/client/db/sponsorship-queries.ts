// Reads of a site's sponsorships for the UI (run inside createLiveQuery).
import type { Sponsorship } from '../../shared/domain/schemas';
import { usableRows } from './row-check';
import type { AppDb, Local } from './schema';

export type SponsorshipState = 'planned' | 'running' | 'ended';

/** Where a sponsorship stands on `today` (YYYY-MM-DD): not begun, running (its last day too), ended. */
export function sponsorshipState(
  s: Pick<Sponsorship, 'from' | 'to'>,
  today: string,
): SponsorshipState {
  if (s.from > today) return 'planned';
  return s.to !== null && s.to < today ? 'ended' : 'running';
}

/** The site's sponsorships, the latest start first. */
export async function sponsorshipsOfSite(db: AppDb, siteId: string): Promise<Local<Sponsorship>[]> {
  const rows = usableRows(
    'sponsorship',
    await db.sponsorships.where('siteId').equals(siteId).toArray(),
  );
  return rows.sort(
    (a, b) => b.from.localeCompare(a.from) || a.createdAt.localeCompare(b.createdAt),
  );
}
