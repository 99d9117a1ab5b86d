// Upload abuse corpus, table-driven over a real socket: oversized and lying bodies, non-JPEGs
// named .jpg, polyglots, pixel floods, path traversal and NUL in ids and names, wrong hashes.
// Every sample must get its status, and afterwards no file exists outside DATA_DIR/photos, no
// rejected bytes were stored, and stored photos are served as inert JPEG attachments.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HASH_MISMATCH_STATUS, MAX_BLOB_BYTES, TUS_VERSION } from '../../src/shared/blobs';
import { MAX_JSON_BODY_BYTES } from '../../src/server/app';
import {
  type Harness,
  listen,
  makeDevice,
  makeHarness,
  photoFields,
  seedVisit,
} from '../support/server';
import { exifApp1, fakeJpeg, sha256, spliceAfterSoi } from '../support/jpeg';
import { rawRequest } from './support/raw-http';

let h: Harness;
let srv: Awaited<ReturnType<typeof listen>>;
let token = '';
let visitId = '';
beforeAll(async () => {
  h = await makeHarness();
  token = (await h.user('coordinator')).token;
  srv = await listen(h.app.fetch);
  visitId = (await seedVisit(makeDevice(h, token))).visit.id;
});
afterAll(async () => {
  await srv.close();
  await h.close();
});

