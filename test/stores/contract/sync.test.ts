// The store contract, the sync store: records round trip in domain shape (flags as booleans,
// times, text JSON text must escape), their writers stored compactly and answered per field,
// the record bytes charged to whoever wrote them, a visit's children in (entity, id) byte order
// and its cascade, each device's bookkeeping, applied mutations, and conflicts found, folded
// and resolved.
import { expect, it } from 'vitest';
import type { MutationResult } from '../../../src/shared/protocol';
import type { FieldConflictKey, StoredRecord, StoreTx } from '../../../src/server/store/types';
import { AT, conflictOf, person, recordOf } from '../../server/store/postgres/fixtures';
import { eachStore } from './each-store';

const AWKWARD = 'nul \u0000, lone \ud800, emoji 😀, ä, quote " back\\slash \\u0000';

/** A site record as a device first wrote it (every field by device c1) at `seq`. */
const site = (id: string, seq: number, o: Partial<StoredRecord> = {}): StoredRecord =>
  recordOf('site', id, seq, {
    siteId: id,
    data: { id, name: 'Nord', tags: ['a'] },
    fieldWriters: { id: 'c1', name: 'c1', tags: 'c1' },
    createdAt: '2026-01-01T00:00:00.000Z',
    ...o,
  });

eachStore('sync records', (s) => {
  /** Writes rec under the next seq (its seq, version and createdSeq set to it). */
  const writeNext = (rec: (seq: number) => StoredRecord, isNew = false) =>
    s.write(async (tx) => {
      const r = rec(await tx.sync.nextSeq());
      await tx.sync.writeRecord(r, isNew);
      return r;
    });

  it('round-trips a record with its flags and times; the first write keeps the creation time', async () => {
    const first = await writeNext((seq) => site('rt-site', seq), true);
    const deleted = await writeNext((seq) => ({
      ...first,
      data: { ...first.data, name: AWKWARD },
      seq,
      version: seq,
      deleted: true,
      deletedSeq: seq,
      createdAt: '2027-01-01T00:00:00.000Z',
      updatedAt: '2026-01-09T00:00:00.000Z',
    }));
    expect(await s.read((tx) => tx.sync.record('site', 'rt-site'))).toEqual({
      ...deleted,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(await s.read((tx) => tx.sync.record('site', 'missing'))).toBeNull();
    expect(await s.read((tx) => tx.sync.place('site', 'rt-site'))).toEqual({
      siteId: 'rt-site',
      deleted: true,
      purged: false,
    });
    expect(await s.read((tx) => tx.sync.place('site', 'missing'))).toBeNull();
  });

  it('takes the update time as the creation time of a first write without one, and keeps a cascade delete as written', async () => {
    const written = await writeNext(
      (seq) =>
        recordOf('photo', 'cascaded-photo', seq, {
          visitId: 'cascade-visit',
          deleted: true,
          deletedSeq: seq,
          deletedByCascade: true,
          createdAt: null,
          updatedAt: '2026-12-02T00:00:00.000Z',
        }),
      true,
    );
    expect(await s.read((tx) => tx.sync.record('photo', 'cascaded-photo'))).toEqual({
      ...written,
      createdAt: '2026-12-02T00:00:00.000Z',
    });
  });

  it('stores the writers of a record one device wrote whole as that device, and answers them per field', async () => {
    const created = await writeNext((seq) => site('w-site', seq), true);
    const record = () => s.read((tx) => tx.sync.record('site', 'w-site'));
    expect(await record()).toEqual(created);
    expect(await s.read((tx) => tx.sync.childStates('nothing'))).toEqual([]);
    // Another device's edit of one field: stored and answered per field again.
    const edited = await writeNext((seq) => ({
      ...created,
      fieldVersions: { ...created.fieldVersions, name: seq },
      fieldWriters: { ...created.fieldWriters, name: 'c2' },
      version: seq,
      seq,
    }));
    expect(await record()).toEqual(edited);
    // A writer map that does not name every versioned field is kept as it is.
    const partial = await writeNext((seq) => ({
      ...edited,
      fieldWriters: { name: 'c2' },
      seq,
      version: seq,
    }));
    expect(await record()).toEqual(partial);
  });

  it("answers a visit's review status and flags without its content, null when unknown", async () => {
    await writeNext(
      (seq) =>
        recordOf('visit', 'state-visit', seq, {
          siteId: 'state-site',
          data: { id: 'state-visit', status: 'submitted', notes: AWKWARD },
        }),
      true,
    );
    // Its place and its state in one read.
    expect(await s.read((tx) => tx.sync.visitPlace('state-visit'))).toEqual({
      siteId: 'state-site',
      deleted: false,
      purged: false,
      status: 'submitted',
    });
    expect(await s.read((tx) => tx.sync.visitPlace('no-visit'))).toBeNull();
  });

  it('charges each writer the change in stored bytes (UTF-8): growth counts, shrinking frees, no writer no charge', async () => {
    const usage = () =>
      s.read(async (tx) => [
        await tx.sync.usage('grower'),
        await tx.sync.usage('shrinker'),
        await tx.sync.usage('nobody'),
      ]);
    const big = { id: 'usage-site', text: 'Grüße 😀 '.repeat(20) };
    const bigBytes = Buffer.byteLength(JSON.stringify(big));
    const smallBytes = Buffer.byteLength(JSON.stringify({ id: 'usage-site' }));
    const first = await writeNext(
      (seq) => recordOf('site', 'usage-site', seq, { data: big, updatedBy: 'grower' }),
      true,
    );
    expect(await usage()).toEqual([bigBytes, 0, 0]);
    await writeNext((seq) => ({
      ...first,
      data: { id: 'usage-site' },
      seq,
      updatedBy: 'shrinker',
    }));
    expect(await usage()).toEqual([bigBytes, smallBytes - bigBytes, 0]);
    await writeNext((seq) => ({ ...first, seq, updatedBy: null }));
    expect(await usage()).toEqual([bigBytes, smallBytes - bigBytes, 0]);
    await s.write(async (tx) => {
      await tx.sync.addUsage('grower', -7);
      await tx.sync.addUsage('nobody', 0);
    });
    expect(await usage()).toEqual([bigBytes - 7, smallBytes - bigBytes, 0]);
  });

  it("answers a visit's children in (entity, id) byte order, their states without data, and deletes one by cascade", async () => {
    const children: [StoredRecord['entity'], string][] = [
      ['photo', 'k-9'],
      ['observation', 'k-2'],
      ['photo', 'k-1'],
      ['checklistItem', 'k-5'],
      ['observation', 'K-3'],
    ];
    await s.write(async (tx) => {
      for (const [entity, id] of children)
        await tx.sync.writeRecord(
          recordOf(entity, id, await tx.sync.nextSeq(), { visitId: 'kids-visit' }),
          true,
        );
      await tx.sync.writeRecord(
        recordOf('visit', 'kids-visit', await tx.sync.nextSeq(), { visitId: 'kids-visit' }),
        true,
      );
    });
    const cascadeSeq = await s.write(async (tx) => {
      const seq = await tx.sync.nextSeq();
      await tx.sync.setDeleted('photo', 'k-1', {
        deleted: true,
        byCascade: true,
        seq,
        updatedBy: 'deleter',
        updatedAt: AT,
      });
      return seq;
    });
    const order = [
      ['checklistItem', 'k-5'],
      ['observation', 'K-3'],
      ['observation', 'k-2'],
      ['photo', 'k-1'],
      ['photo', 'k-9'],
    ];
    const rows = await s.read((tx) => tx.sync.childrenOfVisit('kids-visit'));
    expect(rows.map((r) => [r.entity, r.id])).toEqual(order);
    const states = await s.read((tx) => tx.sync.childStates('kids-visit'));
    expect(states.map((c) => [c.entity, c.id])).toEqual(order);
    expect(states[3]).toEqual({
      entity: 'photo',
      id: 'k-1',
      deleted: true,
      deletedByCascade: true,
      fieldVersions: rows[3]!.fieldVersions,
      fieldWriters: rows[3]!.fieldWriters,
    });
    expect(rows[3]).toMatchObject({
      deleted: true,
      deletedByCascade: true,
      deletedSeq: cascadeSeq,
      seq: cascadeSeq,
      version: cascadeSeq,
      updatedBy: 'deleter',
      updatedAt: AT,
    });
    // Restored by the cascade: no delete seq any more.
    await s.write(async (tx) =>
      tx.sync.setDeleted('photo', 'k-1', {
        deleted: false,
        byCascade: false,
        seq: await tx.sync.nextSeq(),
        updatedBy: 'restorer',
      }),
    );
    expect(await s.read((tx) => tx.sync.record('photo', 'k-1'))).toMatchObject({
      deleted: false,
      deletedSeq: null,
      deletedByCascade: false,
      updatedBy: 'restorer',
    });
  });
});

eachStore('sync devices and mutations', (s) => {
  const seen = (outboxHighWater: number, now: string, scopeKey = 'site-a') => ({
    outboxHighWater,
    appVersion: '1.0.0',
    schemaVersion: 3,
    scopeKey,
    now,
  });

  it("keeps a device's bookkeeping: its scope key as sent (NUL included), its last clientSeq", async () => {
    const states = await s.write(async (tx) => {
      await tx.sync.insertClient('dev-a', 'u1');
      const fresh = await tx.sync.client('dev-a');
      await tx.sync.clientSeen('dev-a', seen(5, '2026-12-01T10:00:00.000Z', '\u0000no-site'));
      const nul = await tx.sync.client('dev-a');
      await tx.sync.clientSeen('dev-a', seen(2, '2026-12-01T11:00:00.000Z', 'a\\0b'));
      await tx.sync.advanceClient('dev-a', 42);
      return [fresh, nul, await tx.sync.client('dev-a'), await tx.sync.client('no-device')];
    });
    expect(states).toEqual([
      { userId: 'u1', lastClientSeq: 0, scopeKey: null },
      { userId: 'u1', lastClientSeq: 0, scopeKey: '\u0000no-site' },
      { userId: 'u1', lastClientSeq: 42, scopeKey: 'a\\0b' },
      null,
    ]);
  });

  it('a pull note older than the last sync changes nothing; a newer one moves the last sync', async () => {
    const lastSync = async () =>
      (await s.read((tx) => tx.users.accounts())).find((a) => a.id === 'puller')!.lastSyncAt;
    await s.write(async (tx) => {
      await tx.users.insert(person('puller'));
      await tx.sync.insertClient('dev-pull', 'puller');
      await tx.sync.clientSeen('dev-pull', seen(4, '2026-12-01T10:00:00.000Z'));
    });
    const pulled = (now: string) => (tx: StoreTx) =>
      tx.sync.clientPulled('dev-pull', {
        outboxHighWater: 1,
        appVersion: '1.1.0',
        schemaVersion: 3,
        now,
      });
    await s.write(pulled('2026-12-01T09:00:00.000Z'));
    expect(await lastSync()).toBe('2026-12-01T10:00:00.000Z');
    await s.write(pulled('2026-12-01T12:00:00.000Z'));
    expect(await lastSync()).toBe('2026-12-01T12:00:00.000Z');
    expect(await s.read((tx) => tx.sync.client('dev-pull'))).toMatchObject({ scopeKey: 'site-a' });
  });

  it('refuses a second client row for the same device', async () => {
    await s.write((tx) => tx.sync.insertClient('dev-twice', 'u1'));
    await expect(s.write((tx) => tx.sync.insertClient('dev-twice', 'u2'))).rejects.toThrow();
    expect(await s.read((tx) => tx.sync.client('dev-twice'))).toMatchObject({ userId: 'u1' });
  });

  it('stores a mutation result and answers it parsed, per device and seq, per id and per account', async () => {
    const result: MutationResult = {
      id: 'm1',
      clientSeq: 1,
      status: 'conflict',
      serverSeq: 7,
      conflictIds: ['k1'],
    };
    await s.write(async (tx) => {
      await tx.users.insert(person('applier'));
      for (const device of ['phone', 'tablet']) await tx.sync.insertClient(device, 'applier');
      await tx.sync.insertApplied('phone', 1, 'm1', result, AT);
    });
    const stored = { mutationId: 'm1', result };
    const ask = (question: (tx: StoreTx) => Promise<unknown>) => s.read(question);
    expect(await ask((tx) => tx.sync.applied('phone', 1))).toEqual(stored);
    expect(await ask((tx) => tx.sync.applied('phone', 2))).toBeNull();
    expect(await ask((tx) => tx.sync.applied('tablet', 1))).toBeNull();
    // Another device of the account asks by the mutation's id (a reinstalled app replays).
    expect(await ask((tx) => tx.sync.priorApplication('m1', 'applier'))).toEqual({
      own: stored,
      used: true,
    });
    expect(await ask((tx) => tx.sync.priorApplication('m1', 'someone-else'))).toEqual({
      own: null,
      used: true,
    });
    expect(await ask((tx) => tx.sync.priorApplication('m2', 'applier'))).toEqual({
      own: null,
      used: false,
    });
    // An id another account applied first (an id clash): the account's own result still answers.
    const mine = { ...result, id: 'm3', status: 'applied' as const };
    await s.write(async (tx) => {
      await tx.users.insert(person('other'));
      await tx.sync.insertClient('other-phone', 'other');
      await tx.sync.insertApplied('other-phone', 1, 'm3', { ...mine, serverSeq: 5 }, AT);
      await tx.sync.insertApplied('tablet', 1, 'm3', mine, AT);
    });
    expect(await ask((tx) => tx.sync.priorApplication('m3', 'applier'))).toEqual({
      own: { mutationId: 'm3', result: mine },
      used: true,
    });
  });
});

eachStore('sync conflicts', (s) => {
  it('round-trips a conflict with its site and values of any JSON shape', async () => {
    const stored = conflictOf('k-shape', {
      siteId: 's1',
      serverValue: AWKWARD,
      clientValue: { text: 'Süd', list: [1, null, true] },
    });
    await s.write(async (tx) => tx.sync.insertConflict(stored, await tx.sync.nextSeq()));
    expect(await s.read((tx) => tx.sync.conflict('k-shape'))).toEqual(stored);
    expect(await s.read((tx) => tx.sync.conflict('missing'))).toBeNull();
  });

  it('finds the newest open conflict a later save joins (same field, device, author, server value and author), folds and resolves it', async () => {
    const serverValue = { nested: ['server', 1] };
    // The conflicts below: field `text` of obs-fold, sent by device-1 of u1 over serverValue.
    const key: FieldConflictKey = {
      ...{ entity: 'observation', entityId: 'obs-fold', field: 'text' },
      ...{ clientId: 'device-1', authorId: 'u1', serverValue, serverAuthorId: null },
    };
    await s.write(async (tx) => {
      for (const id of ['k-old', 'k-new'])
        await tx.sync.insertConflict(
          conflictOf(id, { entityId: 'obs-fold', serverValue, serverAuthorId: null }),
          await tx.sync.nextSeq(),
        );
    });
    const open = (k: FieldConflictKey) => s.read((tx) => tx.sync.openFieldConflict(k));
    expect(await open(key)).toEqual({ id: 'k-new', clientValue: 'client text' });
    for (const other of [
      { serverValue: 'x' },
      { serverAuthorId: 'u2' },
      { clientId: 'device-2' },
      { authorId: 'u2' },
      { field: 'title' },
    ])
      expect(await open({ ...key, ...other }), JSON.stringify(other)).toBeNull();

    const foldSeq = await s.write(async (tx) => {
      const seq = await tx.sync.nextSeq();
      await tx.sync.foldConflict(
        'k-new',
        { clientValue: { later: true }, mutationId: 'm-later', author: 'Person Zwei' },
        seq,
      );
      return seq;
    });
    expect(await s.read((tx) => tx.sync.conflict('k-new'))).toMatchObject({
      clientValue: { later: true },
      mutationId: 'm-later',
      author: 'Person Zwei',
      status: 'open',
    });
    expect(await open(key)).toEqual({ id: 'k-new', clientValue: { later: true } });
    await s.write(async (tx) =>
      tx.sync.resolveConflict('k-new', 'theirs', await tx.sync.nextSeq()),
    );
    expect(await s.read((tx) => tx.sync.conflict('k-new'))).toMatchObject({
      status: 'resolved',
      resolution: 'theirs',
    });
    expect(await open(key)).toEqual({ id: 'k-old', clientValue: 'client text' });
    // Each change moved the conflict to a new seq: after the fold, the feed holds it once.
    const feed = await s.read((tx) =>
      tx.feed.page({
        cursor: foldSeq - 1,
        limit: 10,
        maxBytes: 1 << 20,
        userId: 'x',
        siteId: null,
      }),
    );
    expect(feed.changes.map((c) => [c.entity, c.entityId])).toEqual([['conflict', 'k-new']]);
  });
});
