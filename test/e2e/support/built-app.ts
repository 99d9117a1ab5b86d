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

/** Registers the beforeAll/afterAll of the server and what `open` launches; `after` runs last. */
function serve<B extends { close(): Promise<void> }>(
  open: () => Promise<B>,
  after: () => void = () => {},
): { readonly server: RunningServer; readonly browser: B } {
  let server: RunningServer | undefined;
  let browser: B | undefined;
  // Server and browser start (and stop) side by side: neither needs the other until a test
  // runs, and each of them takes seconds of a file's time before its first test.
  beforeAll(async () => {
    const [s, b] = await Promise.allSettled([startServer({ env: { DIST_DIR: DIST } }), open()]);
    if (s.status === 'fulfilled') server = s.value;
    if (b.status === 'fulfilled') browser = b.value;
    if (s.status === 'rejected') throw s.reason;
    if (b.status === 'rejected') throw b.reason;
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
    after();
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

/** Registers the file's beforeAll/afterAll; read `server` and `browser` inside the tests. */
export function serveBuiltApp(): { readonly server: RunningServer; readonly browser: Browser } {
  return serve(launchBrowser);
}

/**
 * As serveBuiltApp, with one persistent Chromium profile in a temporary folder (named after
 * `prefix`, removed after the file's tests) as `browser`: IndexedDB and the service worker
 * survive reloads and new pages.
 */
export function servePersistentApp(prefix: string): {
  readonly server: RunningServer;
  readonly browser: BrowserContext;
} {
  let profile: string | undefined;
  return serve(
    () => launchPersistent((profile = mkdtempSync(join(tmpdir(), prefix)))),
    () => profile && rmSync(profile, { recursive: true, force: true }),
  );
}
