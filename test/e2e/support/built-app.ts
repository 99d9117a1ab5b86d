// The usual frame of a browser test file: the real server on the built app (dist/ or DIST_DIR)
// and one headless Chromium, started before the file's tests and stopped after them.
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type RunningServer, startServer } from '../../support/server-process';
import { launchBrowser } from './browser';

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
