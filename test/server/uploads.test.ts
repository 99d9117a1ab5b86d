import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HASH_MISMATCH_STATUS, MAX_BLOB_BYTES, TUS_VERSION } from '../../src/shared/blobs';
import { fakeJpeg, sha256 } from '../support/jpeg';
import {
  type Harness,
  makeDevice,
  makeHarness,
  photoFields,
  siteFields,
  visitFields,
} from '../support/server';

const sha = sha256;

let h: Harness;
let token: string;
beforeEach(async () => {
  h = await makeHarness();
  token = (await h.user('member')).token;
});
afterEach(() => h.close());

const create = (bytes: Buffer, declaredSha = sha(bytes), as = token, length = bytes.length) =>
  h.createUpload(as, length, declaredSha, { type: 'image/jpeg' });
const patch = (location: string, offset: number, chunk: Buffer | ReadableStream, as = token) =>
  h.patchUpload(as, location, chunk, offset);
const head = (path: string, as = token) => h.req(path, { method: 'HEAD', token: as });
/** A whole upload: POST, then every byte in one PATCH; answers the PATCH (204 when stored). */
const send = async (bytes: Buffer, as = token) =>
  patch((await create(bytes, sha(bytes), as)).headers.get('location')!, 0, bytes, as);

describe('photo uploads (tus subset)', () => {
  it('uploads in chunks, resumes from the offset HEAD reports, and stores the verified blob', async () => {
    const bytes = fakeJpeg(1600, 1200, 5000);
    const created = await create(bytes);
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/api\/v1\/uploads\//);
    const first = await patch(location, 0, bytes.subarray(0, 2000));
    expect(first.status).toBe(204);
    expect(first.headers.get('upload-offset')).toBe('2000');
    const probe = await head(location);
    expect(probe.headers.get('upload-offset')).toBe('2000');
    expect(probe.headers.get('upload-length')).toBe(String(bytes.length));
    expect((await patch(location, 1000, bytes.subarray(1000))).status).toBe(409);
    const last = await patch(location, 2000, bytes.subarray(2000));
    expect(last.status).toBe(204);
    expect(last.headers.get('upload-offset')).toBe(String(bytes.length));
    const digest = sha(bytes);
    expect(existsSync(join(h.dir, 'photos', digest.slice(0, 2), digest.slice(2, 4), digest))).toBe(
      true,
    );
    expect(readdirSync(join(h.dir, 'photos/tmp'))).toEqual([]);
    const blob = await h.req(`/api/v1/blobs/${digest}`, { token });
    expect(blob.status).toBe(200);
    expect(blob.headers.get('content-type')).toBe('image/jpeg');
    expect(blob.headers.get('x-content-type-options')).toBe('nosniff');
    expect(blob.headers.get('content-disposition')).toContain(`${digest}.jpg`);
    expect(Buffer.from(await blob.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('a hash mismatch on the last chunk is 460 and the upload is discarded', async () => {
    const bytes = fakeJpeg(100, 100);
    const location = (await create(bytes, 'f'.repeat(64))).headers.get('location')!;
    const res = await patch(location, 0, bytes);
    expect(res.status).toBe(HASH_MISMATCH_STATUS);
    expect(await res.json()).toMatchObject({ error: 'hash_mismatch' });
    expect((await head(location)).status).toBe(404);
    expect((await head(`/api/v1/blobs/${'f'.repeat(64)}`)).status).toBe(404);
  });

  it('non-JPEG bytes are refused with 415 on the first chunk', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(100),
    ]);
    const location = (await create(png)).headers.get('location')!;
    expect((await patch(location, 0, png)).status).toBe(415);
    expect((await head(location)).status).toBe(404);
  });

  it('a pixel flood (tiny file declaring 60000×60000) is refused without decoding', async () => {
    const flood = fakeJpeg(60000, 60000, 10);
    const location = (await create(flood)).headers.get('location')!;
    const res = await patch(location, 0, flood);
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: 'too_many_pixels' });
    expect((await head(location)).status).toBe(404);
  });

  it('too large: Upload-Length over the limit is 413; a body longer than declared is 413', async () => {
    const bytes = fakeJpeg(10, 10);
    expect((await create(bytes, sha(bytes), token, MAX_BLOB_BYTES + 1)).status).toBe(413);
    const location = (await create(bytes, sha(bytes), token, 100)).headers.get('location')!;
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new Uint8Array(bytes.subarray(0, 80)));
        c.enqueue(new Uint8Array(bytes.subarray(80, 160)));
        c.close();
      },
    });
    expect((await patch(location, 0, stream)).status).toBe(413);
    expect((await head(location)).headers.get('upload-offset')).toBe('0');
  });

  it('dedupe: HEAD finds stored bytes, and POST for stored bytes answers 200 with the full offset', async () => {
    const bytes = fakeJpeg(50, 50);
    const digest = sha(bytes);
    expect((await head(`/api/v1/blobs/${digest}`)).status).toBe(404);
    const location = (await create(bytes)).headers.get('location')!;
    await patch(location, 0, bytes);
    expect((await head(`/api/v1/blobs/${digest}`)).status).toBe(200);
    const again = await create(bytes);
    expect(again.status).toBe(200);
    expect(again.headers.get('upload-offset')).toBe(String(bytes.length));
  });

  it('the photo quota charges an account its verified bytes once and its open uploads while open', async () => {
    const me = await h.user('member');
    const other = (await h.user('member')).token;
    const bytes = fakeJpeg(51, 50);
    const digest = sha(bytes);
    expect((await send(bytes, me.token)).status).toBe(204);
    expect(await h.read((tx) => tx.blobs.usedBytes(me.id))).toBe(bytes.length);
    // Sending the same bytes again (a second device) stores nothing new and charges nothing more.
    expect((await send(bytes, other)).status).toBe(204);
    const loc = (await create(bytes, digest, me.token)).headers.get('location');
    expect(loc).toBeNull(); // readable to me: dedupe, no upload opened
    expect(await h.read((tx) => tx.blobs.usedBytes(me.id))).toBe(bytes.length);
    const open = await create(fakeJpeg(52, 50), undefined, me.token);
    expect(open.status).toBe(201);
    expect(await h.read((tx) => tx.blobs.usedBytes(me.id))).toBe(2 * bytes.length);
  });

  it('uploads need auth and belong to their creator; tus version is required', async () => {
    const bytes = fakeJpeg(50, 50);
    expect(
      (
        await h.req('/api/v1/uploads', {
          method: 'POST',
          headers: { 'Tus-Resumable': TUS_VERSION, 'Upload-Length': '10' },
        })
      ).status,
    ).toBe(401);
    const location = (await create(bytes)).headers.get('location')!;
    const other = (await h.user('member')).token;
    expect((await head(location, other)).status).toBe(404);
    expect((await patch(location, 0, bytes, other)).status).toBe(404);
    const noTus = await h.req('/api/v1/uploads', {
      method: 'POST',
      token,
      headers: { 'Upload-Length': '10' },
    });
    expect(noTus.status).toBe(412);
  });

  it('incomplete uploads expire after 24 h (410) and are swept from disk', async () => {
    await h.close();
    let now = Date.parse('2026-01-01T00:00:00Z');
    h = await makeHarness({ clock: () => new Date(now) });
    token = (await h.user('member')).token;
    const bytes = fakeJpeg(50, 50);
    const location = (await create(bytes)).headers.get('location')!;
    await patch(location, 0, bytes.subarray(0, 10));
    now += 24 * 3600_000 + 1;
    expect((await head(location)).status).toBe(410);
    expect(await h.app.blobs.sweepExpired()).toBe(1);
    expect(readdirSync(join(h.dir, 'photos/tmp'))).toEqual([]);
    expect((await head(location)).status).toBe(404);
  });
});

