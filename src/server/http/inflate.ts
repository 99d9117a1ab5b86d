// Compressed request bodies (docs/architecture.md §Transport): a JSON body sent with
// `Content-Encoding: gzip` is inflated here, before the body limit and the route see it. The limit
// counts the INFLATED bytes and inflating stops as soon as they pass it, so a small zip bomb costs
// at most `maxBytes` of memory and answers 413. Another coding is 415, a broken gzip stream 400;
// a body without Content-Encoding passes untouched.
import type { MiddlewareHandler } from 'hono';
import { ApiHttpError } from './errors';

export function inflateRequest(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const coding = c.req.header('content-encoding')?.trim().toLowerCase();
    if (!coding || coding === 'identity' || !c.req.raw.body) return next();
    if (coding !== 'gzip')
      throw new ApiHttpError(
        415,
        'unsupported_media_type',
        `Content-Encoding ${coding} is not accepted; send gzip`,
      );
    const reader = c.req.raw.body.pipeThrough(new DecompressionStream('gzip')).getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.length;
        if (size > maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw new ApiHttpError(
            413,
            'payload_too_large',
            `the inflated body exceeds ${maxBytes} bytes`,
          );
        }
        chunks.push(value);
      }
    } catch (e) {
      if (e instanceof ApiHttpError) throw e;
      throw new ApiHttpError(400, 'invalid', 'the gzip body does not inflate', '');
    }
    const body = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      body.set(chunk, at);
      at += chunk.length;
    }
    const headers = new Headers(c.req.raw.headers);
    headers.delete('content-encoding');
    headers.set('content-length', String(size));
    c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers, body });
    return next();
  };
}
