import { afterEach, describe, expect, it } from 'vitest';
import { exportBackup } from '../../../src/client/backup/export-file';
import { importBackup } from '../../../src/client/backup/import-file';
import { parseBackup } from '../../../src/client/backup/parse';
import { IDBFactory } from '../../support/fake-db';
import { closeFresh, fresh, pendingMutations, seedDevice, snapshot } from './seed';

afterEach(closeFresh);

describe('export → wipe → import', () => {
  it('restores every record and every photo byte identically, and the pending changes as outbox entries', async () => {
    const factory = new IDBFactory();
    const source = fresh(factory, 'device');
    await seedDevice(source);
    const before = await snapshot(source);
    const pendingBefore = await pendingMutations(source);
    const file = await exportBackup(source, 'all', 'test');

    await source.delete(); // the wipe: the whole IndexedDB database is gone
    const target = fresh(factory, 'device');
    expect(await target.observations.count()).toBe(0);

    const result = await importBackup(target, file);
    expect(await snapshot(target)).toEqual(before);
    expect(Object.keys(before.blobs as object)).toHaveLength(4);
    expect((before.observations as { _base?: unknown }[]).filter((r) => r._base)).toHaveLength(1); // the sync engine's base survives too
    expect(before.conflicts).toHaveLength(1);
    expect(before.rejections).toHaveLength(1);
    expect(await pendingMutations(target)).toEqual(pendingBefore);
    const seqs = (await target.outbox.orderBy('clientSeq').toArray()).map((e) => e.clientSeq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1)); // gap-free on the target
    expect(result.enqueued).toBe(pendingBefore.length);
  });

  it('importing the same file twice adds no records and no outbox entries', async () => {
    const source = fresh();
    await seedDevice(source);
    const file = await exportBackup(source, 'all', 'test');
    const target = fresh();
    await importBackup(target, file);
    const once = await snapshot(target);
    const outboxOnce = await target.outbox.toArray();
    const seqOnce = await target.meta.get('nextClientSeq');

    const second = await importBackup(target, file);
    expect(second).toMatchObject({ inserted: 0, updated: 0, enqueued: 0, blobs: 0, notes: 0 });
    expect(await snapshot(target)).toEqual(once);
    expect(await target.outbox.toArray()).toEqual(outboxOnce);
    expect(await target.meta.get('nextClientSeq')).toEqual(seqOnce);
  });

  it("a device that already has the synced state gets only the source's pending changes, once", async () => {
    const source = fresh();
    const s = await seedDevice(source);
    const target = fresh();
    // The target knows the synced baseline (as after a pull), without the source's pending work.
    await importBackup(target, await exportBackup(source, 'all', 'test'));
    await target.transaction('rw', [target.observations, target.outbox], async () => {
      await target.observations.update(s.synced.id, { text: 'Innenhof gepflegt', rating: null });
      await target.outbox.clear();
    });
    const result = await importBackup(target, await exportBackup(source, 'unsynced', 'test'));
    const pending = await pendingMutations(target);
    expect(pending.filter((p) => p.entityId === s.synced.id)).toEqual([
      expect.objectContaining({
        op: 'patch',
        fields: { text: 'Innenhof gepflegt, Bänke fehlen', rating: 4 },
        baseVersion: 7,
      }),
    ]);
    expect((await target.observations.get(s.synced.id))?.text).toBe(
      'Innenhof gepflegt, Bänke fehlen',
    );
    expect(result.updated).toBe(1);
    const again = await importBackup(target, await exportBackup(source, 'unsynced', 'test'));
    expect(again.enqueued).toBe(0);
  });
});

describe('unsynced-only export', () => {
  it('contains exactly the records with pending changes, their outbox entries and unconfirmed photo bytes', async () => {
    const db = fresh();
    const s = await seedDevice(db);
    const { data, manifest } = await parseBackup(await exportBackup(db, 'unsynced', 'test'));
    expect(manifest.scope).toBe('unsynced');
    const pending = await db.outbox.where('state').equals('pending').toArray();
    const got = Object.entries(data.records)
      .flatMap(([entity, rows]) => rows.map((r) => `${entity}:${r.id}`))
      .sort();
    expect(got).toEqual([...new Set(pending.map((e) => `${e.entity}:${e.entityId}`))].sort());
    expect(got).not.toContain(`site:${s.site.id}`);
    expect(got).not.toContain(`visit:${s.visit.id}`);
    expect(data.outbox.map((e) => e.id).sort()).toEqual(pending.map((e) => e.id).sort());
    expect(data.blobs.map((b) => b.sha256).sort()).toEqual(
      [s.newPhoto.sha256, s.newPhoto.thumbSha256].sort(),
    );
    expect(data.rejections.map((r) => r.entityId)).toEqual([s.fresh.id]); // a rejected change never reached the server
    expect(data.conflicts).toEqual([]);
  });
});