describe('creation-with-upload: the POST carries the first bytes', () => {
  /** POST /api/v1/uploads with `body` as the upload's first bytes. */
  const createWith = (
    bytes: Buffer,
    body: Uint8Array,
    as = token,
    o: { length?: number; contentType?: string; declaredSha?: string } = {},
  ) =>
    h.req('/api/v1/uploads', {
      method: 'POST',
      token: as,
      body: body as BodyInit,
      headers: {
        'Tus-Resumable': TUS_VERSION,
        'Upload-Length': String(o.length ?? bytes.length),
        'Upload-Metadata': `sha256 ${Buffer.from(o.declaredSha ?? sha(bytes)).toString('base64')},type ${Buffer.from('image/jpeg').toString('base64')}`,
        'Content-Type': o.contentType ?? 'application/offset+octet-stream',
      },
    });
  const openUploads = () => h.read((tx) => tx.blobs.uploadIds());

  it('a whole photo in its POST is stored and verified: 201 with the full offset, nothing left open', async () => {
    const bytes = fakeJpeg(320, 240, 12_000);
    const res = await createWith(bytes, bytes);
    expect(res.status).toBe(201);
    expect(res.headers.get('upload-offset')).toBe(String(bytes.length));
    expect((await head(`/api/v1/blobs/${sha(bytes)}`)).status).toBe(200);
    expect((await head(res.headers.get('location')!)).status).toBe(404); // finished, not open
    expect(await openUploads()).toEqual(new Set());
    expect(readdirSync(join(h.dir, 'photos/tmp'))).toEqual([]);
  });

  it('a first chunk in the POST is staged; PATCH goes on from the offset it answers', async () => {
    const bytes = fakeJpeg(800, 600, 9000);
    const res = await createWith(bytes, bytes.subarray(0, 4000));
    expect(res.status).toBe(201);
    expect(res.headers.get('upload-offset')).toBe('4000');
    const location = res.headers.get('location')!;
    expect((await head(location)).headers.get('upload-offset')).toBe('4000');
    expect((await patch(location, 4000, bytes.subarray(4000))).status).toBe(204);
    expect((await head(`/api/v1/blobs/${sha(bytes)}`)).status).toBe(200);
  });

  it('the account’s open upload of the same bytes is found again: same place, its offset, charged once', async () => {
    const me = await h.user('member');
    const bytes = fakeJpeg(800, 600, 9000);
    const first = await createWith(bytes, bytes.subarray(0, 4000), me.token);
    const again = await createWith(bytes, bytes.subarray(0, 6000), me.token);
    expect(again.status).toBe(201);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    // Past 0 already: the second body is not taken; the device sends on from 4000.
    expect(again.headers.get('upload-offset')).toBe('4000');
    expect(await openUploads()).toHaveProperty('size', 1);
    expect(await h.read((tx) => tx.blobs.usedBytes(me.id))).toBe(bytes.length);
    // A plain creation (no bytes with it) opens a new upload at 0, as tus clients expect.
    const plain = await create(bytes, sha(bytes), me.token);
    expect(plain.status).toBe(201);
    expect(plain.headers.get('location')).not.toBe(first.headers.get('location'));
    expect(plain.headers.get('upload-offset')).toBe('0');
    // Another length is another upload; another account never gets this one.
    const longer = await createWith(bytes, new Uint8Array(0), me.token, { length: 9001 });
    expect(longer.headers.get('location')).not.toBe(first.headers.get('location'));
    const other = await createWith(bytes, bytes.subarray(0, 4000));
    expect(other.status).toBe(201);
    expect(other.headers.get('location')).not.toBe(first.headers.get('location'));
    expect(other.headers.get('upload-offset')).toBe('4000');
    expect(
      (await head(first.headers.get('location')!, me.token)).headers.get('upload-offset'),
    ).toBe('4000');
  });

  it('an expired upload is not found again: a fresh one starts from the POST’s bytes', async () => {
    await h.close();
    let now = Date.parse('2026-01-01T00:00:00Z');
    h = await makeHarness({ clock: () => new Date(now) });
    token = (await h.user('member')).token;
    const bytes = fakeJpeg(800, 600, 9000);
    const first = await createWith(bytes, bytes.subarray(0, 4000));
    now += 24 * 3600_000 + 1;
    const fresh = await createWith(bytes, bytes.subarray(0, 5000));
    expect(fresh.headers.get('location')).not.toBe(first.headers.get('location'));
    expect(fresh.headers.get('upload-offset')).toBe('5000');
  });

  it('bad first bytes are refused like a PATCH and leave no upload: not a JPEG 415, wrong hash 460, too long 413', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(100)]);
    const notJpeg = await createWith(png, png);
    expect(notJpeg.status).toBe(415);
    expect(await notJpeg.json()).toMatchObject({ error: 'not_jpeg' });
    const bytes = fakeJpeg(100, 100, 3000);
    const wrong = await createWith(bytes, bytes, token, { declaredSha: 'f'.repeat(64) });
    expect(wrong.status).toBe(HASH_MISMATCH_STATUS);
    expect(await wrong.json()).toMatchObject({ error: 'hash_mismatch' });
    expect(await openUploads()).toEqual(new Set());
    const tooLong = await createWith(bytes, bytes, token, { length: 100 });
    expect(tooLong.status).toBe(413);
    // That refusal came before any byte was staged; the upload it opened stands at 0.
    const [open] = [...(await openUploads())];
    expect(await h.read((tx) => tx.blobs.upload(open!))).toMatchObject({ offset: 0 });
  });

  it('a body of another type is not upload bytes: it is left unread and the upload stands at 0', async () => {
    const bytes = fakeJpeg(100, 100, 3000);
    const res = await createWith(bytes, bytes, token, { contentType: 'application/json' });
    expect(res.status).toBe(201);
    expect(res.headers.get('upload-offset')).toBe('0');
    expect((await head(`/api/v1/blobs/${sha(bytes)}`)).status).toBe(404);
  });

  it('over the photo quota the POST is 507 and its body is not staged', async () => {
    await h.close();
    h = await makeHarness({ photoQuotaBytes: 10_000 });
    token = (await h.user('member')).token;
    const bytes = fakeJpeg(800, 600, 12_000);
    const res = await createWith(bytes, bytes.subarray(0, 5000));
    expect(res.status).toBe(507);
    expect(await res.json()).toMatchObject({ error: 'photo_quota_exceeded' });
    expect(await openUploads()).toEqual(new Set());
    expect(readdirSync(join(h.dir, 'photos/tmp'))).toEqual([]);
  });
});

