import { afterEach, describe, expect, it } from 'vitest';
import { importBackup } from '../../../src/client/backup/import-file';
import { sha256Hex } from '../../../src/client/backup/parse';
import type { AppDb } from '../../../src/client/db/schema';
import { makeTestDb } from '../../support/fake-db';
import { V0_IDS, V0_JPEG, exportV0 } from './fixtures/export-v0';
import { pendingMutations } from './seed';

let db: AppDb;
afterEach(() => db?.close());

describe('a version-0 export (no outbox, no thumbnails) still imports', () => {
  it('restores its rows and bytes, uses the image as its own thumbnail, and queues the never-synced rows', async () => {
    db = makeTestDb();
    const sha = await sha256Hex(V0_JPEG);
    const result = await importBackup(db, exportV0(sha));
    expect(result).toMatchObject({
      inserted: 6, // site, visit, its participant (a row since export version 2), 2 observations, photo
      blobs: 1,
      exportedAt: '2025-09-02T08:00:00.000Z',
      scope: 'all',
    });
    expect(await db.sites.get(V0_IDS.site)).toMatchObject({ municipality: 'Hanau', _v: 3 });
    expect(await db.observations.get(V0_IDS.syncedObs)).toMatchObject({
      text: 'Sanierte Höfe',
      _v: 5,
    });
    expect(await db.photos.get(V0_IDS.photo)).toMatchObject({
      sha256: sha,
      thumbSha256: sha,
      _v: 0,
    });
    const blob = await db.blobs.get(sha);
    const bytes =
      blob && !(blob.data instanceof Blob) ? new Uint8Array(blob.data.buf) : new Uint8Array();
    expect(await sha256Hex(bytes)).toBe(sha);
    // Only the rows that had never reached the server are queued, parents first.
    const pending = await pendingMutations(db);
    expect(pending.map((p) => [p.entity, p.entityId, p.op])).toEqual([
      ['observation', V0_IDS.localObs, 'create'],
      ['photo', V0_IDS.photo, 'create'],
    ]);
    expect(pending[0]?.fields).toMatchObject({
      text: 'Radweg endet abrupt',
      visitId: V0_IDS.visit,
    });
    expect(pending[0]?.fields).not.toHaveProperty('_v');
    expect((await importBackup(db, exportV0(sha))).enqueued).toBe(0);
  });
});
