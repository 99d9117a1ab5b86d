// Security headers and CSP: every HTML answer of the server carries a strict
// Content-Security-Policy (no 'unsafe-inline'/'unsafe-eval' for scripts, frame-ancestors 'none',
// object-src 'none'), nosniff and a Referrer-Policy; a real-browser crawl of every route in
// src/client/app/routes.tsx, online and offline, records no CSP violation and no console error
// (and every page renders offline: /users used to hang on "Lädt …").
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { PHONE, waitForServiceWorker } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { createSite, createVisit } from './support/capture';
import { watchContext } from './support/csp-watch';
import { signIn } from '../support/accounts';

const ROUTES = [
  ...readFileSync(resolve(import.meta.dirname, '../../src/client/app/routes.tsx'), 'utf8').matchAll(
    /path: '([^']+)'/g,
  ),
].map((m) => m[1]!);

const app = serveBuiltApp();

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

function concrete(path: string, ids: { site: string; visit: string }): string {
  return path
    .replace('/visits/:id', `/visits/${ids.visit}`)
    .replace('/sites/:id', `/sites/${ids.site}`)
    .replace('*404', '/gibt-es-nicht/wirklich');
}

it('every HTML answer carries a strict CSP, nosniff and a Referrer-Policy; other answers nosniff', async () => {
  expect(ROUTES.length).toBeGreaterThanOrEqual(10);
  const paths = [
    ...ROUTES.map((p) => concrete(p, { site: 'x', visit: 'y' })),
    '/index.html',
    '/?a=<script>',
  ];
  for (const path of paths) {
    const res = await fetch(`${app.server.url}${path}`);
    expect(res.status, path).toBe(200);
    expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
    const csp = directives(res.headers.get('content-security-policy') ?? '');
    const script = csp.get('script-src') ?? csp.get('default-src') ?? [];
    expect(script, path).toContain("'self'");
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'blob:'])
      expect(script, `${path} ${bad}`).not.toContain(bad);
    expect(csp.get('script-src-attr') ?? [], path).not.toContain("'unsafe-inline'");
    expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
    expect(csp.get('object-src'), path).toEqual(["'none'"]);
    expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    expect(res.headers.get('referrer-policy'), path).toMatch(
      /^(no-referrer|same-origin|strict-origin(-when-cross-origin)?)$/,
    );
    await res.arrayBuffer();
  }
  const html = await (await fetch(app.server.url)).text();
  const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]!);
  for (const path of [
    ...assets,
    '/sw.js',
    '/manifest.webmanifest',
    '/api/v1/health',
    '/api/v1/auth/me',
  ]) {
    const res = await fetch(`${app.server.url}${path}`);
    expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    expect(res.headers.get('content-type') ?? '', path).not.toMatch(/^text\/html/);
    await res.arrayBuffer();
  }
});

it('a crawl of every route, online and offline, records no CSP violation and no console error', async () => {
  const ctx = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  const w = await watchContext(ctx);
  const page = await ctx.newPage();
  await signIn(page, app.server);
  await waitForServiceWorker(page);
  await createSite(page, 'Hanau', 'Lamboy');
  const site = new URL(page.url()).pathname.split('/').pop()!;
  const visit = (await createVisit(page)).split('/').pop()!;
  const visited: string[] = [];
  for (const offline of [false, true]) {
    await ctx.setOffline(offline);
    for (const route of ROUTES) {
      const path = concrete(route, { site, visit });
      await page.goto(`${app.server.url}${path}`);
      await page.getByRole('banner').waitFor();
      await page
        .locator('main h1')
        .first()
        .waitFor({ timeout: 15_000 })
        .catch(async (e: Error) => {
          await page.screenshot({ path: '/tmp/crawl-fail.png' });
          throw new Error(`${offline ? 'offline' : 'online'} ${path}: ${e.message}`);
        });
      await page.waitForTimeout(300); // late effects (images, lazy parts) get their chance to violate
      // Offline, user administration says it needs the server (it used to hang on "Lädt …").
      if (offline && route === '/users')
        await page
          .getByRole('alert')
          .filter({ hasText: 'braucht eine Verbindung zum Server' })
          .waitFor();
      visited.push(`${offline ? 'offline' : 'online'} ${path}`);
    }
  }
  await ctx.setOffline(false);
  console.log(
    `crawl: ${visited.length} page loads, ${w.violations.length} CSP violations, ${w.consoleErrors.length} console errors`,
  );
  expect(w.violations).toEqual([]);
  // Offline, the browser itself logs requests it could not make (sync, fonts); those are not the app's errors.
  expect(
    w.consoleErrors.filter(
      (e) => !/net::ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e),
    ),
  ).toEqual([]);
  expect(w.pageErrors).toEqual([]);
  await ctx.close();
});
