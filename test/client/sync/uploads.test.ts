import { afterEach, describe, expect, it } from 'vitest';
import { ensureBlob } from '../../../src/client/sync/blob-download';
import { bytesOf } from '../../../src/client/sync/blob-bytes';
import { createUploadQueue } from '../../../src/client/sync/upload-queue';
import { blobUrl } from '../../../src/shared/blobs';
import { makeTestDb } from '../../support/fake-db';
import {
  closeAfterTest,
  closeOpened,
  putLocalBytes,
  realServer,
} from '../../support/client-engine';
import type { Call, Fault } from '../../support/server-fetch';
import { fakeJpeg, sha256 } from '../../support/jpeg';

afterEach(closeOpened);

async function setup(opts: { fail?: (c: Call, n: number) => Fault } = {}) {
  const server = await realServer();
  server.fault = opts.fail ?? null;
  const { calls, fetch } = server;
  const device = () => {
    const db = closeAfterTest(makeTestDb());
    const queue = createUploadQueue(db, {
      baseUrl: 'http://sim',
      getToken: () => server.token,
      fetch,
      onAuthError: () => {},
    });
    return { db, queue, access: { baseUrl: 'http://sim', getToken: () => server.token, fetch } };
  };
  return { server, calls, device };
}

describe('photo upload queue against the real server', () => {
  it('uploads in chunks, marks uploaded only after HEAD 200, keeps the local bytes; another device downloads them', async () => {
    const { calls, device } = await setup();
    const a = device();
    const bytes = fakeJpeg(1600, 1200, 700_000);
    const sha = await putLocalBytes(a.db, bytes);
    await a.queue.kick();
    expect((await a.db.blobState.get(sha))?.state).toBe('uploaded');
    expect(calls.filter((c) => c.method === 'PATCH').length).toBeGreaterThan(1);
    expect(calls.at(-1)).toMatchObject({ method: 'HEAD', url: blobUrl(sha), status: 200 });
    expect(sha256((await bytesOf((await a.db.blobs.get(sha))!.data)).bytes)).toBe(sha);

    const b = device();
    const data = await ensureBlob(b.db, sha, b.access);
    expect(sha256((await bytesOf(data)).bytes)).toBe(sha);
    expect((await b.db.blobState.get(sha))?.state).toBe('remote');
  });

  it('bytes the server already has are deduplicated (POST answers 200) and verified by HEAD without uploading', async () => {
    const { calls, device } = await setup();
    const bytes = fakeJpeg(100, 100, 5_000);
    const a = device();
    await putLocalBytes(a.db, bytes);
    await a.queue.kick();
    const b = device();
    const sha = await putLocalBytes(b.db, bytes);
    const before = calls.length;
    await b.queue.kick();
    expect(calls.slice(before).map((c) => `${c.method} ${c.status}`)).toEqual([
      'POST 200',
      'HEAD 200',
    ]);
    expect((await b.db.blobState.get(sha))?.state).toBe('uploaded');
  });

  it('an interrupted upload resumes from the offset persisted in blobState', async () => {
    let patches = 0;
    const { calls, device } = await setup({
      fail: (c) => (c.method === 'PATCH' && ++patches === 2 ? 'drop-after' : null),
    });
    const a = device();
    const bytes = fakeJpeg(800, 600, 1_500_000);
    const sha = await putLocalBytes(a.db, bytes);
    await a.queue.kick();
    const st = await a.db.blobState.get(sha);
    expect(st?.state).toBe('uploading');
    expect(st?.offset).toBeGreaterThan(0);
    expect(st?.uploadUrl).toMatch(/^\/api\/v1\/uploads\//);
    await a.queue.kick();
    expect((await a.db.blobState.get(sha))?.state).toBe('uploaded');
    const resumedPatch = calls.filter((c) => c.method === 'PATCH')[2];
    expect(Number(resumedPatch?.offset)).toBeGreaterThan(0); // no restart from 0
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('an expired or unknown upload URL restarts the upload from 0', async () => {
    const { calls, device } = await setup();
    const a = device();
    const bytes = fakeJpeg(64, 48, 3_000);
    const sha = await putLocalBytes(a.db, bytes);
    await a.db.blobState.update(sha, {
      state: 'uploading',
      uploadUrl: '/api/v1/uploads/01a1fd31-0000-7000-8000-000000000000',
      offset: 1_000,
    });
    await a.queue.kick();
    expect((await a.db.blobState.get(sha))?.state).toBe('uploaded');
    expect(calls.find((c) => c.url.includes('01a1fd31-0000'))?.status).toBe(404);
    expect(calls.find((c) => c.method === 'PATCH')?.offset).toBe('0');
  });

  it('bytes damaged on the device (hash mismatch, 460) are never marked uploaded and never deleted', async () => {
    const { device } = await setup();
    const a = device();
    const good = fakeJpeg(64, 48, 3_000);
    const damaged = fakeJpeg(64, 48, 3_000, 0x43);
    const sha = await putLocalBytes(a.db, damaged, sha256(good));
    await a.queue.kick();
    expect((await a.db.blobState.get(sha))?.state).not.toBe('uploaded');
    expect(a.queue.failures().get(sha)).toMatchObject({
      status: 'error',
      code: 'local_hash_mismatch',
      permanent: true,
    });
    expect(await a.db.blobs.get(sha)).toBeDefined();
  });
});
