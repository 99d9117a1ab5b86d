// Browser crash runs: we launch Chromium ourselves (so we own its pid) with a
// fixed profile and attach over CDP; each run types an observation, waits for "Auf diesem Gerät
// gespeichert", SIGKILLs the whole browser process group at once, relaunches with the same
// profile and looks for the record. The server is stopped after sign-in, so the record can only
// come from the device's own IndexedDB, never from a pull. Used by test/e2e/crash.test.ts (3 runs)
// and test/reliability/browser-crash.ts (20 runs).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, PHONE, waitForServiceWorker } from './browser';
import { addObservation, createSite, createVisit, FIELD, until } from './capture';
import type { RunningServer } from '../../support/server-process';
import { signIn } from '../../support/accounts';

type Launched = { proc: ChildProcess; browser: Browser; page: Page };

async function launchOwned(profile: string): Promise<Launched> {
  const portFile = join(profile, 'DevToolsActivePort');
  rmSync(portFile, { force: true });
  const proc = spawn(
    '/usr/bin/chromium',
    [
      ...CHROMIUM_ARGS,
      '--headless',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      '--lang=de-DE',
      `--window-size=${PHONE.width},${PHONE.height}`,
      'about:blank',
    ],
    { detached: true, stdio: 'ignore' },
  ); // own process group: one kill takes every child
  const port = await until(
    'DevToolsActivePort',
    async () => existsSync(portFile) && readFileSync(portFile, 'utf8').split('\n')[0],
    30_000,
  );
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const ctx = browser.contexts()[0]!;
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.setViewportSize(PHONE);
  return { proc, browser, page };
}

/** Opens `url`; a navigation the app starts itself at the same moment (a restored tab) is fine. */
async function open(page: Page, url: string): Promise<void> {
  await page.goto(url).catch(async (e: Error) => {
    if (!e.message.includes('interrupted by another navigation')) throw e;
    await page.waitForLoadState();
  });
}

function crash(l: Launched): Promise<void> {
  const exited = new Promise<void>((ok) => l.proc.once('exit', () => ok()));
  process.kill(-l.proc.pid!, 'SIGKILL');
  return exited;
}

export type CrashResult = { runs: number; found: number; missing: string[]; seconds: number };

/** Observation texts currently shown on the visit page. */
async function shownTexts(page: Page): Promise<string[]> {
  const boxes = page
    .getByRole('region', { name: FIELD, exact: true })
    .getByRole('textbox', { name: 'Text' });
  return Promise.all((await boxes.all()).map((b) => b.inputValue()));
}

export async function runCrashes(
  server: RunningServer,
  runs: number,
  log: (m: string) => void = () => {},
): Promise<CrashResult> {
  const started = Date.now();
  const profile = mkdtempSync(join(tmpdir(), 'sb-crash-'));
  const missing: string[] = [];
  let found = 0;
  try {
    let l = await launchOwned(profile);
    await signIn(l.page, server);
    await waitForServiceWorker(l.page);
    await createSite(l.page, 'Kassel', 'Wesertor');
    const visitUrl = `${server.url}${await createVisit(l.page)}`;
    await server.kill(); // from here on, only the device holds the records
    const written: string[] = [];
    for (let i = 1; i <= runs; i++) {
      await open(l.page, visitUrl);
      await l.page.getByRole('button', { name: `Beobachtung hinzufügen: ${FIELD}` }).waitFor();
      const text = `Absturz ${i}: Eingang Hof ${'x'.repeat(i)}`;
      await addObservation(l.page, text); // returns as soon as "Auf diesem Gerät gespeichert" shows
      written.push(text);
      await crash(l);
      l = await launchOwned(profile);
      await open(l.page, visitUrl);
      await l.page
        .getByRole('button', { name: `Beobachtung hinzufügen: ${FIELD}` })
        .waitFor({ timeout: 30_000 });
      const shown = await until(
        'observations listed',
        async () => {
          const t = await shownTexts(l.page);
          return t.length >= written.length - missing.length ? t : null;
        },
        10_000,
      )
        .then((t) => t!)
        .catch(() => shownTexts(l.page));
      if (shown.includes(text)) found++;
      else missing.push(text);
      log(
        `run ${i}: ${shown.includes(text) ? 'found' : 'MISSING'} (${shown.length} observations shown)`,
      );
    }
    await l.browser.close().catch(() => {});
    await crash(l).catch(() => {});
    return { runs, found, missing, seconds: Math.round((Date.now() - started) / 1000) };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
