// The app update prompt in real Chromium: a new service worker waits until the user agrees,
// and agreeing writes the text that was still waiting for its autosave before the reload.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchPersistent, waitForServiceWorker, watchErrors } from './support/browser';
import { type RunningServer, startServer } from '../support/server-process';
import { signIn } from '../support/accounts';

const DIST = resolve(process.env.DIST_DIR ?? 'dist');
let server: RunningServer;
let dist: string;
let profile: string;
let context: BrowserContext;
beforeAll(async () => {
  // A private copy of the build, so that "deploying" a new service worker touches nothing shared.
  dist = mkdtempSync(join(tmpdir(), 'sb-dist-'));
  cpSync(DIST, dist, { recursive: true });
  server = await startServer({ env: { DIST_DIR: dist } });
  profile = mkdtempSync(join(tmpdir(), 'sb-update-'));
  context = await launchPersistent(profile);
});
afterAll(async () => {
  await context?.close();
  await server?.stop();
  for (const d of [profile, dist]) if (d) rmSync(d, { recursive: true, force: true });
});

/** Records, across the reload, when each local write committed and when the page told the new worker to take over. */
const RECORDER = `
  const now = () => performance.timeOrigin + performance.now();
  const log = (k, v) => sessionStorage.setItem(k, JSON.stringify([...JSON.parse(sessionStorage.getItem(k) || '[]'), v]));
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'sb:commit') log('commits', performance.timeOrigin + e.startTime + e.duration); })
    .observe({ type: 'measure', buffered: false });
  const post = ServiceWorker.prototype.postMessage;
  ServiceWorker.prototype.postMessage = function (msg, ...rest) {
    if (msg && msg.type === 'SKIP_WAITING') log('skips', now());
    return post.call(this, msg, ...rest);
  };
`;

it('a new version waits for the user, and updating keeps text typed a moment before', async () => {
  await context.addInitScript(RECORDER);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = watchErrors(page);
  await page.goto(server.url);
  await signIn(page, server);
  await waitForServiceWorker(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');

  await page.goto(`${server.url}/sites/new`);
  await page.getByRole('textbox', { name: 'Kommune' }).fill('Hanau');
  await page.getByRole('textbox', { name: 'Quartier' }).fill('Lamboy');
  await page.getByRole('button', { name: 'Standort anlegen' }).click();
  await page.getByRole('link', { name: 'Standort bearbeiten' }).click();

  // "Deploy" a new version: the service worker script changes.
  appendFileSync(join(dist, 'sw.js'), '\n// next version\n');
  await page.evaluate(async () => {
    await (await navigator.serviceWorker.getRegistration())?.update();
  });
  const update = page.getByRole('button', { name: 'Jetzt aktualisieren' });
  await update.waitFor({ timeout: 30_000 });
  await expect(page.getByRole('alertdialog').textContent()).resolves.toContain('neue Version');

  // Type and update at once, well inside the autosave debounce.
  await page
    .getByRole('textbox', { name: 'Notizen' })
    .fill('Treffen mit dem Quartiersbeirat im Juni');
  const typedAt = await page.evaluate(() => performance.timeOrigin + performance.now());
  await Promise.all([page.waitForEvent('load'), update.click()]);
  await page.getByRole('textbox', { name: 'Notizen' }).waitFor();
  await expect(page.getByRole('textbox', { name: 'Notizen' }).inputValue()).resolves.toBe(
    'Treffen mit dem Quartiersbeirat im Juni',
  );
  await expect(page.getByRole('button', { name: 'Jetzt aktualisieren' }).count()).resolves.toBe(0);
  // The typed text was committed before the page let the new version take over, not by luck afterwards.
  const { commits, skips } = await page.evaluate(() => ({
    commits: JSON.parse(sessionStorage.getItem('commits') ?? '[]') as number[],
    skips: JSON.parse(sessionStorage.getItem('skips') ?? '[]') as number[],
  }));
  expect(skips).toHaveLength(1);
  expect(commits.filter((c) => c > typedAt && c <= skips[0]!)).toHaveLength(1);
  expect(errors).toEqual([]);
});
