// Offline capture end to end in real Chromium: the app is loaded once online, then a
// site, a visit, checklist ticks and one observation in each of the ten action fields
// are captured offline, and they are all still there after the browser was closed and
// relaunched with the same profile (still offline). Unknown routes show "not found".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACTION_FIELDS } from '../../src/shared/domain/action-fields';
import { launchPersistent, waitForServiceWorker, watchErrors } from './support/browser';
import { type RunningServer, startServer } from '../support/server-process';
import { signIn } from '../support/accounts';
import { observationTextIn } from './support/capture';

const DIST = resolve(process.env.DIST_DIR ?? 'dist');
const SITE = 'Offenbach am Main – Nordend';
const TICKED = [
  'Termin mit Kommune und Quartiersmanagement abgestimmt',
  'Ziele des Besuchs formuliert',
];
const NA = 'Route durch das Quartier geplant';

let server: RunningServer;
let profile: string;
let context: BrowserContext | undefined;
beforeAll(async () => {
  server = await startServer({ env: { DIST_DIR: DIST } });
  profile = mkdtempSync(join(tmpdir(), 'sb-profile-'));
});
afterAll(async () => {
  await context?.close();
  await server?.stop();
  rmSync(profile, { recursive: true, force: true });
});

/**
 * Console errors and page errors, except that the sync engine's own attempts to reach
 * /api/ while offline are expected to fail (Chromium logs each failed fetch); any other
 * failed request (a page, script or icon the service worker did not serve) counts.
 */
