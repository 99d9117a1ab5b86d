// liveQuery needs a global indexedDB to observe changes in node.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { META } from '../../../src/client/db/meta-keys';
import { addObservation, createSite, createVisit } from '../../../src/client/db/mutators';
import type { AppDb } from '../../../src/client/db/schema';
import {
  observe,
  openConflicts,
  syncSummary,
  visitSyncSummary,
} from '../../../src/client/db/sync-queries';
import { makeTestDb } from '../../support/fake-db';
import { conflictFor, rejectionFor } from './status-fixtures';

let db: AppDb;
afterEach(() => db?.close());

async function seed() {
  db = makeTestDb();
  const site = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' });
  const visitA = await createVisit(db, { siteId: site.id, date: '2026-05-04' }, []);
  const visitB = await createVisit(db, { siteId: site.id, date: '2026-05-05' }, []);
  return { site, visitA, visitB };
}

describe('sync state queries', () => {
  it('global summary counts pending and acked entries and reports the oldest waiting entry', async () => {
    await seed();
    const all = await db.outbox.orderBy('clientSeq').toArray();
    await db.outbox.update(all[0]!.clientSeq, { state: 'acked', createdAt: 1000 });
    await db.outbox.update(all[1]!.clientSeq, { createdAt: 2000 });
    await db.outbox.update(all[2]!.clientSeq, { createdAt: 5000 });
    await db.meta.put({ key: META.lastSyncOkAt, value: '2026-05-04T10:00:00.000Z' });
    await db.meta.put({
      key: META.lastSyncError,
      value: { code: 'network', message: 'offline', at: 'x' },
    });
    const s = await syncSummary(db);
    expect(s).toMatchObject({
      pending: 2,
      unconfirmed: 1,
      oldestWaitingAt: 1000,
      openConflicts: 0,
      openRejections: 0,
      lastSyncOkAt: '2026-05-04T10:00:00.000Z',
    });
    expect(s.lastSyncError?.message).toBe('offline');
  });

  it("per-visit summary counts only that visit's entries, conflicts and rejections", async () => {
    const { visitA, visitB } = await seed();
    const obs = await addObservation(db, { visitId: visitA.id, fieldId: 'housing', text: 'a' });
    await db.conflicts.put(conflictFor(obs.id, 'text', 'theirs', 'mine'));
    await db.rejections.put(rejectionFor('observation', obs.id));
    await db.outbox.where('visitId').equals(visitA.id).modify({ lastError: 'HTTP 500' });
    const a = await visitSyncSummary(db, visitA.id);
    const b = await visitSyncSummary(db, visitB.id);
    expect(a).toMatchObject({
      pending: 2,
      openConflicts: 1,
      openRejections: 1,
      lastError: 'HTTP 500',
    });
    expect(b).toMatchObject({ pending: 1, openConflicts: 0, openRejections: 0, lastError: null });
    expect((await syncSummary(db)).openConflicts).toBe(1);
  });

  it('observe() delivers a new value after a write, so the view follows IndexedDB', async () => {
    const { visitA } = await seed();
    const seen: number[] = [];
    let wake: () => void = () => {};
    const stop = observe(
      () => openConflicts(db),
      (v) => {
        seen.push(v.length);
        wake();
      },
    );
    await new Promise<void>((ok) => {
      wake = ok;
    });
    const next = new Promise<void>((ok) => {
      wake = ok;
    });
    const obs = await addObservation(db, { visitId: visitA.id, fieldId: 'housing', text: 'a' });
    await db.conflicts.put(conflictFor(obs.id, 'text', 'x', 'y'));
    await next;
    stop();
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
  });
});
