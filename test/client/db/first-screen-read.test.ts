// The visits list's first screen read with IndexedDB itself (src/client/db/first-screen-read.ts):
// it must show what the live queries show (same rows, same order, same checks), never a row
// they would hide, create nothing when there is nothing, and leave the database free.
import { afterEach, describe, expect, it } from 'vitest';
import { IDBKeyRange } from 'fake-indexeddb';
import { AppDb } from '../../../src/client/db/schema';
import {
  addParticipant,
  createSite,
  createVisit,
  deleteRecord,
  updateChecklistItem,
} from '../../../src/client/db/mutators';
import {
  checklistOf,
  listSites,
  listVisits,
  participantsByVisit,
} from '../../../src/client/db/queries';
import { readFirstScreen } from '../../../src/client/db/first-screen-read';
import { IDBFactory, upgradeNotBlocked } from '../../support/fake-db';

let db: AppDb | undefined;
afterEach(() => db?.close());

function userDb(userId: string) {
  const factory = new IDBFactory();
  db = new AppDb(`standortbesuch-${userId}`, { indexedDB: factory, IDBKeyRange });
  return { db, factory };
}

/** Rows written with IndexedDB itself, past the app's checks (damaged data from elsewhere). */
function putRaw(factory: IDBFactory, name: string, store: string, rows: object[]): Promise<void> {
  return new Promise((ok, fail) => {
    const req = factory.open(name);
    req.onerror = () => fail(req.error);
    req.onsuccess = () => {
      const tx = req.result.transaction(store, 'readwrite');
      for (const r of rows) tx.objectStore(store).put(r);
      tx.oncomplete = () => {
        req.result.close();
        ok();
      };
      tx.onerror = () => fail(tx.error);
    };
  });
}

describe('the visits list read before Dexie', () => {
  it('reads what the live queries read: visits newest first, sites, participants, checklists', async () => {
    const { db, factory } = userDb('anna');
    const b = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' });
    const a = await createSite(db, { municipality: 'Gießen', quarter: 'Nordstadt' });
    const v1 = await createVisit(db, { siteId: b.id, date: '2026-03-01' });
    const v2 = await createVisit(db, { siteId: a.id, date: '2026-05-01' });
    const v3 = await createVisit(db, { siteId: b.id, date: '2026-05-01' });
    await addParticipant(db, v1.id, { name: 'Ben' });
    await addParticipant(db, v1.id, { name: 'Ada' });
    const items = await checklistOf(db, v2.id);
    expect(items.length).toBeGreaterThan(1); // the default templates' items
    // Moved to the top: the read orders each checklist as the live query does.
    await updateChecklistItem(db, items[1]!.id, { state: 'done', order: 0 });
    await updateChecklistItem(db, items[0]!.id, { order: 1 });

    const first = await readFirstScreen('anna', factory);
    expect(first).not.toBeNull();
    expect(first!.userId).toBe('anna');
    expect(first!.visits).toEqual(await listVisits(db));
    expect(first!.visits.map((v) => v.id)).toEqual([v3.id, v2.id, v1.id]);
    expect(first!.sites).toEqual(await listSites(db));
    expect(first!.participants).toEqual(await participantsByVisit(db));
    for (const v of [v1, v2, v3])
      expect(first!.checklists.get(v.id) ?? []).toEqual(await checklistOf(db, v.id));
  });

  it('hides what the live list hides: deleted rows and rows that fail the check', async () => {
    const { db, factory } = userDb('ben');
    const s = await createSite(db, { municipality: 'Kassel', quarter: 'Nord' });
    const good = await createVisit(db, { siteId: s.id, date: '2026-04-01' });
    const gone = await createVisit(db, { siteId: s.id, date: '2026-04-02' });
    await deleteRecord(db, 'visit', gone.id);
    const row = (await db.visits.get(good.id))!;
    const site = (await db.sites.get(s.id))!;
    db.close();
    const { date: _, ...dateless } = row;
    await putRaw(factory, 'standortbesuch-ben', 'visits', [
      { ...dateless, id: 'visit-without-date' },
      { ...row, id: 'visit-bad-status', status: 'lost' },
    ]);
    await putRaw(factory, 'standortbesuch-ben', 'sites', [
      { ...site, id: 'site-bad', municipality: ' ' },
    ]);
    await db.open();

    const first = await readFirstScreen('ben', factory);
    expect(first!.visits.map((v) => v.id)).toEqual([good.id]);
    expect(first!.visits).toEqual(await listVisits(db));
    expect(first!.sites.map((x) => x.id)).toEqual([s.id]);
  });

  it('creates no database for a user without one', async () => {
    const factory = new IDBFactory();
    expect(await readFirstScreen('ghost', factory)).toBeNull();
    expect((await factory.databases()).map((x) => x.name)).not.toContain('standortbesuch-ghost');
  });

  it('is null for a database without the list stores', async () => {
    const factory = new IDBFactory();
    await new Promise<void>((ok) => {
      const req = factory.open('standortbesuch-bare', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('meta');
      req.onsuccess = () => {
        req.result.close();
        ok();
      };
    });
    expect(await readFirstScreen('bare', factory)).toBeNull();
  });

  it('closes its connection: an upgrade right after it is not blocked', async () => {
    const { db, factory } = userDb('cleo');
    await createSite(db, { municipality: 'Fulda', quarter: 'Ost' });
    db.close();
    await readFirstScreen('cleo', factory);
    expect(await upgradeNotBlocked(factory, 'standortbesuch-cleo')).toBe(1000);
  });
});
