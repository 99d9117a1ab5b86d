// A full per-account photo quota on the server (507 photo_quota_exceeded): the upload queue keeps
// the bytes, does not ask again with every sync run, and the state is visible (syncSummary →
// the header indicator). Against the real in-process server with PHOTO_QUOTA_BYTES set.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { syncSummary } from '../../../src/client/db/sync-queries';
import { QUOTA_RETRY_MS, createUploadQueue } from '../../../src/client/sync/upload-queue';
import { makeTestDb } from '../../support/fake-db';
import {
  closeAfterTest,
  closeOpened,
  putLocalBytes,
  realServer,
} from '../../support/client-engine';
import { fakeJpeg } from '../../support/jpeg';

const QUOTA = 20_000;
let saved: string | undefined;
beforeAll(() => {
  saved = process.env['PHOTO_QUOTA_BYTES'];
  process.env['PHOTO_QUOTA_BYTES'] = String(QUOTA);
});
afterAll(() => {
  if (saved === undefined) delete process.env['PHOTO_QUOTA_BYTES'];
  else process.env['PHOTO_QUOTA_BYTES'] = saved;
});
afterEach(closeOpened);

describe('photo quota of the account is full', () => {
  it('keeps the bytes, waits before asking again, shows the state, and uploads once there is room', async () => {
    const server = await realServer();
    const db = closeAfterTest(makeTestDb());
    let now = 1_000_000;
    const queue = createUploadQueue(db, {
      baseUrl: 'http://sim',
      getToken: () => server.token,
      fetch: server.fetch,
      onAuthError: () => {},
      now: () => now,
    });
    const small = await putLocalBytes(db, fakeJpeg(100, 100, 5_000));
    const big = await putLocalBytes(db, fakeJpeg(101, 100, 30_000));

    await queue.kick();
    expect((await db.blobState.get(small))?.state).toBe('uploaded');
    const refused = await db.blobState.get(big);
    expect(refused).toMatchObject({ state: 'local', refused: 'photo_quota_exceeded' });
    expect(await db.blobs.get(big)).toBeDefined();
    expect(queue.failures().get(big)).toMatchObject({ code: 'photo_quota_exceeded' });
    expect(await syncSummary(db)).toMatchObject({ photosWaiting: 1, photosRefused: 1 });

    // The next sync runs kick the queue again: no new request for the refused photo.
    const posts = () => server.calls.filter((c) => c.method === 'POST' && c.status === 507).length;
    expect(posts()).toBe(1);
    await queue.kick();
    await queue.kick();
    expect(posts()).toBe(1);

    // After the wait it asks once more (still full).
    now += QUOTA_RETRY_MS;
    await queue.kick();
    expect(posts()).toBe(2);
    expect((await db.blobState.get(big))?.state).toBe('local');

    // Room again (the operator raised the limit): the photo goes up and the notice disappears.
    process.env['PHOTO_QUOTA_BYTES'] = String(10 * QUOTA);
    await server.restart();
    now += QUOTA_RETRY_MS;
    await queue.kick();
    expect(await db.blobState.get(big)).toMatchObject({ state: 'uploaded' });
    expect((await db.blobState.get(big))?.refused).toBeUndefined();
    expect(await syncSummary(db)).toMatchObject({ photosWaiting: 0, photosRefused: 0 });
  });
});
