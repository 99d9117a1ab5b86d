// A conflict decision is checked against the whole record on the device too (docs/architecture.md
// §Merge): "edited" without a value, or with one that breaks the record, is refused and writes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/client/db/errors';
import { createSite, createVisit } from '../../../src/client/db/mutators';
import { resolveConflict } from '../../../src/client/db/conflict-mutators';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';
import { conflictFor } from '../sync/status-fixtures';

let db: AppDb;
afterEach(() => db?.close());

async function seedVisit() {
  db = makeTestDb();
  const site = await createSite(db, { municipality: 'Kassel', quarter: 'Nord' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' }, []);
  await db.outbox.clear(); // as if synced
  await db.transaction('rw', [db.visits, db.outbox], () => db.visits.update(visit.id, { _v: 3 }));
  return visit;
}

describe('resolving a visit date conflict as "edited"', () => {
  it.each([
    ['without a value', undefined],
    ['with null', null],
    ['with a number', 42],
    ['with an empty string', ''],
  ])(
    '%s is refused: the date stays, nothing is queued, the conflict stays open',
    async (_n, value) => {
      const visit = await seedVisit();
      const c = conflictFor(visit.id, 'date', '2026-05-04', '2026-06-01', 'visit');
      await db.conflicts.put(c);
      await expect(resolveConflict(db, c.id, 'edited', value)).rejects.toBeInstanceOf(
        ValidationError,
      );
      expect((await db.visits.get(visit.id))?.date).toBe('2026-05-04');
      expect(await db.outbox.count()).toBe(0);
      expect((await db.conflicts.get(c.id))?.status).toBe('open');
    },
  );

  it('a valid value is applied', async () => {
    const visit = await seedVisit();
    const c = conflictFor(visit.id, 'date', '2026-05-04', '2026-06-01', 'visit');
    await db.conflicts.put(c);
    await resolveConflict(db, c.id, 'edited', '2026-07-07');
    expect((await db.visits.get(visit.id))?.date).toBe('2026-07-07');
  });
});
