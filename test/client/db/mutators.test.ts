import { afterEach, describe, expect, it } from 'vitest';
import {
  ValidationError,
  StorageFullError,
  RecordNotFoundError,
} from '../../../src/client/db/errors';
import {
  addObservation,
  createSite,
  createVisit,
  deleteRecord,
  updateChecklistItem,
  updateObservation,
} from '../../../src/client/db/mutators';
import {
  CHECKLIST_TEMPLATES,
  checklistItemId,
} from '../../../src/shared/domain/checklist-templates';
import type { AppDb } from '../../../src/client/db/schema';
import { IDBFactory, makeTestDb } from '../../support/fake-db';
import { breakTable } from '../../support/table-fault';

let db: AppDb;
afterEach(() => db?.close());

let factory: IDBFactory;
async function seed() {
  factory = new IDBFactory();
  db = makeTestDb(factory);
  const site = await createSite(db, { municipality: 'Offenbach', quarter: 'Nordend' });
  const visit = await createVisit(db, { siteId: site.id, date: '2026-05-04' });
  return { site, visit };
}

describe('mutators write entity and outbox atomically', () => {
  it('a created visit has its checklist items and one outbox entry per record, seqs 1..n', async () => {
    const { visit } = await seed();
    const items = await db.checklistItems.where('visitId').equals(visit.id).toArray();
    const templateItems = CHECKLIST_TEMPLATES.flatMap((t) => t.items);
    expect(items).toHaveLength(templateItems.length);
    expect(items.map((i) => i.id).sort()).toEqual(
      templateItems.map((t) => checklistItemId(visit.id, t.id)).sort(),
    );
    const outbox = await db.outbox.orderBy('clientSeq').toArray();
    expect(outbox.map((e) => e.clientSeq)).toEqual(outbox.map((_, i) => i + 1));
    expect(outbox).toHaveLength(2 + templateItems.length);
    expect(outbox[1]).toMatchObject({
      entity: 'visit',
      op: 'create',
      entityId: visit.id,
      visitId: visit.id,
      state: 'pending',
    });
  });

  it('a failing write inside the transaction leaves neither the row nor the outbox entry', async () => {
    const { visit } = await seed();
    const before = await db.outbox.count();
    const obsBefore = await db.observations.count();
    // Break the outbox table's add so the transaction aborts after the entity write.
    const repair = breakTable(db, 'outbox', 'add', () => Promise.reject(new Error('disk on fire')));
    await expect(
      addObservation(db, { visitId: visit.id, fieldId: 'housing', text: 'x' }),
    ).rejects.toThrow('disk on fire');
    repair();
    expect(await db.outbox.count()).toBe(before);
    expect(await db.observations.count()).toBe(obsBefore);
    const seqRow = await db.meta.get('nextClientSeq');
    expect(seqRow?.value).toBe(before + 1);
  });

  it('invalid input is rejected with the failing path and nothing is written', async () => {
    const { visit } = await seed();
    const before = await db.outbox.count();
    const err = await addObservation(db, {
      visitId: visit.id,
      fieldId: 'housing',
      rating: 9,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]?.path).toBe('rating');
    await expect(createSite(db, { municipality: '  ', quarter: 'Q' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      addObservation(db, { visitId: visit.id, fieldId: 'nope' as never }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await db.outbox.count()).toBe(before);
  });

  it('a patch records the fields and the base version, and cannot change immutable fields', async () => {
    const { visit } = await seed();
    const obs = await addObservation(db, {
      visitId: visit.id,
      fieldId: 'mobility',
      text: 'Busse fahren selten',
    });
    await updateObservation(db, obs.id, { text: 'Busse fahren stündlich', rating: 2 });
    const last = await db.outbox.orderBy('clientSeq').last();
    expect(last).toMatchObject({
      op: 'patch',
      entityId: obs.id,
      fields: { text: 'Busse fahren stündlich', rating: 2 },
      baseVersion: null,
    });
    expect((await db.observations.get(obs.id))?.text).toBe('Busse fahren stündlich');
    await expect(
      updateObservation(db, obs.id, { visitId: 'other' } as never),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('device sequence stays gap-free under concurrent writes from two tabs', async () => {
    const { visit } = await seed();
    const start = (await db.outbox.count()) + 1;
    const tab2 = makeTestDb(factory, db.name);
    const item = checklistItemId(visit.id, 'prep-date');
    const writes = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? addObservation(db, { visitId: visit.id, fieldId: 'climate', text: `a${i}` })
        : updateChecklistItem(tab2, item, { note: `n${i}` }),
    );
    await Promise.all(writes);
    const seqs = (await db.outbox.orderBy('clientSeq').toArray()).map((e) => e.clientSeq);
    expect(seqs.slice(start - 1)).toEqual(Array.from({ length: 40 }, (_, i) => start + i));
    tab2.close();
  });

  it('deletes are tombstones with an outbox entry; patching a deleted record is refused', async () => {
    const { visit } = await seed();
    const obs = await addObservation(db, { visitId: visit.id, fieldId: 'housing' });
    await deleteRecord(db, 'observation', obs.id);
    expect((await db.observations.get(obs.id))?._deleted).toBe(1);
    expect((await db.outbox.orderBy('clientSeq').last())?.op).toBe('delete');
    await expect(updateObservation(db, obs.id, { text: 'x' })).rejects.toBeInstanceOf(
      RecordNotFoundError,
    );
  });

  it('a QuotaExceededError wrapped by Dexie becomes StorageFullError and loses nothing saved', async () => {
    const { visit } = await seed();
    const saved = await addObservation(db, {
      visitId: visit.id,
      fieldId: 'housing',
      text: 'keep me',
    });
    const before = await db.outbox.count();
    const quota = Object.assign(new Error('wrapped'), {
      name: 'AbortError',
      inner: new DOMException('full', 'QuotaExceededError'),
    });
    const repair = breakTable(db, 'outbox', 'add', () => Promise.reject(quota));
    await expect(
      addObservation(db, { visitId: visit.id, fieldId: 'housing', text: 'new' }),
    ).rejects.toBeInstanceOf(StorageFullError);
    repair();
    expect(await db.outbox.count()).toBe(before);
    expect((await db.observations.get(saved.id))?.text).toBe('keep me');
  });

  it('a write to a synced table outside a mutator transaction is refused', async () => {
    const { visit } = await seed();
    await expect(db.visits.update(visit.id, { goals: 'sneaky' })).rejects.toThrow(
      /outside a mutator/,
    );
  });
});
