// compressApi leaves an answer it does not compress as it is: its body is never read (reading
// it would make @hono/node-server stream a string answer instead of writing it at once).
import { Hono } from 'hono';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MIN_COMPRESS_BYTES, compressApi } from '../../src/server/http/compress';

/** An app whose one JSON answer counts how often its body was looked at. */
function appCountingBodyReads(body: string | null) {
  const reads = { count: 0 };
  const app = new Hono();
  app.use('/api/*', compressApi);
  app.get('/api/answer', () => {
    const res = new Response(body, { headers: { 'Content-Type': 'application/json' } });
    const read = Object.getOwnPropertyDescriptor(Response.prototype, 'body')!.get!;
    Object.defineProperty(res, 'body', {
      get() {
        reads.count++;
        return read.call(this) as unknown;
      },
    });
    return res;
  });
  return { app, reads };
}

const large = JSON.stringify({ text: 'Bänke fehlen '.repeat(MIN_COMPRESS_BYTES) });

describe('compressApi and the answer body', () => {
  it('does not read the body when the client takes no coding, and still says Vary', async () => {
    const { app, reads } = appCountingBodyReads(large);
    const res = await app.request('/api/answer');
    expect(reads.count).toBe(0);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(await res.text()).toBe(large);
  });

  it('reads and compresses it when the client takes brotli', async () => {
    const { app, reads } = appCountingBodyReads(large);
    const res = await app.request('/api/answer', { headers: { 'Accept-Encoding': 'br' } });
    expect(reads.count).toBeGreaterThan(0);
    expect(res.headers.get('content-encoding')).toBe('br');
    const wire = Buffer.from(await res.arrayBuffer());
    expect(brotliDecompressSync(wire).toString()).toBe(large);
  });

  it('leaves a JSON answer without a body without one, uncompressed', async () => {
    const { app } = appCountingBodyReads(null);
    const res = await app.request('/api/answer', { headers: { 'Accept-Encoding': 'br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.body).toBeNull();
  });
});
