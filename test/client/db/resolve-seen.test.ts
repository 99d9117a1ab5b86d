// A decision names the save it was made on (`seen`, docs/architecture.md §Merge "A decision never
// sets aside a save nobody deciding saw"): a later save of the same device may join the conflict
// on the device (a pull) while the person decides. The decision then carries the save the person
// saw, so the server keeps the later one open, never the mutation id the row holds by then.
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConflict } from '../../../src/client/db/conflict-mutators';
import { createSite, createVisit } from '../../../src/client/db/mutators';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';
import { conflictFor } from '../sync/status-fixtures';

let db: AppDb;
afterEach(() => db?.close());

async function seed() {
  db = makeTestDb();
  const site = await createSite(db, { municipality: 'Kassel', quarter: 'Nord' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' }, []);
  await db.outbox.clear(); // as if synced
  await db.transaction('rw', [db.visits, db.outbox], () => db.visits.update(visit.id, { _v: 3 }));
  const c = conflictFor(visit.id, 'goals', 'A', 'B1', 'visit');
  await db.conflicts.put(c);
  return c;
}

/** The pull of the server's joined conflict: B's later save B12 under another mutation. */
const joinLater = (id: string) =>
  db.conflicts.update(id, { clientValue: 'B12', mutationId: 'mutation-b12' });

async function queuedSeen(): Promise<unknown> {
  const [e] = await db.outbox.where('entity').equals('conflictResolution').toArray();
  return e?.fields['seen'];
}

describe('the save a decision was made on', () => {
  it('is the one the person saw, passed by the page, even when a later save joined since', async () => {
    const c = await seed();
    await joinLater(c.id);
    await resolveConflict(db, c.id, 'theirs', undefined, c.mutationId);
    expect(await queuedSeen()).toBe(c.mutationId);
  });

  it('without it, is the one the decision was computed on, not one pulled in meanwhile', async () => {
    const c = await seed();
    // The pull commits between the decision's first read and its write transaction.
    const original = db.entityTable.bind(db);
    let pulled = false;
    db.entityTable = ((entity: never) => {
      const table = original(entity);
      if (pulled) return table;
      pulled = true;
      return Object.assign(Object.create(table) as object, {
        get: async (key: string) => {
          const row = await table.get(key);
          await joinLater(c.id);
          return row;
        },
      });
    }) as typeof db.entityTable;
    await resolveConflict(db, c.id, 'theirs');
    expect(pulled).toBe(true);
    expect((await db.conflicts.get(c.id))?.mutationId).toBe('mutation-b12');
    expect(await queuedSeen()).toBe(c.mutationId);
  });
});
