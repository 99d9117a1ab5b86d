// Serves the built PWA from dist/: hashed assets cached forever, the shell and the
// service worker always revalidated, unknown app routes answered with the shell
// (the client shows its own "not found" page), missing assets a real 404 so a stale
// client never mistakes index.html for a script.
// Transport (docs/architecture.md §Transport): the brotli/gzip copies the build wrote next to a
// file (`x.js.br`, `x.js.gz`, precompress-build.ts; checked once to decode to that file) are
// sent by `Accept-Encoding` with `Vary: Accept-Encoding`; every answer carries a strong ETag (a
// hash of the bytes sent, so each encoding has its own) and Last-Modified, and
// `If-None-Match`/`If-Modified-Since` get a 304.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip } from 'node:zlib';
import type { Context } from 'hono';
import { FIRST_VISIT_SHELL } from './first-visit-shell-build';
import { COMPRESSIBLE_EXTENSIONS, type Coding, negotiateEncoding } from './encoding';

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
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Suffix of the precompressed copy per coding, in the server's order of preference. */
const SUFFIX: Record<Coding, string> = { br: '.br', gzip: '.gz' };
const CODINGS = Object.keys(SUFFIX) as Coding[];

type Variant = { file: string; etag: string; size: number };
type Entry = {
  /** mtime and size of the file and its copies: a rebuild changes them and drops the entry. */
  key: string;
  lastModified: string;
  mtimeSeconds: number;
  plain: Variant;
  encoded: Partial<Record<Coding, Variant>>;
};

const DECODE: Record<Coding, (b: Buffer) => Promise<Buffer>> = {
  br: promisify(brotliDecompress),
  gzip: promisify(gunzip),
};

const etagOf = (bytes: Buffer) =>
  `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;

/** RFC 9110 §13.1.2: weak comparison, a list or `*`. */
function noneMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

export function makeStaticHandler(distDir: string) {
  const root = resolve(distDir);
  const cache = new Map<string, Entry>();

  async function entry(path: string): Promise<Entry | null> {
    const full = normalize(join(root, path));
    if (full !== root && !full.startsWith(root + sep)) return null;
    try {
      const s = await stat(full);
      if (!s.isFile()) return null;
      const compressible = COMPRESSIBLE_EXTENSIONS.has(extname(full));
      const copies = await Promise.all(
        CODINGS.map((c) =>
          compressible ? stat(full + SUFFIX[c]).catch(() => null) : Promise.resolve(null),
        ),
      );
      const key = [s, ...copies].map((x) => (x?.isFile() ? `${x.mtimeMs}:${x.size}` : '-')).join();
      const hit = cache.get(full);
      if (hit?.key === key) return hit;
      const plain = await readFile(full);
      const encoded: Entry['encoded'] = {};
      for (const [i, c] of CODINGS.entries()) {
        if (!copies[i]?.isFile()) continue;
        const file = full + SUFFIX[c];
        const bytes = await readFile(file);
        // Sent only if it holds this very file: a copy left from another build (or a file edited
        // after the build, within the file system's timestamp resolution) is never served.
        const same = await DECODE[c](bytes).then(
          (d) => d.equals(plain),
          () => false,
        );
        if (same) encoded[c] = { file, etag: etagOf(bytes), size: bytes.length };
      }
      const e: Entry = {
        key,
        lastModified: new Date(Math.floor(s.mtimeMs / 1000) * 1000).toUTCString(),
        mtimeSeconds: Math.floor(s.mtimeMs / 1000),
        plain: { file: full, etag: etagOf(plain), size: plain.length },
        encoded,
      };
      cache.set(full, e);
      return e;
    } catch {
      return null;
    }
  }

  async function send(
    c: Context,
    e: Entry,
    type: string,
    cacheControl: string,
    vary: string[] = [],
  ) {
    const available = CODINGS.filter((k) => e.encoded[k]);
    const coding = negotiateEncoding(c.req.header('accept-encoding'), available);
    const v = coding ? e.encoded[coding]! : e.plain;
    const headers: Record<string, string> = {
      'Content-Type': type,
      'Cache-Control': cacheControl,
      ETag: v.etag,
      'Last-Modified': e.lastModified,
    };
    const varies = [...(available.length > 0 ? ['Accept-Encoding'] : []), ...vary];
    if (varies.length > 0) headers['Vary'] = varies.join(', ');
    const inm = c.req.header('if-none-match');
    const ims = inm === undefined ? Date.parse(c.req.header('if-modified-since') ?? '') : NaN;
    if (inm !== undefined ? noneMatch(inm, v.etag) : ims >= e.mtimeSeconds * 1000)
      return c.body(null, 304, headers);
    if (coding) headers['Content-Encoding'] = coding;
    headers['Content-Length'] = String(v.size);
    // Hono answers HEAD through this GET route with the body dropped: do not read the file.
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    const body = await readFile(v.file).catch(() => null);
    // Replaced between stat and read (a rebuild under a running server): the client retries.
    if (!body || body.length !== v.size) return c.text('Service unavailable', 503);
    return c.body(new Uint8Array(body), 200, headers);
  }

  /**
   * The shell for an app route: a navigation that reached the server (no service worker answered
   * it: a first visit) gets the one that also loads the sign-in form, when the build wrote it.
   */
  async function sendShell(c: Context) {
    const navigation = c.req.header('sec-fetch-mode') === 'navigate';
    const shell =
      (navigation ? await entry(`/${FIRST_VISIT_SHELL}`) : null) ?? (await entry('/index.html'));
    if (!shell) return c.text('The app is not built: run `npm run build`.', 503);
    return send(c, shell, TYPES['.html']!, 'no-cache', ['Sec-Fetch-Mode']);
  }

  return async (c: Context) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return c.text('Bad request', 400); // malformed percent-encoding is the client's mistake, not a 500
    }
    if (path.includes('\0')) return c.text('Bad request', 400);
    if (path === '/') return sendShell(c);
    const found = await entry(path);
    if (found) {
      const type = TYPES[extname(path)] ?? 'application/octet-stream';
      const immutable = path.startsWith('/assets/');
      const cache = immutable ? 'public, max-age=31536000, immutable' : 'no-cache';
      return send(c, found, type, cache);
    }
    if (path.startsWith('/assets/') || extname(path) !== '') return c.text('Not found', 404);
    return sendShell(c);
  };
}
