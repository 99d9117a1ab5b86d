// A site's course over time, read from this device only (works offline) in one read
// transaction: its live visits and their observations, field ratings and follow-ups, handed to
// the pure analysis (shared/analysis/site-course.ts). Deleted and damaged rows never count
// (row-check.ts). Run inside createLiveQuery (db/live.ts).
import { type SiteCourse, siteCourse } from '../../shared/analysis/site-course';
import { usableRows } from './row-check';
import type { AppDb } from './schema';

export async function siteCourseOf(db: AppDb, siteId: string): Promise<SiteCourse> {
  const tables = [db.visits, db.observations, db.fieldRatings, db.followUps];
  return db.transaction('r', tables, async () => {
    const visits = usableRows('visit', await db.visits.where('siteId').equals(siteId).toArray());
    const ids = visits.map((v) => v.id);
    const known = new Set(ids);
    // Dexie's anyOf([]) still opens a read on the index: none is needed for no visits.
    const ofVisits = <T extends { visitId: string }>(rows: T[]) =>
      rows.filter((r) => known.has(r.visitId));
    const [observations, fieldRatings, followUps] = ids.length
      ? await Promise.all([
          db.observations.where('visitId').anyOf(ids).toArray(),
          db.fieldRatings.where('visitId').anyOf(ids).toArray(),
          db.followUps.where('siteId').equals(siteId).toArray(),
        ])
      : [[], [], []];
    return siteCourse({
      visits,
      observations: usableRows('observation', observations),
      fieldRatings: usableRows('fieldRating', fieldRatings),
      followUps: ofVisits(usableRows('followUp', followUps)),
    });
  });
}
