// What happens to a Quartiersmanagement device when a coordinator moves its account to another
// site while it still has queued work for the old one (docs/architecture.md §Auth): the real
// engine against the real server in-process. The users page states exactly this in its
// confirmation before the move (src/client/app/users/rebind-dialog.tsx).
import { afterEach, describe, expect, it } from 'vitest';
import { discardRejection } from '../../../src/client/db/conflict-mutators';
import {
  addObservation,
  createSite,
  createVisit,
  updateVisit,
} from '../../../src/client/db/mutators';
import { openRejections, syncSummary } from '../../../src/client/db/sync-queries';
import { closeOpened, harnessDevice, harnessServer } from '../../support/client-engine';
import type { Harness } from '../../support/server';

afterEach(closeOpened);

const device = (h: Harness, token: string) => harnessDevice(h, token);

/** Every row on the device that names `siteId` or one of `visitIds` (or is the site itself). */
async function rowsOf(d: ReturnType<typeof device>, siteId: string, visitIds: Set<string>) {
  const found: string[] = [];
  for (const t of d.db.tables) {
    if (['outbox', 'meta', 'rejections', 'conflicts', 'blobs', 'blobState'].includes(t.name))
      continue;
    for (const r of (await t.toArray()) as { id?: string; siteId?: string; visitId?: string }[]) {
      if (r.id === siteId || r.siteId === siteId || (r.visitId && visitIds.has(r.visitId)))
        found.push(`${t.name}:${r.id}`);
    }
  }
  return found;
}

describe('moving a Quartiersmanagement account to another site', () => {
  it('refuses its queued work for the old site as rejections, resets the device to the new site; discarding them leaves nothing of the old site', async () => {
    const h = await harnessServer();
    const coordinator = await h.user('coordinator');
    const c = device(h, coordinator.token);
    const siteA = await createSite(c.db, { municipality: 'Kassel', quarter: 'Nord' });
    const visitA = await createVisit(c.db, { siteId: siteA.id, date: '2026-05-04' });
    const siteB = await createSite(c.db, { municipality: 'Gießen', quarter: 'Nordstadt' });
    const visitB = await createVisit(c.db, { siteId: siteB.id, date: '2026-05-05' });
    expect((await c.engine.syncNow()).status).toBe('ok');

    const qm = await h.user('quartiersmanagement', siteA.id);
    const d = device(h, qm.token);
    expect((await d.engine.syncNow()).status).toBe('ok');
    expect(await d.db.visits.get(visitA.id)).toBeDefined();
    expect(await d.db.visits.get(visitB.id)).toBeUndefined();

    // Offline work for site A: a new visit with an observation, and an edit of the existing visit.
    const own = await createVisit(d.db, { siteId: siteA.id, date: '2026-06-01' });
    const obs = await addObservation(d.db, { visitId: own.id, fieldId: 'housing', text: 'lokal' });
    await updateVisit(d.db, visitA.id, { goals: 'vor dem Wechsel' });
    const queued = await d.db.outbox.count();
    expect(queued).toBeGreaterThan(2);

    // The coordinator moves the account to site B before the device syncs again.
    const moved = await h.req(`/api/v1/users/${qm.id}`, {
      method: 'PATCH',
      token: coordinator.token,
      json: { siteId: siteB.id },
    });
    expect(moved.status).toBe(200);

    expect((await d.engine.syncNow()).status).toBe('ok');
    // Every queued change came back as a rejection; the outbox is empty.
    expect(await d.db.outbox.count()).toBe(0);
    const rejections = await openRejections(d.db);
    expect(rejections).toHaveLength(queued);
    // The old site is out of the account's scope: the server answers as if it did not exist (no
    // existence oracle, docs/architecture.md §Auth): the edit of its visit 'not_found', the new
    // visit 'parent_missing' (its site), and the new visit's children 'parent_missing' (their visit).
    const codeOf = (entity: string, id: string) =>
      rejections.find((r) => r.entity === entity && r.entityId === id)?.code;
    expect(codeOf('visit', visitA.id)).toBe('not_found');
    expect(codeOf('visit', own.id)).toBe('parent_missing');
    expect(codeOf('observation', obs.id)).toBe('parent_missing');
    expect(new Set(rejections.map((r) => r.code))).toEqual(
      new Set(['not_found', 'parent_missing']),
    );
    // The device now holds site B. Of site A only the rows its refused changes name stay, as the
    // person left them (a rejection never changes local data): its new visit with observation and
    // checklist, and the edited visit of A.
    expect(await d.db.sites.get(siteB.id)).toBeDefined();
    expect(await d.db.visits.get(visitB.id)).toBeDefined();
    expect(await d.db.sites.get(siteA.id)).toBeUndefined();
    expect((await d.db.visits.get(visitA.id))?.goals).toBe('vor dem Wechsel');
    const ownChecklist = await d.db.checklistItems.where('visitId').equals(own.id).primaryKeys();
    expect(ownChecklist.length).toBeGreaterThan(0);
    expect((await rowsOf(d, siteA.id, new Set([visitA.id, own.id]))).sort()).toEqual(
      [
        `visits:${own.id}`,
        `visits:${visitA.id}`,
        `observations:${obs.id}`,
        ...ownChecklist.map((id) => `checklistItems:${id}`),
      ].sort(),
    );
    // The rejections keep the refused payloads (exportable); discarding them all leaves nothing of A.
    for (const r of rejections) {
      if ((await openRejections(d.db)).some((x) => x.id === r.id))
        await discardRejection(d.db, r.id);
    }
    expect(await rowsOf(d, siteA.id, new Set([visitA.id, own.id]))).toEqual([]);
    expect(await openRejections(d.db)).toEqual([]);

    expect((await d.engine.syncNow()).status).toBe('ok');
    expect(await d.db.outbox.count()).toBe(0);
    expect((await syncSummary(d.db)).pending).toBe(0);
    // The server never saw any of it.
    const pulled = await c.engine.syncNow();
    expect(pulled.status).toBe('ok');
    expect(await c.db.visits.get(own.id)).toBeUndefined();
    expect((await c.db.visits.get(visitA.id))?.goals ?? '').not.toBe('vor dem Wechsel');
    d.engine.stop();
    c.engine.stop();
  }, 30_000);
});