describe('blob visibility follows the photo rows', () => {
  it("a user sees a blob when a photo row in its scope references it; another site's QM gets 404", async () => {
    const coord = await h.user('coordinator');
    const c = makeDevice(h, coord.token);
    const s1 = siteFields(),
      s2 = siteFields(),
      v1 = visitFields(s1.id);
    await c.sync([
      c.mutation('site', s1.id, 'create', s1),
      c.mutation('site', s2.id, 'create', s2),
      c.mutation('visit', v1.id, 'create', v1),
    ]);
    const bytes = fakeJpeg(64, 48);
    const digest = sha(bytes);
    // The row's creator sends the bytes: a row grants only bytes its creator sent (uploads by
    // someone else, as this test did before, were the scope hole of docs/architecture.md §Photos).
    expect((await send(bytes, coord.token)).status).toBe(204);
    const qmOwn = (await h.user('quartiersmanagement', s1.id)).token;
    const qmOther = (await h.user('quartiersmanagement', s2.id)).token;
    const member = (await h.user('member')).token;
    expect((await head(`/api/v1/blobs/${digest}`, member)).status).toBe(404);
    const photo = photoFields(v1.id, digest);
    await c.sync([c.mutation('photo', photo.id, 'create', photo)]);
    expect((await head(`/api/v1/blobs/${digest}`, member)).status).toBe(200);
    expect((await head(`/api/v1/blobs/${digest}`, qmOwn)).status).toBe(200);
    expect((await h.req(`/api/v1/blobs/${digest}`, { token: qmOther })).status).toBe(404);
    expect((await head(`/api/v1/blobs/${digest}`, coord.token)).status).toBe(200);
  });
});
