// Compression of API answers (docs/architecture.md §Transport): JSON and text of at least
// MIN_COMPRESS_BYTES are sent brotli (quality 5) or gzip (level 6) by `Accept-Encoding`, with
// `Vary: Accept-Encoding` and the compressed Content-Length. Sync answers are the large ones (a
// pull page of 500 observations: about 390 KB of JSON, 12.3 KB brotli 5, 16.0 KB brotli 3,
// 17.6 KB gzip 6); brotli 5 costs about what gzip 6 does in CPU (docs/architecture.md
// §Transport). Photo bytes (image/jpeg)
// are already compressed and stream untouched; small answers (errors, health) stay plain and
// readable. zlib's async calls run on libuv's thread pool, off the event loop.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { type Coding, negotiateEncoding } from './encoding';

export const MIN_COMPRESS_BYTES = 1024;
const COMPRESSIBLE = /^(application\/(json|[\w.+-]*\+json)|text\/)/i;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

function encode(coding: Coding, bytes: Uint8Array): Promise<Buffer> {
  return coding === 'br'
    ? brotli(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 5,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      })
    : gz(bytes, { level: 6 });
}

export const compressApi: MiddlewareHandler = async (c, next) => {
  await next();
  const res = c.res;
  const type = res.headers.get('content-type') ?? '';
  if (
    c.req.method === 'HEAD' ||
    res.status === 204 ||
    res.status === 206 ||
    res.status === 304 ||
    res.headers.has('content-encoding') ||
    !COMPRESSIBLE.test(type) ||
    /(^|,)\s*no-transform\s*(,|$)/i.test(res.headers.get('cache-control') ?? '')
  )
    return;
  const vary = res.headers.get('vary');
  if (!vary) res.headers.set('Vary', 'Accept-Encoding');
  else if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary))
    res.headers.set('Vary', `${vary}, Accept-Encoding`);
  const coding = negotiateEncoding(c.req.header('accept-encoding'), ['br', 'gzip']);
  if (!coding) return;
  const declared = Number(res.headers.get('content-length') ?? NaN);
  // The body is looked at only now: reading `res.body` turns @hono/node-server's answer of a
  // string into a web ReadableStream it then pumps chunk by chunk, which cost an uncompressed
  // sync answer more CPU than writing the string.
  if (declared < MIN_COMPRESS_BYTES || !res.body) return;
  const plain = new Uint8Array(await res.arrayBuffer());
  const headers = new Headers(res.headers);
  if (plain.length < MIN_COMPRESS_BYTES) {
    c.res = undefined; // the body was read: answer with the same bytes, nothing merged back
    c.res = new Response(plain, { status: res.status, headers });
    return;
  }
  const body = await encode(coding, plain);
  headers.set('Content-Encoding', coding);
  headers.set('Content-Length', String(body.length));
  headers.delete('ETag'); // an API ETag would name the plain bytes
  c.res = undefined;
  c.res = new Response(new Uint8Array(body), { status: res.status, headers });
};
