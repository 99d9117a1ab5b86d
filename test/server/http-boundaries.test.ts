import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/shared/protocol';
import { type Harness, makeDevice, makeHarness, siteFields } from '../support/server';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

describe('request boundaries', () => {
  it('a body over 1 MiB is 413, also when sent chunked without Content-Length', async () => {
    const u = await h.user('member');
    const big = JSON.stringify({ x: 'y'.repeat(1_100_000) });
    const res = await h.req('/api/v1/sync', {
      method: 'POST',
      token: u.token,
      headers: { 'Content-Type': 'application/json' },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(ApiError.safeParse(await res.json()).success).toBe(true);
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode('y'.repeat(100_000)));
        c.close();
      },
    });
    const chunked = await h.app.request('/api/v1/sync', {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${u.token}` },
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('a wrong Content-Type is 415', async () => {
    const u = await h.user('member');
    const res = await h.req('/api/v1/sync', {
      method: 'POST',
      token: u.token,
      headers: { 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: 'unsupported_media_type' });
  });

  it('malformed JSON and schema violations are 400 with the failing path, never 500', async () => {
    const u = await h.user('member');
    const d = makeDevice(h, u.token);
    const broken = await h.req('/api/v1/sync', {
      method: 'POST',
      token: u.token,
      headers: { 'Content-Type': 'application/json' },
      body: '{"protocol":',
    });
    expect(broken.status).toBe(400);
    const bad = await d.post({ ...d.request([]), pullLimit: 0 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid', path: 'pullLimit' });
    const badEnvelope = await d.post(
      d.request([{ ...d.mutation('site', 'x', 'create'), clientSeq: 0 }]),
    );
    expect(await badEnvelope.json()).toMatchObject({
      error: 'invalid',
      path: 'mutations.0.clientSeq',
    });
    const badLogin = await h.req('/api/v1/auth/login', {
      method: 'POST',
      json: { email: 'not-an-email', password: 'x' },
    });
    expect(await badLogin.json()).toMatchObject({ error: 'invalid', path: 'email' });
    const badId = await h.req('/api/v1/blobs/not-a-hash', { token: u.token });
    expect(badId.status).toBe(400);
  });

  it('sync without a token is 401; an unknown API path is a JSON 404', async () => {
    const res = await h.req('/api/v1/sync', { method: 'POST', json: {} });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    const missing = await h.req('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(ApiError.safeParse(await missing.json()).success).toBe(true);
  });

  it('a clientId of another account is refused with 403', async () => {
    const a = await h.user('member'),
      b = await h.user('member');
    const d = makeDevice(h, a.token);
    await d.sync();
    d.token = b.token;
    const res = await d.post(d.request([]));
    expect(res.status).toBe(403);
  });
});

describe('per-device sync rate limit', () => {
  it('answers 429 with Retry-After to the chatty device only', async () => {
    await h.close();
    h = await makeHarness({ limits: { sync: { burst: 3, perSecond: 0.001 } } });
    const coord = await h.user('coordinator');
    const chatty = makeDevice(h, coord.token),
      quiet = makeDevice(h, coord.token);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await chatty.post(chatty.request([]))).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await chatty.post(chatty.request([]));
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const site = siteFields();
    expect(
      (await quiet.sync([quiet.mutation('site', site.id, 'create', site)])).results[0]!.status,
    ).toBe('applied');
  });
});

describe('security headers', () => {
  it('HTML has a strict CSP and nosniff; API answers are nosniff and not cached', async () => {
    mkdirSync(join(h.dir, 'dist'), { recursive: true });
    writeFileSync(join(h.dir, 'dist/index.html'), '<!doctype html><title>x</title>');
    const html = await h.req('/some/app/route');
    expect(html.status).toBe(200);
    const csp = html.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).not.toMatch(/style-src [^;]*unsafe-inline/);
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect(html.headers.get('referrer-policy')).toBe('no-referrer');
    const api = await h.req('/api/v1/health');
    expect(api.status).toBe(200);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('static files', () => {
  it('a malformed percent-encoded path is 400, not 500; path traversal does not escape dist/', async () => {
    mkdirSync(join(h.dir, 'dist'), { recursive: true });
    writeFileSync(join(h.dir, 'dist/index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(h.dir, 'secret.txt'), 'secret');
    expect((await h.req('/%E0%A4%A')).status).toBe(400);
    const traversal = await h.req('/..%2fsecret.txt');
    expect(await traversal.text()).not.toContain('secret');
  });
});
