import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/client/db/errors';
import { addObservation, createSite, createVisit } from '../../../src/client/db/mutators';
import {
  ConflictNotOpenError,
  RejectionNotOpenError,
  discardRejection,
  resolveConflict,
  resubmitRejection,
} from '../../../src/client/db/conflict-mutators';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';
import { conflictFor, rejectionFor } from './status-fixtures';

let db: AppDb;
afterEach(() => db?.close());

async function seedObservation() {
  db = makeTestDb();
  const site = await createSite(db, { municipality: 'Kassel', quarter: 'Nord' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' }, []);
  const obs = await addObservation(db, { visitId: visit.id, fieldId: 'housing', text: 'mine' });
  await db.outbox.clear(); // as if synced
  await db.transaction('rw', [db.observations, db.outbox], () =>
    db.observations.update(obs.id, { _v: 7 }),
  );
  return { visit, obs };
}

/** The outbox holds exactly one entry: that entry. */
async function onlyOutboxEntry() {
  const out = await db.outbox.toArray();
  expect(out).toHaveLength(1);
  return out[0];
}

describe('resolving a conflict', () => {
  it.each([
    ['theirs', undefined, 'server text'],
    ['mine', undefined, 'my text'],
    ['edited', 'merged text', 'merged text'],
  ] as const)(
    '%s: applies the chosen value locally and enqueues one conflictResolution mutation',
    async (resolution, value, expected) => {
      const { visit, obs } = await seedObservation();
      const c = conflictFor(obs.id, 'text', 'server text', 'my text');
      await db.conflicts.put(c);
      await resolveConflict(db, c.id, resolution, value);
      expect((await db.observations.get(obs.id))?.text).toBe(expected);
      expect(await db.conflicts.get(c.id)).toMatchObject({ status: 'resolved', resolution });
      expect(await onlyOutboxEntry()).toMatchObject({
        entity: 'conflictResolution',
        entityId: c.id,
        op: 'patch',
        baseVersion: 7,
        visitId: visit.id,
        state: 'pending',
        fields:
          resolution === 'edited'
            ? { conflictId: c.id, resolution, value }
            : { conflictId: c.id, resolution },
      });
    },
  );

  it('refuses an already resolved conflict and an invalid edited value, writing nothing', async () => {
    const { obs } = await seedObservation();
    const c = conflictFor(obs.id, 'rating', 2, 3);
    await db.conflicts.put(c);
    await expect(resolveConflict(db, c.id, 'edited', 99)).rejects.toBeInstanceOf(ValidationError);
    expect(await db.outbox.count()).toBe(0);
    await resolveConflict(db, c.id, 'theirs');
    await expect(resolveConflict(db, c.id, 'mine')).rejects.toBeInstanceOf(ConflictNotOpenError);
    expect(await db.outbox.count()).toBe(1);
  });
});

describe('rejections', () => {
  it('resubmit sends the edited values as a new patch and marks the rejection resolved', async () => {
    const { obs } = await seedObservation();
    const r = rejectionFor('observation', obs.id, { op: 'patch', fields: { text: 'too rude' } });
    await db.rejections.put(r);
    await resubmitRejection(db, r.id, { text: 'polite' });
    expect((await db.observations.get(obs.id))?.text).toBe('polite');
    expect((await db.rejections.get(r.id))?.resolved).toBe(1);
    expect(await onlyOutboxEntry()).toMatchObject({
      entity: 'observation',
      entityId: obs.id,
      op: 'patch',
      baseVersion: 7,
      fields: { text: 'polite' },
    });
  });

  it('resubmitting a record the server never accepted sends a full create', async () => {
    const { obs } = await seedObservation();
    await db.transaction('rw', [db.observations, db.outbox], () =>
      db.observations.update(obs.id, { _v: 0 }),
    );
    const r = rejectionFor('observation', obs.id, { op: 'create' });
    await db.rejections.put(r);
    await resubmitRejection(db, r.id, { text: 'fixed' });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ op: 'create', baseVersion: null });
    expect(entry?.fields).toMatchObject({
      visitId: obs.visitId,
      fieldId: 'housing',
      text: 'fixed',
    });
    expect(entry?.fields).not.toHaveProperty('id');
  });

  it('an invalid resubmission writes nothing and keeps the rejection open', async () => {
    const { obs } = await seedObservation();
    const r = rejectionFor('observation', obs.id);
    await db.rejections.put(r);
    await expect(resubmitRejection(db, r.id, { rating: 42 })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await db.outbox.count()).toBe(0);
    expect((await db.rejections.get(r.id))?.resolved).toBe(0);
    expect((await db.observations.get(obs.id))?.rating).toBeNull();
  });

  it('discard closes the notice without touching the outbox or the record', async () => {
    const { obs } = await seedObservation();
    const r = rejectionFor('observation', obs.id);
    await db.rejections.put(r);
    await discardRejection(db, r.id);
    expect((await db.rejections.get(r.id))?.resolved).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    await expect(discardRejection(db, r.id)).rejects.toBeInstanceOf(RejectionNotOpenError);
  });
});
