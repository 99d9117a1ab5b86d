// Participants are rows of their own (docs/adr/0007-participants-as-rows.md): each field of each
// person is its own patch, so quick edits on one device never undo each other, and a database
// written before the change is converted without losing a name.
import Dexie from 'dexie';
import { IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addParticipant,
  createSite,
  createVisit,
  removeParticipant,
  updateParticipant,
} from '../../../src/client/db/mutators';
import { participantsOf } from '../../../src/client/db/queries';
import { AppDb, STORES_V1 } from '../../../src/client/db/schema';
import { legacyParticipantId } from '../../../src/shared/domain/schemas';
import { IDBFactory, makeTestDb } from '../../support/fake-db';

let db: AppDb;
afterEach(() => db?.close());

async function seed() {
  db = makeTestDb(new IDBFactory());
  const site = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' });
  return createVisit(db, { siteId: site.id, date: '2026-05-04' });
}

describe('participants on one device', () => {
  it('name then organisation typed straight after adding a person: both kept, one patch each', async () => {
    const visit = await seed();
    const p = await addParticipant(db, visit.id, { name: 'J' });
    // The two autosaves of the editor fire together (no await between them), as after
    // "+ Person hinzufügen" followed by quick typing or autofill.
    await Promise.all([
      updateParticipant(db, p.id, { name: 'Jürgen Müller' }),
      updateParticipant(db, p.id, { organisation: 'Paritätischer Wohlfahrtsverband' }),
    ]);
    const [row] = await participantsOf(db, visit.id);
    expect(row).toMatchObject({
      name: 'Jürgen Müller',
      organisation: 'Paritätischer Wohlfahrtsverband',
      role: '',
    });
    const patches = await db.outbox.where('[entity+entityId]').equals(['participant', p.id]);
    const fields = (await patches.toArray()).filter((e) => e.op === 'patch').map((e) => e.fields);
    expect(fields).toEqual(
      expect.arrayContaining([
        { name: 'Jürgen Müller' },
        { organisation: 'Paritätischer Wohlfahrtsverband' },
      ]),
    );
  });

  it('nine people with organisations filled in as fast as possible: nothing lost', async () => {
    const visit = await seed();
    const people = await Promise.all(
      Array.from({ length: 9 }, (_, i) => addParticipant(db, visit.id, { name: `Person ${i}` })),
    );
    await Promise.all(
      people.flatMap((p, i) => [
        updateParticipant(db, p.id, { organisation: `Organisation ${i}` }),
        updateParticipant(db, p.id, { role: `Rolle ${i}` }),
      ]),
    );
    const rows = await participantsOf(db, visit.id);
    expect(rows.map((r) => [r.name, r.organisation, r.role]).sort()).toEqual(
      people.map((_, i) => [`Person ${i}`, `Organisation ${i}`, `Rolle ${i}`]).sort(),
    );
  });

  it('lists in order, then by creation; a removed person is a tombstone, hidden from the list', async () => {
    const visit = await seed();
    const a = await addParticipant(db, visit.id, { name: 'A' });
    const b = await addParticipant(db, visit.id, { name: 'B' });
    const c = await addParticipant(db, visit.id, { name: 'C' });
    expect([a.order, b.order, c.order]).toEqual([0, 1, 2]);
    await updateParticipant(db, c.id, { order: 0 });
    expect((await participantsOf(db, visit.id)).map((p) => p.name)).toEqual(['A', 'C', 'B']);
    await removeParticipant(db, b.id);
    expect((await participantsOf(db, visit.id)).map((p) => p.name)).toEqual(['A', 'C']);
    expect((await db.participants.get(b.id))?._deleted).toBe(1);
  });

  it('refuses a person without a name and one on a visit that does not exist', async () => {
    const visit = await seed();
    await expect(addParticipant(db, visit.id, { name: '  ' })).rejects.toThrow();
    await expect(addParticipant(db, 'no-such-visit', { name: 'A' })).rejects.toThrow();
    expect(await db.participants.count()).toBe(0);
  });
});

describe('a database written before participants were rows (Dexie version 1)', () => {
  it('turns each visit list into rows with the deterministic ids, keeps pending edits, leaves the outbox alone', async () => {
    const factory = new IDBFactory();
    const name = 'legacy-participants';
    const old = new Dexie(name, { indexedDB: factory, IDBKeyRange });
    old.version(1).stores(STORES_V1);
    const visit = {
      id: 'v1',
      siteId: 's1',
      date: '2026-05-04',
      phase: 'isek',
      status: 'planned',
      goals: '',
      route: '',
      notes: '',
      createdAt: '2026-05-04T08:00:00.000Z',
    };
    const pulled = [
      { name: 'Ayşe', organisation: 'QM', role: '' },
      { name: 'Bernd', organisation: '', role: 'Gast' },
    ];
    // Shown = pulled + this device's queued edit: Ayşe's organisation changed, Clara added.
    const shown = [
      { name: 'Ayşe', organisation: 'Caritas', role: '' },
      { name: 'Bernd', organisation: '', role: 'Gast' },
      { name: 'Clara', organisation: 'IHK', role: '' },
    ];
    const entry = {
      id: 'm1',
      clientSeq: 1,
      entity: 'visit',
      entityId: 'v1',
      op: 'patch',
      baseVersion: 7,
      fields: { participants: shown },
      schemaVersion: 1,
      clientTime: '2026-05-04T09:00:00.000Z',
      visitId: 'v1',
      state: 'pending',
      createdAt: 1,
      attempts: 0,
    };
    await old.table('visits').put({
      ...visit,
      participants: shown,
      _v: 7,
      _deleted: 0,
      _base: { row: { ...visit, participants: pulled }, deleted: false },
    });
    await old.table('visits').put({ ...visit, id: 'v2', participants: [], _v: 3, _deleted: 0 });
    await old.table('outbox').put(entry);
    old.close();

    db = new AppDb(name, { indexedDB: factory, IDBKeyRange });
    const rows = await db.participants.where('visitId').equals('v1').toArray();
    expect(rows.map((r) => r.id)).toEqual([0, 1, 2].map((i) => legacyParticipantId('v1', i)));
    expect(rows.map((r) => [r.name, r.organisation, r.role, r.order, r._v])).toEqual([
      ['Ayşe', 'Caritas', '', 0, 7],
      ['Bernd', '', 'Gast', 1, 7],
      ['Clara', 'IHK', '', 2, 0],
    ]);
    const base = rows[0] as unknown as { _base: { row: { organisation: string } } };
    expect(base._base.row.organisation).toBe('QM');
    expect(rows[2]).not.toHaveProperty('_base');
    const v1 = (await db.visits.get('v1')) as unknown as Record<string, unknown> & {
      _base: { row: object };
    };
    expect(v1).not.toHaveProperty('participants');
    expect(v1._base.row).not.toHaveProperty('participants');
    expect(await db.visits.get('v2')).not.toHaveProperty('participants');
    expect(await db.outbox.toArray()).toEqual([entry]);
  });
});
