// Discarding a rejection returns the device to the server's truth (docs/architecture.md §Apply),
// against the real server in-process: a Quartiersmanagement account creates a site (refused), a
// visit and observations in it (refused with it); "Verwerfen" removes them all, children included.
import { afterEach, describe, expect, it } from 'vitest';
import {
  PARENT_REFS,
  discardImpact,
  discardRejection,
} from '../../../src/client/db/conflict-mutators';
import {
  addObservation,
  createSite,
  createVisit,
  updateSite,
} from '../../../src/client/db/mutators';
import { addPhoto } from '../../../src/client/db/photos';
import { openRejections, syncSummary } from '../../../src/client/db/sync-queries';
import { indicatorKind } from '../../../src/client/sync/indicator-state';
import { closeOpened, harnessDevice, harnessServer, photoFile } from '../../support/client-engine';
import type { Harness } from '../../support/server';

afterEach(closeOpened);

const jpeg = (width: number) => photoFile(width, 2_000);

async function device(h: Harness, token: string) {
  return harnessDevice(h, token, {}, { buffer: true });
}

function kind(s: Awaited<ReturnType<typeof syncSummary>>) {
  return indicatorKind({
    summary: s,
    needsReauth: false,
    updateRequired: false,
    running: false,
    online: true,
  });
}

describe('the parent map', () => {
  it('is derived from the schemas: every <entity>Id field names its parent', () => {
    const refs = PARENT_REFS.map((r) => `${r.child}.${r.field}→${r.parent}`);
    expect(refs).toEqual(
      expect.arrayContaining([
        'visit.siteId→site',
        'checklistItem.visitId→visit',
        'observation.visitId→visit',
        'followUp.visitId→visit',
        'photo.visitId→visit',
        'photo.observationId→observation',
      ]),
    );
  });
});

describe('discarding a refused create', () => {
  it('removes the site, its visit, observations, checklist and photos; outbox settles; "synced" again', async () => {
    const h = await harnessServer();
    const coordinator = await h.user('coordinator');
    const own = await device(h, coordinator.token);
    const ownSite = await createSite(own.db, { municipality: 'Kassel', quarter: 'Nord' });
    expect((await own.engine.syncNow()).status).toBe('ok');
    const qm = await h.user('quartiersmanagement', ownSite.id);
    const d = await device(h, qm.token);
    expect((await d.engine.syncNow()).status).toBe('ok');

    const site = await createSite(d.db, { municipality: 'Gießen', quarter: 'Nordstadt' });
    const visit = await createVisit(d.db, { siteId: site.id, date: '2026-05-04' });
    const obs = await addObservation(d.db, { visitId: visit.id, fieldId: 'housing', text: 'x' });
    await addObservation(d.db, { visitId: visit.id, fieldId: 'mobility', text: 'y' });
    const photo = await addPhoto(
      d.db,
      { visitId: visit.id, observationId: obs.id },
      jpeg(300),
      jpeg(30),
    );
    expect((await d.engine.syncNow()).status).toBe('ok');

    const rejections = await openRejections(d.db);
    const siteRejection = rejections.find((r) => r.entity === 'site' && r.entityId === site.id)!;
    expect(siteRejection.code).toBe('forbidden');
    expect(await d.db.sites.get(site.id)).toBeDefined(); // a rejection never deletes local data

    const impact = await discardImpact(d.db, siteRejection.id);
    expect(impact.cascade).toBe(true);
    expect(impact.changes).toBeGreaterThanOrEqual(30); // visit, checklist, observations, photo
    await discardRejection(d.db, siteRejection.id);

    expect(await d.db.sites.get(site.id)).toBeUndefined();
    expect(await d.db.visits.get(visit.id)).toBeUndefined();
    expect(await d.db.observations.where('visitId').equals(visit.id).count()).toBe(0);
    expect(await d.db.checklistItems.where('visitId').equals(visit.id).count()).toBe(0);
    expect(await d.db.photos.get(photo.photo.id)).toBeUndefined();
    expect(await d.db.blobs.get(photo.photo.sha256)).toBeUndefined();
    expect(await d.db.blobState.count()).toBe(0);
    expect(await openRejections(d.db)).toEqual([]);
    // The server's own site is untouched.
    expect(await d.db.sites.get(ownSite.id)).toBeDefined();

    expect((await d.engine.syncNow()).status).toBe('ok');
    expect(await d.db.outbox.count()).toBe(0);
    expect(await openRejections(d.db)).toEqual([]);
    expect(await d.db.sites.get(site.id)).toBeUndefined();
    expect(kind(await syncSummary(d.db))).toBe('ok');
    d.engine.stop();
    own.engine.stop();
  });
});

describe('discarding a refused patch', () => {
  it("returns the field to the server's value; later queued changes stay", async () => {
    const h = await harnessServer();
    const coordinator = await h.user('coordinator');
    const own = await device(h, coordinator.token);
    const site = await createSite(own.db, { municipality: 'Kassel', quarter: 'Nord' });
    expect((await own.engine.syncNow()).status).toBe('ok');
    const member = await h.user('member');
    const d = await device(h, member.token);
    expect((await d.engine.syncNow()).status).toBe('ok');

    await updateSite(d.db, site.id, { notes: 'not mine to change' });
    expect((await d.engine.syncNow()).status).toBe('ok');
    const r = (await openRejections(d.db))[0]!;
    expect(r).toMatchObject({ entity: 'site', code: 'forbidden' });
    expect((await d.db.sites.get(site.id))?.notes).toBe('not mine to change');
    expect((await discardImpact(d.db, r.id)).cascade).toBe(false);

    await discardRejection(d.db, r.id);
    expect((await d.db.sites.get(site.id))?.notes).toBe('');
    expect(kind(await syncSummary(d.db))).toBe('ok');
    d.engine.stop();
    own.engine.stop();
  });
});
