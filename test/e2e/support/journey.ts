// The frame and the steps of the journey test (test/e2e/journey.test.ts): the real server started
// with its bootstrap coordinator (ADMIN_EMAIL + ADMIN_PASSWORD, as an operator would on first run),
// one headless Chromium for the desk and the second phone, and a persistent phone profile that
// can be closed and relaunched. Every step goes through the screens, as a person would.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type RunningServer, startServer } from '../../support/server-process';
import { readAppDb } from './app-db';
import { launchBrowser, launchPersistent, waitForServiceWorker, watchErrors } from './browser';
import { DIST } from './built-app';
import { SYNCED, pressSyncNow, syncIndicator, until } from './capture';

/** The server's first coordinator, as its operator set it up (named "Koordination" by the server). */
export const ADMIN = {
  email: 'leitung@journey.example.org',
  password: 'journey-admin-passwort',
  name: 'Koordination',
  role: 'coordinator' as const,
};
export const DESK = { width: 1280, height: 800 };

export type Journey = {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** The member's phone profile (a folder), relaunched with `launchPersistent`. */
  readonly profile: string;
  /** Where each step's screenshots go (kept after the run, to look at). */
  readonly shots: string;
};

/** Registers the file's beforeAll/afterAll: server with its bootstrap coordinator, Chromium, profile. */
export function serveJourney(): Journey {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const profile = mkdtempSync(join(tmpdir(), 'sb-journey-phone-'));
  const shots = mkdtempSync(join(tmpdir(), 'sb-journey-shots-'));
  beforeAll(async () => {
    server = await startServer({
      env: { DIST_DIR: DIST, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(profile, { recursive: true, force: true });
  });
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} starts in beforeAll`);
    return v;
  };
  return {
    get server() {
      return need(server, 'the server');
    },
    get browser() {
      return need(browser, 'the browser');
    },
    profile,
    shots,
  };
}

/** A page with its error watch; `errors()` leaves out what a device offline is expected to log. */
export type Person = { ctx: BrowserContext; page: Page; errors: () => string[] };

const OFFLINE_NOISE = /Failed to load resource|ERR_INTERNET_DISCONNECTED|net::ERR_/;

export function person(ctx: BrowserContext, page: Page): Person {
  const seen = watchErrors(page);
  page.on('dialog', (d) => void d.accept());
  return { ctx, page, errors: () => seen.filter((e) => !OFFLINE_NOISE.test(e)) };
}

/** A fresh browser context (a device that never saw anything) of the given size, German. */
export async function device(
  browser: Browser,
  viewport: { width: number; height: number },
): Promise<Person> {
  const ctx = await browser.newContext({ viewport, locale: 'de-DE', acceptDownloads: true });
  return person(ctx, await ctx.newPage());
}

/** The member's phone: the persistent profile, (re)launched. */
export async function phone(profile: string): Promise<Person> {
  const ctx = await launchPersistent(profile);
  return person(ctx, ctx.pages()[0] ?? (await ctx.newPage()));
}

/** The app is installed on this device: an activated service worker controls the page. */
export async function installed(page: Page): Promise<void> {
  await waitForServiceWorker(page);
  await page.waitForFunction(
    () => navigator.serviceWorker.controller?.state === 'activated',
    undefined,
    { timeout: 30_000 },
  );
}

/** Clicks a link of the main navigation. */
export const nav = (page: Page, name: 'Besuche' | 'Standorte' | 'Einstellungen') =>
  page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name, exact: true })
    .click();

/** On the users page: creates an account through the form and returns the invite code shown. */
export async function inviteOnUsersPage(
  page: Page,
  a: { name: string; email: string; role: string; site?: string },
): Promise<string> {
  await page.getByRole('textbox', { name: 'Name' }).fill(a.name);
  await page.getByRole('textbox', { name: 'E-Mail' }).fill(a.email);
  await page.getByRole('combobox', { name: 'Rolle' }).selectOption({ label: a.role });
  if (a.site)
    await page.getByRole('combobox', { name: /Standort/ }).selectOption({ label: a.site });
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Konto für ${a.name} angelegt` })
    .waitFor();
  const code = page
    .getByTestId('user-row')
    .filter({ hasText: a.name })
    .getByTestId('invite-code')
    .locator('code');
  return ((await code.textContent()) ?? '').trim();
}

/** On the sign-in screen: redeems an invite with a new password; waits for the app shell. */
export async function redeemInvite(page: Page, url: string, code: string, password: string) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Ich habe einen Einladungscode' }).click();
  await page.getByLabel('Einladungscode').fill(code);
  await page.getByLabel('Neues Passwort (mind. 10 Zeichen)').fill(password);
  await page.getByRole('button', { name: 'Konto aktivieren und anmelden' }).click();
  await page.getByRole('banner').waitFor({ timeout: 30_000 });
}

/** Nothing waits on this device: the outbox is empty and every photo's bytes are on the server. */
export const allSent = (page: Page) =>
  readAppDb(page, async ({ all }) => {
    const outbox = await all('outbox');
    const blobs = await all<{ state: string }>('blobs');
    return (
      outbox.length === 0 && blobs.every((b) => b.state !== 'local' && b.state !== 'uploading')
    );
  });

/**
 * "Jetzt synchronisieren" until nothing waits and the header then says synced with its time
 * (a background run may start right after one ends: then it is pressed again); returns the
 * header's text.
 */
export async function syncedHere(page: Page, timeoutMs = 60_000): Promise<string> {
  return until(
    'synced, nothing waiting',
    async () => {
      if (!(await pressSyncNow(page, 20_000)) || !(await allSent(page))) return '';
      const state = (await syncIndicator(page).textContent()) ?? '';
      return SYNCED.test(state) ? state : '';
    },
    timeoutMs,
  );
}

/** Adds an observation to `field` on the visit page: text, kind and rating; returns its card. */
export async function observe(
  page: Page,
  field: string,
  o: { text: string; kind: string; rating: number },
): Promise<Locator> {
  const region = page.getByRole('region', { name: field, exact: true });
  const cards = region.locator('fieldset.obs');
  const before = await cards.count();
  await page.getByRole('button', { name: `Beobachtung hinzufügen: ${field}` }).click();
  await until('a new card', async () => (await cards.count()) === before + 1, 15_000);
  const card = cards.nth(before);
  await card.getByRole('textbox', { name: 'Text' }).fill(o.text);
  await card.getByRole('combobox', { name: 'Art' }).selectOption({ label: o.kind });
  await card.getByRole('combobox', { name: 'Bewertung' }).selectOption(String(o.rating));
  return card;
}

/**
 * Whether every `img` in `scope` decoded (its bytes are on this device), and there is one. An
 * image decodes after it is in the DOM: poll it (expect.poll), never read it once.
 */
export const imagesShown = (scope: Locator) =>
  scope
    .locator('img')
    .evaluateAll(
      (imgs) => imgs.length > 0 && imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0),
    );

/** Nothing on the page is wider than its window. */
export const noSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** The images `pdfimages -list` finds in a PDF, by width × height. */
export function pdfImages(pdf: Uint8Array): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'sb-journey-pdf-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    const out = execFileSync('pdfimages', ['-list', join(dir, 'r.pdf')], { encoding: 'utf8' });
    return out
      .split('\n')
      .slice(2)
      .map((l) => l.trim().split(/\s+/))
      .filter((cols) => cols.length > 4 && cols[2] === 'image')
      .map((cols) => `${cols[3]}x${cols[4]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
