// The built app's transport (docs/architecture.md §Transport): a temp dist/ with known files,
// precompressed by the same function the build runs; Accept-Encoding picks br > gzip > identity
// (q=0 refuses), each encoding has its own strong ETag, revalidation answers 304, fonts have their
// types, HEAD answers the headers only. One check goes over a real socket (@hono/node-server).
import { mkdirSync, readdirSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { negotiateEncoding } from '../../src/server/http/encoding';
import { precompressDir } from '../../src/server/http/precompress-build';
import { FIRST_VISIT_SHELL } from '../../src/server/http/first-visit-shell-build';
import { type Harness, listen, makeHarness } from '../support/server';

const HTML = `<!doctype html><html><head><title>App</title></head><body>${'<p>Hallo Welt</p>'.repeat(200)}</body></html>`;
const FIRST_VISIT = HTML.replace(
  '</head>',
  '<link rel="modulepreload" href="/assets/app-abc123.js"></head>',
);
const JS = `export const x = ${JSON.stringify('const a = 1; '.repeat(500))};`;
const TTF = Buffer.from('\0\x01\0\0' + 'glyf'.repeat(2000), 'latin1');
const WOFF2 = Buffer.from('wOF2' + 'x'.repeat(3000), 'latin1');
const PNG = Buffer.from('\x89PNG\r\n\x1a\n' + 'p'.repeat(3000), 'latin1');
const TINY = 'export{};';

let h: Harness;
let dist: string;
beforeAll(async () => {
  h = await makeHarness();
  dist = join(h.dir, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), HTML);
  writeFileSync(join(dist, FIRST_VISIT_SHELL), FIRST_VISIT);
  writeFileSync(join(dist, 'sw.js'), JS);
  writeFileSync(join(dist, 'manifest.webmanifest'), JSON.stringify({ name: 'x'.repeat(2000) }));
  writeFileSync(join(dist, 'assets/app-abc123.js'), JS);
  writeFileSync(join(dist, 'assets/tiny-abc123.js'), TINY);
  writeFileSync(join(dist, 'assets/DejaVuSans-abc123.ttf'), TTF);
  writeFileSync(join(dist, 'assets/font-abc123.woff2'), WOFF2);
  writeFileSync(join(dist, 'assets/icon-abc123.png'), PNG);
  await precompressDir(dist);
});
afterAll(() => h.close());

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  h.app.request(path, { method, headers });
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('precompressed copies written at build time', () => {
  it('brotli and gzip next to text and uncompressed fonts; none for woff2, png or when not smaller', () => {
    const files = [...readdirSync(dist), ...readdirSync(join(dist, 'assets'))].sort();
    for (const f of ['index.html', 'sw.js', 'manifest.webmanifest', 'app-abc123.js'])
      for (const ext of ['.br', '.gz']) expect(files, f + ext).toContain(f + ext);
    expect(files).toContain('DejaVuSans-abc123.ttf.br');
    expect(files.filter((f) => /(woff2|png)\.(br|gz)$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('tiny-abc123.js.'))).toEqual([]);
  });
});

