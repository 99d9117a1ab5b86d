// Serves the built PWA from dist/: hashed assets cached forever, the shell and the
// service worker always revalidated, unknown app routes answered with the shell
// (the client shows its own "not found" page), missing assets a real 404 so a stale
// client never mistakes index.html for a script.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function makeStaticHandler(distDir: string) {
  const root = resolve(distDir);

  async function file(path: string): Promise<Buffer | null> {
    const full = normalize(join(root, path));
    if (full !== root && !full.startsWith(root + sep)) return null;
    try {
      if (!(await stat(full)).isFile()) return null;
      return await readFile(full);
    } catch {
      return null;
    }
  }

  return async (c: Context) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return c.text('Bad request', 400); // malformed percent-encoding is the client's mistake, not a 500
    }
    if (path.includes('\0')) return c.text('Bad request', 400);
    if (path === '/') path = '/index.html';
    const body = await file(path);
    if (body) {
      const type = TYPES[extname(path)] ?? 'application/octet-stream';
      const immutable = path.startsWith('/assets/');
      const cache = immutable ? 'public, max-age=31536000, immutable' : 'no-cache';
      return c.body(new Uint8Array(body), 200, { 'Content-Type': type, 'Cache-Control': cache });
    }
    if (path.startsWith('/assets/') || extname(path) !== '') return c.text('Not found', 404);
    const shell = await file('/index.html');
    if (!shell) return c.text('The app is not built: run `npm run build`.', 503);
    return c.body(new Uint8Array(shell), 200, {
      'Content-Type': TYPES['.html']!,
      'Cache-Control': 'no-cache',
    });
  };
}
