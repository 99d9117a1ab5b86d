import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, watchErrors } from './support/browser';
import { type RunningServer, startServer } from '../support/server-process';

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('the server serves the built app and its health endpoint', async () => {
  const health = await fetch(`${server.url}/api/v1/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ ok: true });
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
    'Standortbesuch',
  );
  const missing = await fetch(`${server.url}/assets/nope-123.js`);
  expect(missing.status).toBe(404);
  expect(errors).toEqual([]);
});