function watchAppErrors(page: Page): () => string[] {
  const errors = watchErrors(page);
  const failed: string[] = [];
  page.on('requestfailed', (r) => {
    const path = new URL(r.url()).pathname;
    // Chromium fetches the manifest's icons by itself (installability check), sometimes past the
    // service worker while offline; that is the browser's request, not the app's.
    if (path.startsWith('/api/') || path.startsWith('/icons/')) return;
    // The engine and the banners load after the first screen; the next page.goto aborts a chunk
    // request still in flight (ERR_ABORTED). A chunk missing offline fails otherwise (ERR_FAILED,
    // ERR_INTERNET_DISCONNECTED) and still counts.
    if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
    failed.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`);
  });
  const offlineFetch = 'Failed to load resource: net::ERR_INTERNET_DISCONNECTED';
  return () => [...errors.filter((e) => e !== offlineFetch), ...failed];
}

const CONTROL_ROLES = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'combobox',
  'radio',
  'checkbox',
  'spinbutton',
  'slider',
  'switch',
  'tab',
  'menuitem',
]);

/** Controls in Chromium's accessibility tree that have no accessible name. */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored?: boolean; role?: { value?: string }; name?: { value?: string } }[];
    };
    return nodes
      .filter(
        (n) =>
          !n.ignored &&
          CONTROL_ROLES.has(String(n.role?.value)) &&
          !String(n.name?.value ?? '').trim(),
      )
      .map((n) => String(n.role?.value));
  } finally {
    await cdp.detach();
  }
}

async function firstPage(ctx: BrowserContext): Promise<Page> {
  return ctx.pages()[0] ?? ctx.newPage();
}

/** The page is controlled by an activated service worker (its precache is complete). */
async function controlled(page: Page) {
  await waitForServiceWorker(page);
  await page.waitForFunction(
    () => navigator.serviceWorker.controller?.state === 'activated',
    undefined,
    { timeout: 30_000 },
  );
}

async function saved(page: Page) {
  await expect
    .poll(() => page.locator('.save-status').textContent(), { timeout: 10_000 })
    .toContain('Auf diesem Gerät gespeichert');
}

it('captures a whole visit offline and keeps it across a browser restart', async () => {
  context = await launchPersistent(profile);
  let page = await firstPage(context);
  let errors = watchAppErrors(page);
  await page.goto(server.url);
  await signIn(page, server); // the one step that needs the network
  await page.getByRole('heading', { level: 1, name: 'Besuche' }).waitFor();
  await controlled(page);

  await context.setOffline(true);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Besuche' }).waitFor();

  // A site …
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Standorte' })
    .click();
  await page.getByRole('link', { name: 'Neuer Standort' }).click();
  await page.getByRole('textbox', { name: 'Kommune' }).fill('Offenbach am Main');
  await page.getByRole('textbox', { name: 'Quartier' }).fill('Nordend');
  await page.getByRole('combobox', { name: 'Programmphase' }).selectOption('implementation');
  await page.getByRole('button', { name: 'Standort anlegen' }).click();
  await page.getByRole('heading', { level: 1, name: SITE }).waitFor();

  // … a visit with its checklists …
  await page.getByRole('link', { name: 'Neuer Besuch an diesem Standort' }).click();
  await page.getByLabel('Datum').fill('2026-05-04');
  await page.getByRole('button', { name: 'Besuch anlegen' }).click();
  await page.getByRole('heading', { level: 1, name: SITE }).waitFor();
  const visitUrl = page.url();
  expect(visitUrl).toMatch(/\/visits\/[\w-]+$/);

  await page.getByText('Vorbereitung', { exact: true }).click();
  for (const item of TICKED)
    await page.getByRole('group', { name: item }).getByRole('radio', { name: 'Erledigt' }).check();
  await page.getByRole('group', { name: NA }).getByRole('radio', { name: 'Entfällt' }).check();
  await page
    .getByRole('textbox', { name: `Notiz: ${NA}` })
    .fill('Route kommt vom Quartiersmanagement');
  await saved(page);

  // … and one observation in each of the ten action fields.
  for (const field of ACTION_FIELDS) {
    await page.getByRole('button', { name: `Beobachtung hinzufügen: ${field.de}` }).click();
    const region = page.getByRole('region', { name: field.de, exact: true });
    await region.getByRole('textbox', { name: 'Text' }).fill(`Beobachtung zu ${field.id}`);
  }
  const housing = page.getByRole('region', { name: 'Wohnen und Wohnumfeld', exact: true });
  await housing.getByRole('combobox', { name: 'Bewertung' }).selectOption('4');
  await housing.getByRole('combobox', { name: 'Perspektive' }).selectOption('local');
  await saved(page);
  for (const field of ACTION_FIELDS) {
    await expect(
      page.getByRole('link', { name: `${field.de}: mit Beobachtung (1)` }).count(),
    ).resolves.toBe(1);
  }
  await page.getByText('Besuchsdaten', { exact: true }).click();
  await expect(unnamedControls(page)).resolves.toEqual([]);
  expect(errors()).toEqual([]);
  await context.close();
  context = undefined;

  // Relaunch with the same profile, still offline: everything is there.
  context = await launchPersistent(profile);
  await context.setOffline(true);
  page = await firstPage(context);
  errors = watchAppErrors(page);
  await page.goto(`${server.url}/visits`);
  await page.getByRole('link', { name: new RegExp(SITE) }).click();
  await page.getByRole('heading', { level: 1, name: SITE }).waitFor();
  expect(page.url()).toBe(visitUrl);
  await page.getByText('Vorbereitung', { exact: true }).click();
  for (const item of TICKED) {
    await expect(
      page.getByRole('group', { name: item }).getByRole('radio', { name: 'Erledigt' }).isChecked(),
    ).resolves.toBe(true);
  }
  await expect(
    page.getByRole('group', { name: NA }).getByRole('radio', { name: 'Entfällt' }).isChecked(),
  ).resolves.toBe(true);
  await expect(page.getByRole('textbox', { name: `Notiz: ${NA}` }).inputValue()).resolves.toBe(
    'Route kommt vom Quartiersmanagement',
  );
  for (const field of ACTION_FIELDS) {
    const region = page.getByRole('region', { name: field.de, exact: true });
    await expect((await observationTextIn(region)).inputValue()).resolves.toBe(
      `Beobachtung zu ${field.id}`,
    );
  }
  const housingAgain = page.getByRole('region', { name: 'Wohnen und Wohnumfeld', exact: true });
  await expect(
    housingAgain.getByRole('combobox', { name: 'Bewertung' }).inputValue(),
  ).resolves.toBe('4');
  await expect(
    housingAgain.getByRole('combobox', { name: 'Perspektive' }).inputValue(),
  ).resolves.toBe('local');
  await expect(page.getByRole('link', { name: /ohne Beobachtung/ }).count()).resolves.toBe(0);

  // The site page lists the visit (the briefing view works offline too).
  await page.getByRole('link', { name: 'Zum Standort' }).click();
  await page.getByRole('heading', { level: 2, name: 'Besuche an diesem Standort' }).waitFor();
  await expect(unnamedControls(page)).resolves.toEqual([]);
  await expect(page.getByText('Umsetzung').first().isVisible()).resolves.toBe(true);
  expect(errors()).toEqual([]);
});

it('a validation error is explained in the UI language and the stored value is kept', async () => {
  context ??= await launchPersistent(profile);
  await context.setOffline(true);
  const page = await context.newPage();
  const errors = watchAppErrors(page);
  await page.goto(`${server.url}/sites`);
  await page.getByRole('link', { name: SITE }).click();
  await page.getByRole('link', { name: 'Standort bearbeiten' }).click();
  const municipality = page.getByRole('textbox', { name: 'Kommune' });
  await municipality.fill('   ');
  await page.getByText('Bitte prüfen Sie „Kommune“: Pflichtangabe').first().waitFor();
  await expect(municipality.getAttribute('aria-invalid')).resolves.toBe('true');
  const describedBy = await municipality.getAttribute('aria-describedby');
  await expect(page.locator(`[id="${describedBy}"]`).innerText()).resolves.toContain(
    'Pflichtangabe',
  );
  await expect(municipality.inputValue()).resolves.toBe('   '); // the typed text stays in the field
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Kommune' }).inputValue()).resolves.toBe(
    'Offenbach am Main',
  );
  expect(errors()).toEqual([]);
  await page.close();
});

it('every other route opens offline too', async () => {
  context ??= await launchPersistent(profile);
  await context.setOffline(true);
  const page = await context.newPage();
  const errors = watchAppErrors(page);
  const pages = {
    '/': 'Besuche',
    '/sites': 'Standorte',
    '/sites/new': 'Neuer Standort',
    '/visits/new': 'Neuer Besuch',
    '/settings': 'Einstellungen',
  };
  for (const [path, heading] of Object.entries(pages)) {
    await page.goto(`${server.url}${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }
  expect(errors()).toEqual([]);
  await page.close();
});

it('an unknown route shows the not-found page, offline too', async () => {
  context ??= await launchPersistent(profile);
  await context.setOffline(true);
  const page = await context.newPage();
  const errors = watchAppErrors(page);
  await page.goto(`${server.url}/gibt/es/nicht`);
  await page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' }).waitFor();
  await page.getByRole('link', { name: 'Zur Besuchsliste' }).click();
  await page.getByRole('heading', { level: 1, name: 'Besuche' }).waitFor();
  await page.getByText('Filter', { exact: true }).click();
  await expect(unnamedControls(page)).resolves.toEqual([]);
  expect(errors()).toEqual([]);
});
