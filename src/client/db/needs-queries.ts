// The rows of the needs list (docs/domain.md §Follow-up): every live follow-up on this device
// with its site's name and its visit's date and status. A Quartiersmanagement device holds only
// its own site, so its list is that site's; a follow-up of a deleted visit is left out.
import type { NeedRow } from './needs-filter';
import { needSiteName } from './needs-filter';
import { usableRows } from './row-check';
import type { AppDb } from './schema';

export async function loadNeeds(db: AppDb): Promise<NeedRow[]> {
  const [followUps, sites, visits] = await Promise.all([
    db.followUps.toArray(),
    db.sites.toArray(),
    db.visits.toArray(),
  ]);
  const siteById = new Map(usableRows('site', sites).map((s) => [s.id, s]));
  const visitById = new Map(visits.map((v) => [v.id, v]));
  const rows: NeedRow[] = [];
  for (const f of usableRows('followUp', followUps)) {
    const visit = visitById.get(f.visitId);
    if (visit?._deleted === 1) continue;
    rows.push({
      ...f,
      siteName: needSiteName(siteById.get(f.siteId)),
      visitDate: visit?.date ?? null,
      visitStatus: visit?.status ?? null,
    });
  }
  return rows;
}
