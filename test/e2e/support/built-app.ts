// The usual frame of a browser test file: the real server on the built app (dist/ or DIST_DIR)
// and one headless Chromium (or one persistent Chromium profile), started before the file's
// tests and stopped after them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type RunningServer, startServer } from '../../support/server-process';
import { launchBrowser, launchPersistent } from './browser';

export const DIST = resolve(process.env.DIST_DIR ?? 'dist');

/** Registers the file's beforeAll/afterAll; read `server` and `browser` inside the tests. */
export function serveBuiltApp(): { readonly server: RunningServer; readonly browser: Browser } {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer({ env: { DIST_DIR: DIST } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
  };
}

/**
 * As serveBuiltApp, with one persistent Chromium profile in a temporary folder (named after
 * `prefix`, removed after the file's tests): IndexedDB and the service worker survive reloads
 * and new pages of `context`.
 */
export function servePersistentApp(prefix: string): {
  readonly server: RunningServer;
  readonly context: BrowserContext;
} {
  let server: RunningServer | undefined;
  let context: BrowserContext | undefined;
  let profile: string | undefined;
  beforeAll(async () => {
    server = await startServer({ env: { DIST_DIR: DIST } });
    profile = mkdtempSync(join(tmpdir(), prefix));
    context = await launchPersistent(profile);
  });
  afterAll(async () => {
    await context?.close();
    await server?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });
  return {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    get context() {
      if (!context) throw new Error('the browser starts in beforeAll');
      return context;
    },
  };
}
