// The ratings of the action fields on the device (docs/domain.md §Ratings): the first edit of a
// field creates its row under fieldRatingId, later edits patch only what changed, a row that
// arrived from another device is patched instead of created again, and two devices rating the
// same field offline meet on the real server as one record.
import { afterEach, describe, expect, it } from 'vitest';
import { fieldRatingId } from '../../../src/shared/domain/schemas';
import { RecordNotFoundError, ValidationError } from '../../../src/client/db/errors';
import { createSite, createVisit } from '../../../src/client/db/mutators';
import { rateField } from '../../../src/client/db/rating-mutators';
import { ratingsOfVisit } from '../../../src/client/db/rating-queries';
import type { AppDb } from '../../../src/client/db/schema';
import { closeOpened, harnessDevice, harnessServer } from '../../support/client-engine';
import { IDBFactory, makeTestDb } from '../../support/fake-db';

let db: AppDb;
afterEach(async () => {
  db?.close();
  await closeOpened();
});

async function seed(target = makeTestDb(new IDBFactory())) {
  db = target;
  const site = await createSite(db, { municipality: 'Kassel', quarter: 'Nordstadt' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
  return { site, visit };
}

const entriesOf = async (d: AppDb, id: string) =>
  (await d.outbox.orderBy('clientSeq').toArray())
    .filter((e) => e.entityId === id)
    .map((e) => [e.op, e.fields]);

describe('rateField', () => {
  it('creates the row on the first edit, then patches only what changed', async () => {
    const { visit } = await seed();
    const id = fieldRatingId(visit.id, 'local', 'housing');
    await rateField(db, visit.id, 'local', 'housing', { rating: 2 });
    await rateField(db, visit.id, 'local', 'housing', { note: 'Leerstand' });
    await rateField(db, visit.id, 'local', 'housing', { rating: 2 }); // unchanged: nothing queued
    await rateField(db, visit.id, 'local', 'housing', { rating: null });
    expect(await entriesOf(db, id)).toEqual([
      [
        'create',
        { visitId: visit.id, fieldId: 'housing', perspective: 'local', rating: 2, note: '' },
      ],
      ['patch', { note: 'Leerstand' }],
      ['patch', { rating: null }],
    ]);
    const r = await ratingsOfVisit(db, visit.id);
    expect(r.local.housing).toMatchObject({ id, rating: null, note: 'Leerstand' });
    expect(r.outside).toEqual({});
  });

  it('keeps the perspectives apart: the same field has one row per perspective', async () => {
    const { visit } = await seed();
    await rateField(db, visit.id, 'local', 'climate', { rating: 4 });
    await rateField(db, visit.id, 'outside', 'climate', { rating: 1 });
    const r = await ratingsOfVisit(db, visit.id);
    expect([r.local.climate?.rating, r.outside.climate?.rating]).toEqual([4, 1]);
    expect(r.outside.climate?.id).toBe(fieldRatingId(visit.id, 'outside', 'climate'));
  });

  it('a row that already exists on the device (synced from elsewhere) is patched, not created', async () => {
    const { visit } = await seed();
    const id = fieldRatingId(visit.id, 'outside', 'mobility');
    // As the sync writes a pulled row: no outbox entry, a server version.
    await db.transaction('rw', [db.fieldRatings, db.outbox], () =>
      db.fieldRatings.put({
        id,
        visitId: visit.id,
        fieldId: 'mobility',
        perspective: 'outside',
        rating: 3,
        note: 'vom Tablet',
        _v: 7,
        _deleted: 0,
      }),
    );
    await rateField(db, visit.id, 'outside', 'mobility', { rating: 5, note: 'vom Tablet' });
    const out = (await db.outbox.toArray()).filter((e) => e.entityId === id);
    expect(out.map((e) => [e.op, e.fields, e.baseVersion])).toEqual([['patch', { rating: 5 }, 7]]);
  });

  it('refuses a rating outside 1–5, an over-long note and a visit that is not there; nothing is queued', async () => {
    const { visit } = await seed();
    const before = await db.outbox.count();
    const fail = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => e,
      );
    const six = await fail(rateField(db, visit.id, 'local', 'housing', { rating: 6 }));
    expect(six).toBeInstanceOf(ValidationError);
    expect((six as ValidationError).issues[0]?.path).toBe('rating');
    const long = await fail(
      rateField(db, visit.id, 'local', 'housing', { note: 'x'.repeat(5001) }),
    );
    expect((long as ValidationError).issues[0]?.path).toBe('note');
    expect(await fail(rateField(db, 'nirgends', 'local', 'housing', { rating: 1 }))).toBeInstanceOf(
      RecordNotFoundError,
    );
    expect(await db.outbox.count()).toBe(before);
  });
});

describe('two devices rating the same field offline, on the real server', () => {
  it('both create the same id; the server keeps one record and a conflict on the differing rating', async () => {
    const h = await harnessServer();
    const a = harnessDevice(h, (await h.user('coordinator')).token);
    const b = harnessDevice(h, (await h.user('member')).token);
    const { visit } = await seed(a.db);
    const sync = async (d: typeof a) => {
      const out = await d.engine.syncNow();
      expect(out.error ?? null).toBeNull();
    };
    await sync(a);
    await sync(b);
    await rateField(a.db, visit.id, 'outside', 'housing', { rating: 2 });
    await rateField(b.db, visit.id, 'outside', 'housing', { rating: 4 });
    await sync(a);
    await sync(b);
    await sync(a);
    const id = fieldRatingId(visit.id, 'outside', 'housing');
    for (const d of [a, b]) {
      expect(await d.db.fieldRatings.where('visitId').equals(visit.id).count()).toBe(1);
      expect(await d.db.fieldRatings.get(id)).toMatchObject({ rating: 2 });
      const conflicts = await d.db.conflicts.where('entityId').equals(id).toArray();
      expect(conflicts.map((c) => [c.field, c.serverValue, c.clientValue, c.status])).toEqual([
        ['rating', 2, 4, 'open'],
      ]);
    }
  });
});
