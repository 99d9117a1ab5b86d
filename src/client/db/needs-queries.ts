// The rows of the needs list (docs/domain.md §Follow-up): every live follow-up on this device
// with its site's name and its visit's date and status. A Quartiersmanagement device holds only
// its own site, so its list is that site's; a follow-up of a deleted visit is left out.
import type { FollowUp } from '../../shared/domain/schemas';
import type { NeedRow } from './needs-filter';
import { needSiteName } from './needs-filter';
import { usableRows } from './row-check';
import type { AppDb, Local } from './schema';

/**
 * The live follow-ups among `rows` and their visits (by id, those on this device): a follow-up
 * of a visit deleted here is left out (the server deletes it with its visit). The needs list and
 * an offer's linked needs count the same ones.
 */
export async function liveFollowUps(db: AppDb, rows: Local<FollowUp>[]) {
  const usable = usableRows('followUp', rows);
  const visits = await db.visits.bulkGet([...new Set(usable.map((f) => f.visitId))]);
  const visitOf = new Map(visits.flatMap((v) => (v ? [[v.id, v] as const] : [])));
  const live = usable.filter((f) => visitOf.get(f.visitId)?._deleted !== 1);
  return { live, visitOf };
}

export async function loadNeeds(db: AppDb): Promise<NeedRow[]> {
  const [followUps, sites] = await Promise.all([db.followUps.toArray(), db.sites.toArray()]);
  const { live, visitOf } = await liveFollowUps(db, followUps);
  const siteById = new Map(usableRows('site', sites).map((s) => [s.id, s]));
  return live.map((f) => {
    const visit = visitOf.get(f.visitId);
    return {
      ...f,
      siteName: needSiteName(siteById.get(f.siteId)),
      visitDate: visit?.date ?? null,
      visitStatus: visit?.status ?? null,
    };
  });
}
