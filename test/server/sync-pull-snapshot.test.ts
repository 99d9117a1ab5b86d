// A sync that pushes nothing from a known device reads the device's row and its page in ONE read
// snapshot (docs/architecture.md §Pull): the lastClientSeq it answers and the changes it sends
// come from the same moment, so no write can land between them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncResponse } from '../../src/shared/protocol';
import type { StoreTx } from '../../src/server/store/store';
import { IncomingSyncRequest } from '../../src/server/sync/incoming';
import { handleSync } from '../../src/server/sync/sync-service';
import { type Harness, makeDevice, makeHarness, seedVisit } from '../support/server';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

/** Counts the read snapshots `fn` opens on the harness store. */
async function countingReadTx<T>(fn: () => Promise<T>): Promise<{ value: T; snapshots: number }> {
  const db = h.db as unknown as {
    readTx: <R>(body: (tx: StoreTx) => Promise<R>) => Promise<R>;
  };
  const readTx = db.readTx;
  let snapshots = 0;
  db.readTx = (body) => {
    snapshots++;
    return readTx(body);
  };
  try {
    return { value: await fn(), snapshots };
  } finally {
    db.readTx = readTx;
  }
}

describe('a pull without pushes', () => {
  it('reads the device and its page in one snapshot, answering what two snapshots answered', async () => {
    const coord = await h.user('coordinator');
    const a = makeDevice(h, coord.token);
    const { site, visit } = await seedVisit(a);
    const b = makeDevice(h, coord.token);
    await b.sync(); // known with its scope: its next pulls take the read-only path
    const request = IncomingSyncRequest.parse(b.request([], { cursor: '0' }));
    const { value, snapshots } = await countingReadTx(() =>
      handleSync(h.db, coord, request, new Date()),
    );
    expect(snapshots).toBe(1);
    const answer = value as SyncResponse;
    expect(answer.results).toEqual([]);
    expect(answer.lastClientSeq).toBe(0);
    expect(answer.reset).toBeUndefined();
    expect(answer.changes.map((c) => c.entityId)).toEqual([site.id, visit.id]);
    expect(answer.cursor).toBe(String(answer.changes[1]!.seq));
    expect(answer.hasMore).toBe(false);
  });

  it('of an unknown device still records it first (a write transaction, then its page)', async () => {
    const coord = await h.user('coordinator');
    const a = makeDevice(h, coord.token);
    const { site, visit } = await seedVisit(a);
    const fresh = makeDevice(h, coord.token);
    const request = IncomingSyncRequest.parse(fresh.request([]));
    const answer = await handleSync(h.db, coord, request, new Date());
    expect(answer.changes.map((c) => c.entityId)).toEqual([site.id, visit.id]);
    const client = await h.read((tx) => tx.sync.client(fresh.clientId));
    expect(client).toMatchObject({ userId: coord.id, lastClientSeq: 0 });
  });
});
