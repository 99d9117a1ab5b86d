// Sponsorships (Patenschaften) of a site on this device (docs/domain.md §Offers): alliance
// members taking on a site or one of its projects for a period. Written like every record.
import type { Sponsorship } from '../../shared/domain/schemas';
import { RecordNotFoundError, ValidationError } from './errors';
import { newId, nowIso } from './ids';
import { deleteRecord, patchChanged } from './mutators';
import type { AppDb } from './schema';
import { commit, validateCreate } from './write';

export type SponsorshipFields = Omit<Sponsorship, 'id' | 'siteId' | 'createdAt'>;

/** A period ends on or after its start (the schema checks each date alone). */
function checkPeriod(s: Pick<Sponsorship, 'from' | 'to'>): void {
  if (s.to !== null && s.to < s.from)
    throw new ValidationError('sponsorship', [
      { path: 'to', code: 'invalid', message: 'the end is before the start' },
    ]);
}

/** Adds a sponsorship to a site on this device. */
export async function addSponsorship(
  db: AppDb,
  siteId: string,
  fields: SponsorshipFields,
): Promise<Sponsorship> {
  const site = await db.sites.get(siteId);
  if (!site || site._deleted) throw new RecordNotFoundError('site', siteId);
  const row = validateCreate('sponsorship', {
    ...fields,
    siteId,
    id: newId(),
    createdAt: nowIso(),
  }) as Sponsorship;
  checkPeriod(row);
  await commit(db, [
    { entity: 'sponsorship', op: 'create', id: row.id, fields: row, visitId: null },
  ]);
  return row;
}

/** Changes a sponsorship (project, sponsors, period, note). */
export async function updateSponsorship(
  db: AppDb,
  id: string,
  fields: Partial<SponsorshipFields>,
): Promise<void> {
  await patchChanged(db, 'sponsorship', id, fields, (after) =>
    checkPeriod(after as Pick<Sponsorship, 'from' | 'to'>),
  );
}

export const deleteSponsorship = (db: AppDb, id: string) => deleteRecord(db, 'sponsorship', id);
