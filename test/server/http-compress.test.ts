// API answers on the wire (docs/architecture.md §Transport): a sync answer is brotli or gzip by
// Accept-Encoding, with Vary and its compressed Content-Length, and reads back to the same JSON;
// small answers (errors) stay plain; photo bytes are never compressed again.
import { request } from 'node:http';
import { brotliCompressSync, brotliDecompressSync, gzipSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_JSON_BODY_BYTES } from '../../src/server/app';
import { MIN_COMPRESS_BYTES } from '../../src/server/http/compress';
import type { SyncResponse } from '../../src/shared/protocol';
import { fakeJpeg, sha256 } from '../support/jpeg';
import {
  type Harness,
  listen,
  makeDevice,
  makeHarness,
  photoFields,
  seedVisit,
  observationFields,
} from '../support/server';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

/** A coordinator with one visit of `n` observations; returns its token and a fresh device's pull. */
async function seeded(n = 60) {
  const u = await h.user('coordinator');
  const writer = makeDevice(h, u.token);
  const { visit } = await seedVisit(writer);
  const obs = Array.from({ length: n }, () => observationFields(visit.id));
  await writer.sync(obs.map((o) => writer.mutation('observation', o.id, 'create', o)));
  const reader = makeDevice(h, u.token);
  return { token: u.token, visit, writer, pull: JSON.stringify(reader.request([])) };
}

const post = (token: string, body: string, acceptEncoding?: string) =>
  h.req('/api/v1/sync', {
    method: 'POST',
    token,
    headers: {
      'Content-Type': 'application/json',
      ...(acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {}),
    },
    body,
  });

const withoutTime = (r: SyncResponse) => ({ ...r, serverTime: '' });

describe('sync answers', () => {
  it('are brotli or gzip by Accept-Encoding and decompress to the same answer', async () => {
    const { token, pull } = await seeded();
    const plainRes = await post(token, pull);
    expect(plainRes.headers.get('content-encoding')).toBeNull();
    expect(plainRes.headers.get('vary')).toBe('Accept-Encoding');
    const plainText = await plainRes.text();
    const plain = JSON.parse(plainText) as SyncResponse;
    expect(plain.changes.length).toBeGreaterThanOrEqual(62);
    expect(plainText.length).toBeGreaterThan(10 * MIN_COMPRESS_BYTES);

    for (const [ae, coding, decode] of [
      ['gzip, deflate, br, zstd', 'br', brotliDecompressSync],
      ['br;q=0, gzip, deflate', 'gzip', gunzipSync],
    ] as const) {
      const res = await post(token, pull, ae);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding'), ae).toBe(coding);
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const wire = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get('content-length'))).toBe(wire.length);
      expect(wire.length).toBeLessThan(plainText.length / 4);
      const answer = JSON.parse(decode(wire).toString()) as SyncResponse;
      expect(withoutTime(answer)).toEqual(withoutTime(plain));
    }
  });

  it('fetch over a real socket decompresses them transparently (what the browser does)', async () => {
    const { token, pull } = await seeded();
    const server = await listen((r) => h.app.fetch(r));
    try {
      const raw = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>(
        (ok, ko) => {
          const req = request(`${server.url}/api/v1/sync`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              'Accept-Encoding': 'gzip, br',
              Authorization: `Bearer ${token}`,
            },
          });
          req.on('response', (r) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c));
            r.on('end', () => ok({ headers: r.headers, body: Buffer.concat(chunks) }));
          });
          req.on('error', ko);
          req.end(pull);
        },
      );
      expect(raw.headers['content-encoding']).toBe('br');
      expect(raw.headers['transfer-encoding']).toBeUndefined();
      expect(Number(raw.headers['content-length'])).toBe(raw.body.length);
      const viaFetch = await fetch(`${server.url}/api/v1/sync`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: pull,
      });
      const answer = (await viaFetch.json()) as SyncResponse;
      const direct = JSON.parse(brotliDecompressSync(raw.body).toString()) as SyncResponse;
      expect(withoutTime(answer)).toEqual(withoutTime(direct));
    } finally {
      await server.close();
    }
  });
});

describe('what stays as it is', () => {
  it('small answers and errors stay plain and readable', async () => {
    const health = await h.req('/api/v1/health', { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(health.headers.get('content-encoding')).toBeNull();
    expect(await health.json()).toMatchObject({ ok: true });
    const u = await h.user('member');
    const bad = await post(u.token, '{"protocol":', 'br, gzip');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-encoding')).toBeNull();
    expect(await bad.json()).toMatchObject({ error: 'invalid_json' });
    const unknown = await h.req('/api/v1/nope', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-encoding')).toBeNull();
  });

  it('photo bytes (image/jpeg) are never compressed, for GET and HEAD', async () => {
    const { token, visit, writer } = await seeded(0);
    const bytes = fakeJpeg(640, 480, 20_000, 0); // zeros: compress very well, still not compressed
    const digest = sha256(bytes);
    const created = await h.createUpload(token, bytes.length, digest, { type: 'image/jpeg' });
    await h.patchUpload(token, created.headers.get('location')!, bytes, 0);
    const photo = photoFields(visit.id, digest);
    await writer.sync([writer.mutation('photo', photo.id, 'create', photo)]);
    for (const method of ['GET', 'HEAD']) {
      const res = await h.req(`/api/v1/blobs/${digest}`, {
        method,
        token,
        headers: { 'Accept-Encoding': 'br, gzip' },
      });
      expect(res.status, method).toBe(200);
      expect(res.headers.get('content-encoding'), method).toBeNull();
      expect(res.headers.get('content-length'), method).toBe(String(bytes.length));
      if (method === 'GET') expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    }
  });
});

describe('gzip request bodies (pushes)', () => {
  const send = (token: string, body: Uint8Array, encoding: string) =>
    h.req('/api/v1/sync', {
      method: 'POST',
      token,
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding },
      body: body as BodyInit,
    });

  it('a gzip push is inflated and applied like a plain one', async () => {
    const u = await h.user('coordinator');
    const d = makeDevice(h, u.token);
    const { visit } = await seedVisit(d);
    const obs = observationFields(visit.id);
    const req = d.request([d.mutation('observation', obs.id, 'create', obs)]);
    const res = await send(u.token, gzipSync(JSON.stringify(req)), 'gzip');
    expect(res.status).toBe(200);
    const answer = (await res.json()) as SyncResponse;
    expect(answer.results).toEqual([expect.objectContaining({ status: 'applied' })]);
  });

  it('a zip bomb is 413 after at most the body limit of inflated bytes; other codings 415, broken gzip 400', async () => {
    const u = await h.user('member');
    // 64 MiB of spaces: about 64 KB on the wire, 64 times the limit once inflated.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 1 });
    expect(bomb.length).toBeLessThan(MAX_JSON_BODY_BYTES);
    const before = process.memoryUsage().rss;
    const res = await send(u.token, bomb, 'gzip');
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'payload_too_large' });
    expect(process.memoryUsage().rss - before).toBeLessThan(32 * 1024 * 1024);
    const justOver = gzipSync(JSON.stringify({ x: 'y'.repeat(MAX_JSON_BODY_BYTES) }));
    expect((await send(u.token, justOver, 'gzip')).status).toBe(413);
    const br = await send(u.token, brotliCompressSync('{}'), 'br');
    expect(br.status).toBe(415);
    expect(await br.json()).toMatchObject({ error: 'unsupported_media_type' });
    const broken = await send(u.token, gzipSync('{"protocol":1}').subarray(0, 12), 'gzip');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: 'invalid' });
  });
});