const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
const auth = () => ({ Authorization: `Bearer ${token}` });
const tus = () => ({ ...auth(), 'Tus-Resumable': TUS_VERSION });
/** Headers of a PATCH at offset 0 (fetch adds Content-Length). */
const patchAt0 = () => ({
  ...tus(),
  'Content-Type': 'application/offset+octet-stream',
  'Upload-Offset': '0',
});
/** fetch, retried once when undici reused a keep-alive socket that an early 413 had closed (a client-pool artifact). */
const f = async (path: string, init: RequestInit = {}): Promise<Response> => {
  try {
    return await fetch(`${srv.url}${path}`, init);
  } catch (e) {
    if (
      (e as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET' ||
      init.body instanceof ReadableStream
    )
      throw e;
    return fetch(`${srv.url}${path}`, init);
  }
};

async function create(length: number, meta: string) {
  return f('/api/v1/uploads', {
    method: 'POST',
    headers: { ...tus(), 'Upload-Length': String(length), 'Upload-Metadata': meta },
  });
}
/** Full upload of `bytes` declaring `declared` as the hash; the status of the step that failed (or 204). */
async function upload(bytes: Buffer, declared = sha256(bytes), extra: Record<string, string> = {}) {
  const c = await create(bytes.length, `sha256 ${b64(declared)},filename ${b64('foto.jpg')}`);
  if (c.status !== 201) return c.status;
  const p = await f(c.headers.get('location')!, {
    method: 'PATCH',
    headers: { ...patchAt0(), ...extra },
    body: new Uint8Array(bytes),
  });
  return p.status;
}
async function newUpload(length: number) {
  const c = await create(length, `sha256 ${b64('e'.repeat(64))}`);
  return c.headers.get('location')!;
}
const rawHead = (method: string, path: string, headers: Record<string, string>) =>
  [
    `${method} ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    `Authorization: Bearer ${token}`,
    'Connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ].join('\r\n');
/** A PATCH at offset 0 of upload `loc` over a raw socket; `headers` add to or override the tus ones. */
const rawPatch = (loc: string, headers: Record<string, string>, body: Buffer) =>
  rawRequest(
    srv.port,
    rawHead('PATCH', loc, {
      'Tus-Resumable': TUS_VERSION,
      'Content-Type': 'application/offset+octet-stream',
      'Upload-Offset': '0',
      ...headers,
    }),
    body,
  );
/** A JSON POST of `body` with its true Content-Length over a raw socket. */
const rawJsonPost = (path: string, body: string) =>
  rawRequest(
    srv.port,
    rawHead('POST', path, {
      'Content-Type': 'application/json',
      'Content-Length': String(body.length),
    }),
    body,
  );
async function syncWith(mutation: Record<string, unknown>) {
  const d = makeDevice(h, token);
  const res = await f('/api/v1/sync', {
    method: 'POST',
    headers: { ...auth(), 'Content-Type': 'application/json' },
    body: JSON.stringify(d.request([{ ...d.mutation('observation', 'x', 'create'), ...mutation }])),
  });
  if (res.status !== 200) return res.status;
  const body = (await res.json()) as { results: { status: string }[] };
  return body.results[0]!.status === 'rejected' ? 'rejected' : body.results[0]!.status;
}
const seg = (marker: number, payload: Buffer) =>
  Buffer.concat([
    Buffer.from([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 255]),
    payload,
  ]);
const sof = (marker: number, w: number, h: number) =>
  seg(marker, Buffer.from([8, h >> 8, h & 255, w >> 8, w & 255, 1, 1, 0x11, 0]));
const jpegOf = (...parts: Buffer[]) =>
  Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    ...parts,
    Buffer.from([0xff, 0xda, 0, 2, 1, 2, 3, 0xff, 0xd9]),
  ]);
const html = Buffer.from(
  '<!doctype html><html><body><script>fetch("/api/v1/users")</script></body></html>',
);
const svg = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
);
const chunkedStream = (total: number) =>
  new ReadableStream({
    start(c) {
      for (let sent = 0; sent < total; sent += 64 * 1024)
        c.enqueue(new Uint8Array(Math.min(64 * 1024, total - sent)).fill(0x41));
      c.close();
    },
  });

type Sample = { name: string; run: () => Promise<number | string>; expect: (number | string)[] };
const CORPUS: Sample[] = [
  // Oversized bodies and lying lengths.
  {
    name: 'Upload-Length above the photo limit',
    run: async () => (await create(MAX_BLOB_BYTES + 1, `sha256 ${b64('a'.repeat(64))}`)).status,
    expect: [413],
  },
  {
    name: 'Upload-Length of 2^53',
    run: async () => (await create(2 ** 53, `sha256 ${b64('a'.repeat(64))}`)).status,
    expect: [400, 413],
  },
  {
    name: 'negative Upload-Length',
    run: async () => (await create(-5, `sha256 ${b64('a'.repeat(64))}`)).status,
    expect: [400],
  },
  {
    name: 'PATCH longer than Upload-Length (Content-Length says so)',
    run: async () =>
      upload(fakeJpeg(100, 100), undefined, {}).then(async () => {
        const loc = await newUpload(1000);
        return (
          await f(loc, {
            method: 'PATCH',
            headers: patchAt0(),
            body: Buffer.alloc(5000, 0xff),
          })
        ).status;
      }),
    expect: [413],
  },
  {
    name: 'PATCH chunked (no Content-Length) longer than Upload-Length',
    run: async () => {
      const loc = await newUpload(1000);
      const body = chunkedStream(200_000);
      const res = await f(loc, {
        method: 'PATCH',
        headers: patchAt0(),
        body,
        duplex: 'half',
      } as RequestInit);
      return res.status;
    },
    expect: [413, 415],
  },
  {
    name: 'PATCH chunked with a lying Content-Length (TE + CL: smuggling attempt)',
    run: async () => {
      const loc = await newUpload(1000);
      const chunk = Buffer.alloc(4000, 0xff);
      return rawPatch(
        loc,
        { 'Content-Length': '10', 'Transfer-Encoding': 'chunked' },
        Buffer.concat([
          Buffer.from(`${chunk.length.toString(16)}\r\n`),
          chunk,
          Buffer.from('\r\n0\r\n\r\n'),
        ]),
      );
    },
    expect: [400, 413],
  },
  {
    name: 'PATCH whose Content-Length understates the body (the rest is no second request)',
    run: async () => {
      const loc = await newUpload(1000);
      return rawPatch(
        loc,
        { 'Content-Length': '10' },
        Buffer.concat([
          Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0]),
          Buffer.from('GET /api/v1/users HTTP/1.1\r\nHost: x\r\n\r\n'),
        ]),
      ).then(async (status) => {
        // Node refuses the trailing bytes (400) or the 10 declared bytes were appended (204); never more.
        const offset = Number(
          (await f(loc, { method: 'HEAD', headers: tus() })).headers.get('upload-offset'),
        );
        return offset <= 10 ? status : `offset ${offset}`;
      });
    },
    expect: [204, 400],
  },
  {
    name: 'PATCH whose Content-Length overstates Upload-Length',
    run: async () => {
      const loc = await newUpload(1000);
      return rawPatch(loc, { 'Content-Length': String(50 * 1024 * 1024) }, Buffer.alloc(10, 0xff));
    },
    expect: [413],
  },
  {
    name: 'sync body over 1 MiB with Content-Length',
    run: () => rawJsonPost('/api/v1/sync', `{"x":"${'y'.repeat(MAX_JSON_BODY_BYTES)}"}`),
    expect: [413],
  },
  {
    name: 'sync body over 1 MiB, chunked',
    run: async () =>
      (
        await f('/api/v1/sync', {
          method: 'POST',
          headers: { ...auth(), 'Content-Type': 'application/json' },
          body: chunkedStream(2 * MAX_JSON_BODY_BYTES),
          duplex: 'half',
        } as RequestInit)
      ).status,
    expect: [413],
  },
  {
    name: 'sync chunked with a lying Content-Length',
    run: () =>
      rawRequest(
        srv.port,
        rawHead('POST', '/api/v1/sync', {
          'Content-Type': 'application/json',
          'Content-Length': '5',
          'Transfer-Encoding': 'chunked',
        }),
        `100000\r\n${'y'.repeat(0x100000)}\r\n0\r\n\r\n`,
      ),
    expect: [400, 413],
  },
  {
    name: 'login body over 1 MiB',
    run: () => rawJsonPost('/api/v1/auth/login', `{"email":"${'a'.repeat(MAX_JSON_BODY_BYTES)}"}`),
    expect: [413],
  },
  // Not a JPEG, whatever the name says.
  { name: 'HTML named foto.jpg', run: () => upload(html), expect: [415] },
  { name: 'SVG with script named foto.jpg', run: () => upload(svg), expect: [415] },
  {
    name: 'JavaScript named foto.jpg',
    run: () => upload(Buffer.from('alert(1);//'.repeat(20))),
    expect: [415],
  },
  {
    name: 'PNG named foto.jpg',
    run: () =>
      upload(
        Buffer.concat([
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
          Buffer.alloc(200),
        ]),
      ),
    expect: [415],
  },
  {
    name: 'GIF named foto.jpg',
    run: () => upload(Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(200)])),
    expect: [415],
  },
  {
    name: 'PDF named foto.jpg',
    run: () => upload(Buffer.from(`%PDF-1.7\n${'0'.repeat(200)}`)),
    expect: [415],
  },
  {
    name: 'polyglot: JPEG magic followed by HTML, no frame header',
    run: () =>
      upload(
        Buffer.concat([
          Buffer.from([0xff, 0xd8, 0xff, 0xfe, 0, html.length + 2]),
          html,
          Buffer.from([0xff, 0xd9]),
        ]),
      ),
    expect: [415],
  },
  {
    name: 'JPEG magic only (3 bytes)',
    run: () => upload(Buffer.from([0xff, 0xd8, 0xff])),
    expect: [415],
  },
  {
    name: 'declared type text/html',
    run: async () =>
      (await create(100, `sha256 ${b64('a'.repeat(64))},type ${b64('text/html')}`)).status,
    expect: [415],
  },
  {
    name: 'PATCH Content-Type image/svg+xml',
    run: async () => upload(fakeJpeg(90, 90), undefined, { 'Content-Type': 'image/svg+xml' }),
    expect: [415],
  },
  {
    name: 'camera JPEG with Exif GPS',
    run: () =>
      upload(
        Buffer.from(
          spliceAfterSoi(fakeJpeg(91, 90), exifApp1({ orientation: 6, lat: 50.5, lng: 9.7 })),
        ),
      ),
    expect: [415],
  },
  // Pixel floods: refused from the header, nothing decoded.
  {
    name: 'pixel flood 20000×20000 (baseline)',
    run: () => upload(jpegOf(sof(0xc0, 20000, 20000))),
    expect: [415],
  },
  {
    name: 'pixel flood 65535×65535 (progressive)',
    run: () => upload(jpegOf(sof(0xc2, 65535, 65535))),
    expect: [415],
  },
  {
    name: 'pixel flood behind a 60 KiB APP2 segment',
    run: () => upload(jpegOf(seg(0xe2, Buffer.alloc(60_000, 0x20)), sof(0xc0, 30000, 30000))),
    expect: [415],
  },
  { name: 'zero width', run: () => upload(jpegOf(sof(0xc0, 0, 100))), expect: [415] },
  // Traversal and NUL in ids, hashes and names.
  {
    name: 'upload id ../../ (encoded) in PATCH',
    run: async () =>
      (
        await f('/api/v1/uploads/..%2F..%2Fstandortbesuch.sqlite', {
          method: 'PATCH',
          headers: patchAt0(),
          body: 'x',
        })
      ).status,
    expect: [404],
  },
  // The URL normalises to /etc/passwd, which the static handler confines to dist/ (absent in this harness: 503).
  {
    name: 'upload id ../ raw in the request line',
    run: () =>
      rawRequest(
        srv.port,
        rawHead('GET', '/api/v1/uploads/../../../etc/passwd', { 'Tus-Resumable': TUS_VERSION }),
        '',
      ),
    expect: [400, 404, 503],
  },
  {
    name: 'upload id with NUL',
    run: async () =>
      (await f('/api/v1/uploads/abc%00def', { method: 'HEAD', headers: tus() })).status,
    expect: [400, 404],
  },
  {
    name: 'blob sha ../ (encoded)',
    run: async () =>
      (await f('/api/v1/blobs/..%2F..%2Fstandortbesuch.sqlite', { headers: auth() })).status,
    expect: [400, 404],
  },
  {
    name: 'blob sha with NUL and .jpg',
    run: async () =>
      (await f(`/api/v1/blobs/${'a'.repeat(64)}%00.jpg`, { headers: auth() })).status,
    expect: [400],
  },
  {
    name: 'blob sha upper-case (not canonical)',
    run: async () => (await f(`/api/v1/blobs/${'A'.repeat(64)}`, { headers: auth() })).status,
    expect: [400],
  },
  {
    name: 'upload metadata sha256 ../../../tmp/evil',
    run: async () => (await create(100, `sha256 ${b64('../../../tmp/evil')}`)).status,
    expect: [400],
  },
  {
    name: 'upload metadata sha256 with NUL',
    run: async () =>
      (await create(100, `sha256 ${b64(`${'a'.repeat(32)}\0${'a'.repeat(31)}`)}`)).status,
    expect: [400],
  },
  {
    name: 'sync entityId ../../etc/passwd',
    run: () => syncWith({ entityId: '../../etc/passwd' }),
    expect: [400, 'rejected'],
  },
  {
    name: 'sync entityId with NUL',
    run: () => syncWith({ entityId: 'a\u0000b' }),
    expect: [400, 'rejected'],
  },
  {
    name: 'sync photo row with sha256 ../../x',
    run: () => {
      const p = photoFields(visitId, '../../x'.padEnd(64, 'a'));
      return syncWith({ entity: 'photo', entityId: p.id, fields: p });
    },
    expect: [400, 'rejected'],
  },
  // Hashes that do not match the bytes.
  {
    name: 'declared hash of other bytes',
    run: () => upload(fakeJpeg(120, 90), sha256(fakeJpeg(121, 90))),
    expect: [HASH_MISMATCH_STATUS],
  },
  {
    name: 'declared hash all zeros',
    run: () => upload(fakeJpeg(122, 90), '0'.repeat(64)),
    expect: [HASH_MISMATCH_STATUS],
  },
];

describe('upload abuse corpus', () => {
  it(`has at least 30 samples (${CORPUS.length})`, () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CORPUS.map((s) => [s.name, s] as const))('%s', async (_, sample) => {
    expect(sample.expect).toContain(await sample.run());
  });

  it('afterwards: only verified JPEGs are stored, nothing lies outside DATA_DIR/photos, and the server still works', async () => {
    const photos = join(h.dir, 'photos');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else files.push(join(d, e.name));
      }
    };
    walk(h.dir);
    const stored = files.filter((p) => p.startsWith(photos) && !p.startsWith(join(photos, 'tmp')));
    // The only completed upload in the corpus is the 100×100 JPEG (sample 4's warm-up).
    expect(stored.map((p) => p.split('/').pop())).toEqual([sha256(fakeJpeg(100, 100))]);
    for (const p of files) expect(p.startsWith(h.dir)).toBe(true);
    expect(files.some((p) => /evil|passwd/.test(p))).toBe(false);
    expect(existsSync(join(dirname(h.dir), 'evil'))).toBe(false);
    for (const p of files.filter((x) => x.startsWith(join(photos, 'tmp'))))
      expect(statSync(p).size).toBeLessThanOrEqual(1000);
    expect((await f('/api/v1/health')).status).toBe(200);
  });

  it('a stored photo (even one with HTML after its end) is served as an inert JPEG: type, nosniff, disposition, sandbox', async () => {
    const polyglot = Buffer.concat([fakeJpeg(140, 90), html]);
    expect(await upload(polyglot)).toBe(204);
    const res = await f(`/api/v1/blobs/${sha256(polyglot)}`, { headers: auth() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="${sha256(polyglot)}.jpg"`,
    );
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await res.arrayBuffer()).equals(polyglot)).toBe(true);
  });
});
