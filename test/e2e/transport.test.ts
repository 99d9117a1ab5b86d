// The built app as the server sends it (docs/architecture.md §Transport): the build wrote brotli
// and gzip copies next to every compressible file, the service worker precaches none of them, and
// the real server process sends the shell, sw.js and the manifest brotli with an ETag that a
// revalidation answers with 304. No browser: raw HTTP, so the wire bytes are what is checked.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { COMPRESSIBLE_EXTENSIONS } from '../../src/server/http/encoding';
import { FIRST_VISIT_SHELL } from '../../src/server/http/first-visit-shell-build';
import { type RunningServer, startServer } from '../support/server-process';

const DIST = resolve(process.env.DIST_DIR ?? 'dist');
let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ env: { DIST_DIR: DIST } });
});
afterAll(() => server?.stop());

function get(path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (ok, ko) => {
      const req = request(`${server.url}${path}`, { headers }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () =>
          ok({ status: r.statusCode ?? 0, headers: r.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', ko);
      req.end();
    },
  );
}

it('the build wrote .br and .gz copies of the compressible files; the precache lists none', () => {
  const files = readdirSync(DIST, { recursive: true }).map(String);
  const compressible = files.filter((f) => COMPRESSIBLE_EXTENSIONS.has(extname(f)));
  expect(compressible.length).toBeGreaterThan(20);
  // Tiny files may have no copy (not smaller); every file above 1 KB has both.
  const big = compressible.filter((f) => readFileSync(join(DIST, f)).length > 1024);
  for (const f of big)
    for (const ext of ['.br', '.gz']) expect(existsSync(join(DIST, f + ext)), f + ext).toBe(true);
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]!);
  expect(urls).toContain('index.html');
  expect(urls.filter((u) => /\.(br|gz)$/.test(u))).toEqual([]);
});

it('the shell, sw.js and the manifest go out brotli with an ETag; revalidation is a 304', async () => {
  for (const path of ['/', '/sw.js', '/manifest.webmanifest']) {
    const res = await get(path, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(res.status, path).toBe(200);
    expect(res.headers['content-encoding'], path).toBe('br');
    // The shell also depends on whether the request is a navigation (the first visit's shell).
    expect(res.headers['vary'], path).toBe(
      path === '/' ? 'Accept-Encoding, Sec-Fetch-Mode' : 'Accept-Encoding',
    );
    expect(Number(res.headers['content-length']), path).toBe(res.body.length);
    const plain = readFileSync(join(DIST, path === '/' ? 'index.html' : path));
    expect(brotliDecompressSync(res.body).equals(plain), path).toBe(true);
    const etag = String(res.headers['etag']);
    const again = await get(path, {
      'Accept-Encoding': 'gzip, deflate, br, zstd',
      'If-None-Match': etag,
    });
    expect(again.status, path).toBe(304);
    expect(again.body.length, path).toBe(0);
  }
});

it("a navigation gets the first visit's shell, which preloads the sign-in page; the precache has index.html", async () => {
  const nav = await get('/visits/some-id', {
    'Accept-Encoding': 'br',
    'Sec-Fetch-Mode': 'navigate',
  });
  expect(nav.status).toBe(200);
  const shell = brotliDecompressSync(nav.body).toString();
  expect(shell).toBe(readFileSync(join(DIST, FIRST_VISIT_SHELL), 'utf8'));
  const page = readdirSync(join(DIST, 'assets')).find((f) => /^sign-in-page-.*\.js$/.test(f));
  expect(shell).toContain(`<link rel="modulepreload" crossorigin href="/assets/${page}">`);
  const index = readFileSync(join(DIST, 'index.html'), 'utf8');
  expect(index).not.toContain('sign-in-page');
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
  expect(sw).toContain('"index.html"');
  expect(sw).not.toContain(FIRST_VISIT_SHELL);
});
