// Offers, sponsorships, action-field ratings and a need's offer link travel in export files
// (format 4, src/client/backup/format.ts): a device's synced and pending advisory work survives
// export → wipe → import identically, its queued writes still queued; a version-3 file (from
// before them) imports with empty tables of each.
import { unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { EXPORT_VERSION } from '../../../src/client/backup/format';
import { exportBackup } from '../../../src/client/backup/export-file';
import { importBackup } from '../../../src/client/backup/import-file';
import {
  addFollowUp,
  createSite,
  createVisit,
  updateFollowUp,
} from '../../../src/client/db/mutators';
import {
  createOffer,
  deleteOffer,
  linkOffer,
  newOfferFields,
  trackMatch,
} from '../../../src/client/db/offer-mutators';
import { rateField } from '../../../src/client/db/rating-mutators';
import { addSponsorship, updateSponsorship } from '../../../src/client/db/sponsorship-mutators';
import type { AppDb } from '../../../src/client/db/schema';
import { fieldRatingId } from '../../../src/shared/domain/schemas';
import { IDBFactory } from '../../support/fake-db';
import { closeFresh, fresh, markAllSynced, pendingMutations, snapshot } from './seed';

afterEach(closeFresh);

const ADVISORY = ['offer', 'sponsorship', 'fieldRating'] as const;

/** Synced advisory records, then pending ones: a new offer linked to a need, edits, a tombstone. */
async function advisoryDevice(db: AppDb) {
  const site = await createSite(db, { municipality: 'Kassel', quarter: 'Wesertor' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-04-14' });
  const synced = await createOffer(db, newOfferFields({ title: 'Fördermittelberatung' }));
  const sponsorship = await addSponsorship(db, site.id, {
    project: 'Quartiersgarten',
    sponsors: [{ name: 'Erika Muster', organisation: 'Verband' }],
    from: '2026-01-01',
    to: null,
    note: '',
  });
  await rateField(db, visit.id, 'local', 'housing', { rating: 2, note: 'Leerstand' });
  const need = await addFollowUp(db, { visitId: visit.id, description: 'Spielplatz planen' });
  await markAllSynced(db);
  // pending work
  const fresh = await createOffer(
    db,
    newOfferFields({ title: 'Moderation', fieldIds: ['climate'] }),
  );
  await linkOffer(db, need.id, fresh.id);
  await trackMatch(db, need.id, { matchStatus: 'agreed', matchNote: 'Termin im Mai' });
  await updateFollowUp(db, need.id, { status: 'done' });
  await rateField(db, visit.id, 'local', 'housing', { rating: 3 });
  await rateField(db, visit.id, 'outside', 'climate', { rating: 4, note: 'Dachbegrünung' });
  await updateSponsorship(db, sponsorship.id, { to: '2026-12-31' });
  const retired = await createOffer(db, newOfferFields({ title: 'Alt' }));
  await deleteOffer(db, retired.id);
  return { visit, synced, fresh, need, sponsorship, retired };
}

describe('advisory records in export files', () => {
  for (const scope of ['all', 'unsynced'] as const)
    it(`survive export (${scope}) → wipe → import, with their queued writes`, async () => {
      const factory = new IDBFactory();
      const source = fresh(factory, 'device');
      const w = await advisoryDevice(source);
      const before = await snapshot(source);
      const pending = await pendingMutations(source);
      expect(pending.map((p) => p.entity)).toEqual(
        expect.arrayContaining(['offer', 'followUp', 'fieldRating', 'sponsorship']),
      );
      const file = await exportBackup(source, scope, 'test');
      const manifest = JSON.parse(new TextDecoder().decode(unzipSync(file)['manifest.json'])) as {
        version: number;
      };
      expect(manifest.version).toBe(EXPORT_VERSION);
      expect(EXPORT_VERSION).toBe(4);
      await source.delete();
      const target = fresh(factory, 'device');
      await importBackup(target, file);
      expect(await pendingMutations(target)).toEqual(pending);
      const after = await snapshot(target);
      if (scope === 'all') expect(after).toEqual(before);
      // the need keeps its link and tracking, the tombstone stays one
      expect(await target.followUps.get(w.need.id)).toMatchObject({
        offerId: w.fresh.id,
        matchStatus: 'agreed',
        matchNote: 'Termin im Mai',
        status: 'done',
      });
      expect((await target.followUps.get(w.need.id))?.closedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(await target.offers.get(w.fresh.id)).toMatchObject({ title: 'Moderation' });
      expect((await target.offers.get(w.retired.id))?._deleted).toBe(1);
      expect(
        await target.fieldRatings.get(fieldRatingId(w.visit.id, 'outside', 'climate')),
      ).toMatchObject({ rating: 4, note: 'Dachbegrünung' });
      expect(
        await target.fieldRatings.get(fieldRatingId(w.visit.id, 'local', 'housing')),
      ).toMatchObject({ rating: 3, note: 'Leerstand' });
      expect(await target.sponsorships.get(w.sponsorship.id)).toMatchObject({ to: '2026-12-31' });
    });

  it('importing the same file twice adds nothing', async () => {
    const source = fresh();
    await advisoryDevice(source);
    const file = await exportBackup(source, 'all', 'test');
    const target = fresh();
    await importBackup(target, file);
    const once = await snapshot(target);
    const second = await importBackup(target, file);
    expect(second).toMatchObject({ inserted: 0, updated: 0, enqueued: 0 });
    expect(await snapshot(target)).toEqual(once);
  });

  it('a version-3 file (no offers, sponsorships or ratings; needs without tracking fields) imports', async () => {
    const source = fresh();
    const site = await createSite(source, { municipality: 'Fulda', quarter: 'Ziehers' });
    const visit = await createVisit(source, { siteId: site.id, date: '2026-02-02' });
    const need = await addFollowUp(source, { visitId: visit.id, description: 'Treffpunkt' });
    const files = unzipSync(await exportBackup(source, 'all', 'test'));
    const text = (p: string) => new TextDecoder().decode(files[p]);
    const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    const manifest = JSON.parse(text('manifest.json')) as object;
    files['manifest.json'] = bytes({ ...manifest, version: 3 });
    for (const e of ADVISORY) {
      expect(files[`records/${e}.json`], e).toBeDefined();
      delete files[`records/${e}.json`];
    }
    // a version-3 app wrote follow-ups without the tracking fields
    const needs = (JSON.parse(text('records/followUp.json')) as Record<string, unknown>[]).map(
      ({ closedAt: _c, offerId: _o, matchStatus: _m, matchNote: _n, ...rest }) => rest,
    );
    files['records/followUp.json'] = bytes(needs);
    const target = fresh();
    await importBackup(target, zipSync(files));
    expect(await target.followUps.get(need.id)).toMatchObject({
      description: 'Treffpunkt',
      status: 'open',
    });
    expect(
      await Promise.all([
        target.offers.count(),
        target.sponsorships.count(),
        target.fieldRatings.count(),
      ]),
    ).toEqual([0, 0, 0]);
  });
});
