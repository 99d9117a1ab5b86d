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
    const bytes = fakeJpeg(1600, 1200, 1_000_000);
    const sha = await putLocalBytes(a.db, bytes);
    await a.queue.kick();
    expect((await a.db.blobState.get(sha))?.state).toBe('uploaded');
    // 256 KiB with the POST, then chunks that double: 512 KiB and the rest.
    expect(calls.filter((c) => c.method !== 'HEAD').map((c) => c.bytes)).toEqual([
      256 * 1024,
      512 * 1024,
      bytes.length - 768 * 1024,
    ]);
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

  it('the POST that opens an upload carries its first chunk, so a small photo is one request', async () => {
    const { calls, device } = await setup();
    const a = device();
    const bytes = fakeJpeg(320, 240, 12_000);
    const sha = await putLocalBytes(a.db, bytes);
    await a.queue.kick();
    expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(['POST 201', 'HEAD 200']);
    expect(calls[0]!.bytes).toBe(bytes.length);
    expect((await a.db.blobState.get(sha))?.state).toBe('uploaded');
  });

  it('an interrupted upload resumes from the offset persisted in blobState', async () => {
    let patches = 0;
    const { calls, device } = await setup({
      fail: (c) => (c.method === 'PATCH' && ++patches === 1 ? 'drop-after' : null),
    });
    const a = device();
    const bytes = fakeJpeg(800, 600, 1_500_000);
    const sha = await putLocalBytes(a.db, bytes);
    await a.queue.kick();
    const st = await a.db.blobState.get(sha);
    expect(st?.state).toBe('uploading');
    expect(st?.offset).toBe(256 * 1024); // the POST's first chunk
    expect(st?.uploadUrl).toMatch(/^\/api\/v1\/uploads\//);
    await a.queue.kick();
    expect((await a.db.blobState.get(sha))?.state).toBe('uploaded');
    const resumedPatch = calls.filter((c) => c.method === 'PATCH')[1];
    expect(Number(resumedPatch?.offset)).toBeGreaterThan(256 * 1024); // no restart from 0
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('a POST whose answer was lost is found again: the next one resumes that upload', async () => {
    let posts = 0;
    const { calls, device, server } = await setup({
      fail: (c) => (c.method === 'POST' && ++posts === 1 ? 'drop-after' : null),
    });
    const a = device();
    const bytes = fakeJpeg(800, 600, 600_000);
    const sha = await putLocalBytes(a.db, bytes);
    await a.queue.kick(); // the server stored the first chunk; the device never heard of it
    const unheard = await a.db.blobState.get(sha);
    expect([unheard?.state, unheard?.uploadUrl]).toEqual(['local', undefined]);
    expect(await server.query('SELECT "offset" AS n FROM uploads')).toEqual([{ n: 256 * 1024 }]);
    await a.queue.kick();
    expect((await a.db.blobState.get(sha))?.state).toBe('uploaded');
    const [first, second] = calls.filter((c) => c.method === 'POST');
    expect([first?.bytes, second?.bytes]).toEqual([256 * 1024, 256 * 1024]);
    // The second POST's body was not taken again: the device went on from where the server stood.
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.offset)).toEqual([
      String(256 * 1024),
    ]);
    expect(await server.query('SELECT count(*) AS n FROM uploads')).toEqual([{ n: 0 }]);
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
    // The dedupe probe, then a fresh upload from byte 0: the whole small photo goes with its POST.
    expect(calls.filter((c) => !c.url.includes('01a1fd31-0000')).map((c) => c.method)).toEqual([
      'HEAD',
      'POST',
      'HEAD',
    ]);
    expect(calls.find((c) => c.method === 'POST')?.bytes).toBe(bytes.length);
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