describe('Accept-Encoding', () => {
  it('br > gzip > identity, with Content-Encoding, Vary, Content-Type and the sent Content-Length', async () => {
    const br = await get('/assets/app-abc123.js', { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(br.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const brBody = await bytes(br);
    expect(Number(br.headers.get('content-length'))).toBe(brBody.length);
    expect(brBody.length).toBeLessThan(JS.length / 10);
    expect(brotliDecompressSync(brBody).toString()).toBe(JS);

    const gz = await get('/assets/app-abc123.js', { 'Accept-Encoding': 'gzip, deflate' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const gzBody = await bytes(gz);
    expect(Number(gz.headers.get('content-length'))).toBe(gzBody.length);
    expect(gunzipSync(gzBody).toString()).toBe(JS);

    for (const plain of [
      {},
      { 'Accept-Encoding': 'identity' },
      { 'Accept-Encoding': 'zstd' },
    ] as Record<string, string>[]) {
      const res = await get('/assets/app-abc123.js', plain);
      expect(res.headers.get('content-encoding')).toBeNull();
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      expect((await bytes(res)).toString()).toBe(JS);
      expect(res.headers.get('content-length')).toBe(String(JS.length));
    }
  });

  it('honours q: q=0 refuses a coding, a higher q wins over the server order, * covers the rest', async () => {
    const enc = async (ae: string) =>
      (await get('/index.html', { 'Accept-Encoding': ae })).headers.get('content-encoding');
    expect(await enc('br;q=0, gzip')).toBe('gzip');
    expect(await enc('br;q=0, gzip;q=0')).toBeNull();
    expect(await enc('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(await enc('*')).toBe('br');
    expect(await enc('*;q=0.5, br;q=0')).toBe('gzip');
    expect(await enc('*;q=0')).toBeNull();
    expect(await enc('gzip;q=0.4, identity;q=0.9')).toBeNull();
    expect(await enc('GZIP ; Q=1')).toBe('gzip');
    expect(negotiateEncoding('x-gzip', ['br', 'gzip'])).toBe('gzip');
    expect(negotiateEncoding('br', ['gzip'])).toBeNull();
  });

  it('files without copies go out plain, without Vary', async () => {
    for (const path of ['/assets/tiny-abc123.js', '/assets/icon-abc123.png']) {
      const res = await get(path, { 'Accept-Encoding': 'br, gzip' });
      expect(res.headers.get('content-encoding'), path).toBeNull();
      expect(res.headers.get('vary'), path).toBeNull();
    }
  });
});

describe('ETag, Last-Modified and 304', () => {
  it('each encoding has its own strong ETag; If-None-Match answers 304 for the shell, sw.js and the manifest too', async () => {
    for (const path of ['/index.html', '/', '/some/app/route', '/sw.js', '/manifest.webmanifest']) {
      const tags = new Set<string>();
      for (const ae of ['br', 'gzip', '']) {
        const headers: Record<string, string> = ae ? { 'Accept-Encoding': ae } : {};
        const first = await get(path, headers);
        expect(first.status, path).toBe(200);
        const etag = first.headers.get('etag')!;
        expect(etag, path).toMatch(/^"[\w-]+"$/);
        expect(first.headers.get('cache-control'), path).toBe('no-cache');
        expect(Date.parse(first.headers.get('last-modified')!), path).not.toBeNaN();
        tags.add(etag);
        const again = await get(path, { ...headers, 'If-None-Match': etag });
        expect(again.status, `${path} ${ae}`).toBe(304);
        expect(await again.text()).toBe('');
        expect(again.headers.get('etag')).toBe(etag);
        expect(again.headers.get('cache-control')).toBe('no-cache');
        const weak = await get(path, { ...headers, 'If-None-Match': `"nope", W/${etag}` });
        expect(weak.status).toBe(304);
        const other = await get(path, { ...headers, 'If-None-Match': '"other"' });
        expect(other.status).toBe(200);
      }
      expect(tags.size, path).toBe(3);
    }
  });

  it('If-Modified-Since answers 304 when nothing changed since; If-None-Match takes precedence', async () => {
    const first = await get('/sw.js');
    const lastModified = first.headers.get('last-modified')!;
    expect((await get('/sw.js', { 'If-Modified-Since': lastModified })).status).toBe(304);
    const before = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    expect((await get('/sw.js', { 'If-Modified-Since': before })).status).toBe(200);
    const both = await get('/sw.js', { 'If-Modified-Since': lastModified, 'If-None-Match': '"x"' });
    expect(both.status).toBe(200);
  });

  it('an HTML 304 still carries the CSP', async () => {
    const etag = (await get('/index.html')).headers.get('etag')!;
    const res = await get('/index.html', { 'If-None-Match': etag });
    expect(res.status).toBe(304);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('a file edited after the build is sent plain, never as its stale copy (even with the same mtime)', async () => {
    const file = join(dist, 'sw-copy.js');
    writeFileSync(file, JS);
    await precompressDir(dist);
    expect(
      (await get('/sw-copy.js', { 'Accept-Encoding': 'br' })).headers.get('content-encoding'),
    ).toBe('br');
    const next = JS + '\n// next version\n';
    writeFileSync(file, next);
    const { mtime } = statSync(`${file}.br`);
    utimesSync(file, mtime, mtime); // a coarse file-system clock: edited in the same tick
    for (const ae of ['br', 'gzip']) {
      const res = await get('/sw-copy.js', { 'Accept-Encoding': ae });
      expect(res.headers.get('content-encoding'), ae).toBeNull();
      expect((await bytes(res)).toString(), ae).toBe(next);
    }
  });

  it('a rebuilt file gets a new ETag', async () => {
    const before = (await get('/assets/tiny-abc123.js')).headers.get('etag');
    writeFileSync(join(dist, 'assets/tiny-abc123.js'), 'export{};//');
    const after = await get('/assets/tiny-abc123.js', { 'If-None-Match': before! });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
    writeFileSync(join(dist, 'assets/tiny-abc123.js'), TINY);
  });
});

describe("the first visit's shell", () => {
  const navigate = { 'Sec-Fetch-Mode': 'navigate', 'Accept-Encoding': 'br' };
  const text = async (res: Response) => brotliDecompressSync(await bytes(res)).toString();

  it('goes to navigations of app routes; fetches (the service worker precaching) and /index.html get index.html', async () => {
    for (const path of ['/', '/visits/abc', '/some/app/route']) {
      const nav = await get(path, navigate);
      expect(await text(nav), path).toBe(FIRST_VISIT);
      expect(nav.headers.get('vary'), path).toBe('Accept-Encoding, Sec-Fetch-Mode');
      for (const mode of ['cors', 'same-origin', 'no-cors']) {
        const res = await get(path, { 'Sec-Fetch-Mode': mode, 'Accept-Encoding': 'br' });
        expect(await text(res), `${path} ${mode}`).toBe(HTML);
        expect(res.headers.get('etag')).not.toBe(nav.headers.get('etag'));
      }
      expect(await text(await get(path, { 'Accept-Encoding': 'br' })), path).toBe(HTML);
    }
    expect(await text(await get('/index.html', navigate))).toBe(HTML);
  });

  it('a navigation revalidates against its own ETag', async () => {
    const first = await get('/visits/abc', navigate);
    const again = await get('/visits/abc', {
      ...navigate,
      'If-None-Match': first.headers.get('etag')!,
    });
    expect(again.status).toBe(304);
    const plainTag = (await get('/visits/abc', { 'Accept-Encoding': 'br' })).headers.get('etag')!;
    const other = await get('/visits/abc', { ...navigate, 'If-None-Match': plainTag });
    expect(other.status).toBe(200);
    expect(await text(other)).toBe(FIRST_VISIT);
  });

  it('without it in the build, a navigation gets index.html', async () => {
    const file = join(dist, FIRST_VISIT_SHELL);
    renameSync(file, `${file}.away`);
    try {
      const res = await get('/visits/abc', navigate);
      expect(res.status).toBe(200);
      expect(await text(res)).toBe(HTML);
    } finally {
      renameSync(`${file}.away`, file);
    }
  });
});

describe('types and methods', () => {
  it('fonts are served with their types', async () => {
    const ttf = await get('/assets/DejaVuSans-abc123.ttf', { 'Accept-Encoding': 'br' });
    expect(ttf.headers.get('content-type')).toBe('font/ttf');
    expect(ttf.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(await bytes(ttf)).equals(TTF)).toBe(true);
    const woff2 = await get('/assets/font-abc123.woff2', { 'Accept-Encoding': 'br' });
    expect(woff2.headers.get('content-type')).toBe('font/woff2');
    expect(woff2.headers.get('content-encoding')).toBeNull();
    expect((await bytes(woff2)).equals(WOFF2)).toBe(true);
  });

  it('HEAD answers the headers of the negotiated GET without a body', async () => {
    const head = await get('/assets/app-abc123.js', { 'Accept-Encoding': 'br' }, 'HEAD');
    const full = await get('/assets/app-abc123.js', { 'Accept-Encoding': 'br' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    for (const name of ['content-encoding', 'content-length', 'etag', 'content-type', 'vary'])
      expect(head.headers.get(name), name).toBe(full.headers.get(name));
  });

  it('missing assets stay 404 and app routes get the shell', async () => {
    expect((await get('/assets/missing-abc.js', { 'Accept-Encoding': 'br' })).status).toBe(404);
    const shell = await get('/visits/123', { 'Accept-Encoding': 'gzip' });
    expect(shell.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(gunzipSync(await bytes(shell)).toString()).toBe(HTML);
  });

  it('over a real socket the compressed length goes out as Content-Length, not chunked', async () => {
    const server = await listen((r) => h.app.fetch(r));
    try {
      const res = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>(
        (ok, ko) => {
          const req = request(
            `${server.url}/assets/app-abc123.js`,
            { headers: { 'Accept-Encoding': 'br' } },
            (r) => {
              const chunks: Buffer[] = [];
              r.on('data', (c: Buffer) => chunks.push(c));
              r.on('end', () => ok({ headers: r.headers, body: Buffer.concat(chunks) }));
            },
          );
          req.on('error', ko);
          req.end();
        },
      );
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['transfer-encoding']).toBeUndefined();
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(brotliDecompressSync(res.body).toString()).toBe(JS);
    } finally {
      await server.close();
    }
  });
});
