// Refused changes grouped by cause, discarded or sent again as a group (docs/architecture.md
// §Errors), against the real server in-process: a refused site takes its visit and its 30-odd
// children into ONE group; "Alle verwerfen" clears it in one step; "Alle erneut senden" is offered
// only where the server would now accept it (the one policy) and then goes through.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { User } from '../../../src/shared/auth';
import { discardRejections, resendRejections } from '../../../src/client/db/conflict-mutators';
import {
  addObservation,
  createSite,
  createVisit,
  deleteRecord,
} from '../../../src/client/db/mutators';
import { rejectionGroups, resendable } from '../../../src/client/db/review-queries';
import { openRejections } from '../../../src/client/db/sync-queries';
import { closeOpened, harnessDevice, harnessServer } from '../../support/client-engine';
import type { Harness } from '../../support/server';

afterEach(closeOpened);

const device = (h: Harness, token: string) => harnessDevice(h, token);

type Account = Awaited<ReturnType<Harness['user']>>;
const asUser = (a: Account, role = a.role, siteId = a.siteId): User => ({
  id: a.id,
  email: a.email,
  name: a.name,
  role,
  siteId,
  disabled: false,
});

/** The account gets another role on the server (as the coordinator would set it). */
function promote(h: Harness, id: string, role: string) {
  const raw = new Database(h.dbFile);
  raw.prepare('UPDATE users SET role = ?, site_id = NULL WHERE id = ?').run(role, id);
  raw.close();
}

async function refusedSite(h: Harness) {
  const coordinator = await h.user('coordinator');
  const own = await device(h, coordinator.token);
  const ownSite = await createSite(own.db, { municipality: 'Kassel', quarter: 'Nord' });
  expect((await own.engine.syncNow()).status).toBe('ok');
  own.engine.stop();
  const qm = await h.user('quartiersmanagement', ownSite.id);
  const d = await device(h, qm.token);
  expect((await d.engine.syncNow()).status).toBe('ok');
  const site = await createSite(d.db, { municipality: 'Gießen', quarter: 'Nordstadt' });
  const visit = await createVisit(d.db, { siteId: site.id, date: '2026-05-04' });
  await addObservation(d.db, {
    visitId: visit.id,
    fieldId: 'housing',
    text: 'Spielplatz zu klein',
  });
  await addObservation(d.db, { visitId: visit.id, fieldId: 'mobility', text: 'Bus fährt selten' });
  expect((await d.engine.syncNow()).status).toBe('ok');
  return { qm, d, site, visit };
}

describe('rejection groups', { timeout: 30_000 }, () => {
  it('a refused site and everything below it are one group; "Alle verwerfen" clears it at once', async () => {
    const h = await harnessServer();
    const { qm, d, site } = await refusedSite(h);
    const open = await openRejections(d.db);
    expect(open.length).toBeGreaterThan(30);

    const groups = await rejectionGroups(d.db);
    expect(groups).toHaveLength(1);
    const [g] = groups;
    expect(g!.head).toMatchObject({ entity: 'site', entityId: site.id, code: 'forbidden' });
    expect(g!.members).toHaveLength(open.length - 1);
    expect(g!.head.ctx.record).toMatchObject({ municipality: 'Gießen' });
    // The policy still refuses a site to this role: nothing is offered for resending.
    expect(resendable(g!, asUser(qm))).toEqual([]);

    const n = await discardRejections(d.db, [g!.head.id, ...g!.members.map((m) => m.id)]);
    expect(n).toBe(1); // the head's discard took every dependent change with it
    expect(await openRejections(d.db)).toEqual([]);
    expect(await d.db.sites.get(site.id)).toBeUndefined();
    expect((await d.engine.syncNow()).status).toBe('ok');
    expect(await d.db.outbox.count()).toBe(0);
    expect(await openRejections(d.db)).toEqual([]);
    d.engine.stop();
  });

  it('once the role allows it, "Alle erneut senden" creates the site, then its visit and children', async () => {
    const h = await harnessServer();
    const { qm, d, site, visit } = await refusedSite(h);
    promote(h, qm.id, 'coordinator');
    const [g] = await rejectionGroups(d.db);
    const again = resendable(g!, asUser(qm, 'coordinator', null));
    expect(again[0]!.id).toBe(g!.head.id);
    expect(again).toHaveLength(1 + g!.members.length);

    await resendRejections(
      d.db,
      again.map((r) => r.id),
    );
    expect(await openRejections(d.db)).toEqual([]);
    expect((await d.engine.syncNow()).status).toBe('ok');
    expect((await d.engine.syncNow()).status).toBe('ok');
    expect(await openRejections(d.db)).toEqual([]);
    expect(await d.db.outbox.count()).toBe(0);
    const observer = await device(h, (await h.user('coordinator')).token);
    expect((await observer.engine.syncNow()).status).toBe('ok');
    expect(await observer.db.sites.get(site.id)).toMatchObject({ municipality: 'Gießen' });
    expect(await observer.db.observations.where('visitId').equals(visit.id).count()).toBe(2);
    expect(
      await observer.db.checklistItems.where('visitId').equals(visit.id).count(),
    ).toBeGreaterThan(20);
    d.engine.stop();
    observer.engine.stop();
  });

  it('a refused delete is sent again with its own op once allowed; an invalid change never is', async () => {
    const h = await harnessServer();
    const coordinator = await h.user('coordinator');
    const c = await device(h, coordinator.token);
    const s = await createSite(c.db, { municipality: 'Fulda', quarter: 'Ziehers' });
    const visit = await createVisit(c.db, { siteId: s.id, date: '2026-06-01' });
    expect((await c.engine.syncNow()).status).toBe('ok');
    const member = await h.user('member');
    const d = await device(h, member.token);
    expect((await d.engine.syncNow()).status).toBe('ok');
    await deleteRecord(d.db, 'visit', visit.id);
    expect((await d.engine.syncNow()).status).toBe('ok');
    const [g] = await rejectionGroups(d.db);
    expect(g!.head).toMatchObject({ entity: 'visit', code: 'forbidden' });
    expect(resendable(g!, asUser(member))).toEqual([]);
    expect(
      resendable({ ...g!, head: { ...g!.head, code: 'invalid' } }, asUser(member, 'coordinator')),
    ).toEqual([]);

    promote(h, member.id, 'coordinator');
    const again = resendable(g!, asUser(member, 'coordinator'));
    expect(again.map((r) => r.id)).toEqual([g!.head.id]);
    expect(await resendRejections(d.db, [g!.head.id])).toBe(1);
    expect(await d.db.visits.get(visit.id)).toMatchObject({ _deleted: 1 });
    expect((await d.engine.syncNow()).status).toBe('ok');
    expect((await c.engine.syncNow()).status).toBe('ok');
    expect(await c.db.visits.get(visit.id)).toMatchObject({ _deleted: 1 });
    expect(await openRejections(d.db)).toEqual([]);
    c.engine.stop();
    d.engine.stop();
  });
});
