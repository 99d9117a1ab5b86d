// Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core.
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const PHONE = { width: 390, height: 844 };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** A persistent profile: survives closing and relaunching the browser (same user-data dir). */
export function launchPersistent(userDataDir: string, viewport = PHONE): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    locale: 'de-DE',
  });
}

/** Collects console errors and uncaught page errors, to assert that there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Waits until a service worker controls the page, so that the app works offline. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  // A synchronous predicate: Playwright polls it; the controller is set once the SW claimed the page.
  const controlled = () =>
    page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, {
      timeout: 30_000,
    });
  await controlled().catch(async () => {
    await page.reload();
    await controlled();
  });
}

/** Follows a link to `href` inside the page, as a tap does (the router takes it: no reload). */
export function followLink(page: Page, href: string): Promise<void> {
  return page.evaluate((to) => {
    const a = Object.assign(document.createElement('a'), { href: to, textContent: to });
    document.body.append(a);
    a.click();
  }, href);
}
