// What a screen-reader user, a keyboard user on a small phone and a coordinator at a printer meet,
// in real Chromium on the built app with realistic data (support/realistic-seed.ts): every route
// names itself in the browser tab, in German and in English (WCAG 2.4.2); saving, going offline
// and a failing sync are said by live regions that were in the page from the start, and the focus
// stays where the person types (4.1.3); at 320 px in English no route scrolls sideways, nor with
// the photo viewer or the print view open (1.4.10); Ctrl+P on the visit page prints the content
// alone, the whole text of a long observation and the closed visit details included.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Account, createAccount, signIn } from '../support/accounts';
import { PHONE, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { until } from './support/capture';
import {
  MUNICIPALITY,
  type Seeded,
  seedConflict,
  seedRealistic,
  everyRoute,
  openSeededVisit,
} from './support/realistic-seed';

const app = serveBuiltApp();
const SITE = `${MUNICIPALITY} – Unterliederbach-Ost und Sossenheim-West (Sozialer Zusammenhalt)`;
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp';
let seeded: Seeded | undefined;
const ready = async () => (seeded ??= await seedRealistic(app.server.url, app.server.dataDir));

/** A signed-in page of a new browser context whose device has pulled the seeded visit. */
async function signedIn(
  browser: Browser,
  viewport: { width: number; height: number },
  account?: Partial<Account>,
) {
  const { visitId } = await ready();
  const context = await browser.newContext({ viewport, locale: 'de-DE' });
  const page = await context.newPage();
  await signIn(page, app.server, await createAccount(app.server, account));
  await openSeededVisit(page, app.server.url, visitId);
  return { context, page };
}

/** Switches the UI language the way the settings page remembers it, and reloads. */
async function useEnglish(page: Page) {
  await page.evaluate(() => localStorage.setItem('sb-lang', 'en'));
  await page.reload();
}

/** The title once the page at `route` has shown its heading. */
async function titleOf(page: Page, route: string): Promise<string> {
  await page.goto(`${app.server.url}${route}`);
  await page.locator('main h1').first().waitFor({ timeout: 30_000 });
  // A record page names itself once its record is read; give it the moment it needs.
  await page.waitForFunction(() => !/^(Besuch|Visit|Standort|Site) – /.test(document.title), null, {
    timeout: 5_000,
  });
  return page.title();
}

/** Every text the two live regions were given, in order, from now on. */
async function recordAnnouncements(page: Page) {
  await page.evaluate(() => {
    const said: { region: string; text: string }[] = [];
    (globalThis as { __said?: typeof said }).__said = said;
    for (const el of document.querySelectorAll('[role=status], [role=alert]')) {
      if (!el.closest('.sr-only')) continue;
      new MutationObserver(() => {
        const text = el.textContent ?? '';
        if (text) said.push({ region: el.getAttribute('role')!, text });
      }).observe(el, { childList: true, subtree: true, characterData: true });
    }
  });
  return () =>
    page.evaluate(
      () => (globalThis as { __said?: { region: string; text: string }[] }).__said ?? [],
    );
}

/** How far the page reaches past the viewport, and the first elements that do. */
function sideways(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const over = [...document.querySelectorAll<HTMLElement>('body *')].filter(
      (el) => el.getClientRects().length > 0 && el.getBoundingClientRect().right > width + 1,
    );
    return {
      by: document.documentElement.scrollWidth - width,
      what: over.slice(0, 4).map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
    };
  });
}

/** The page as Chromium prints it (A4), as a file and as its text (pdftotext). */
async function printPage(page: Page, dir: string, name: string) {
  const pdf = await page.pdf({ format: 'A4' });
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8');
  return { pdf, text, file };
}

/** What of the app around a page got onto paper: navigation, skip link, sync and save state, buttons. */
function furniture(printed: string): string[] {
  return [
    /[▤⌂⚙]/, // the navigation's symbols
    /^\s*Standorte\s*$/m,
    /Zum Inhalt springen/,
    /Synchronisiert/,
    /Auf diesem Gerät gespeichert/,
    /Bericht exportieren|PDF exportieren/,
    /Foto aufnehmen/,
  ]
    .filter((re) => re.test(printed))
    .map(String);
}

describe('page titles, live regions, 320 px and print', () => {
  it('every route has its own title, in German and in English, and a visit’s title follows its data', async () => {
    const { siteId, visitId } = await ready();
    const { context, page } = await signedIn(app.browser, PHONE);
    try {
      const routes = {
        '/visits': ['Besuche', 'Visits'],
        '/visits/new': ['Neuer Besuch', 'New visit'],
        [`/visits/${visitId}`]: [`Besuch: ${SITE}, 1. Juni 2026`, `Visit: ${SITE}, 1 June 2026`],
        '/visits/0190a000-0000-7000-8000-000000000000': [
          'Besuch nicht gefunden',
          'Visit not found',
        ],
        '/sites': ['Standorte', 'Sites'],
        '/sites/new': ['Neuer Standort', 'New site'],
        [`/sites/${siteId}`]: [`Standort: ${SITE}`, `Site: ${SITE}`],
        [`/sites/${siteId}/edit`]: [`Standort bearbeiten: ${SITE}`, `Edit site: ${SITE}`],
        '/settings': ['Einstellungen', 'Settings'],
        '/sync': ['Konflikte und Ablehnungen', 'Conflicts and rejections'],
        '/account': ['Konto', 'Account'],
        '/users': ['Benutzer', 'Users'],
        '/overview': ['Standortübergreifende Übersicht', 'Cross-site overview'],
        '/activity': ['Aktivität', 'Activity'],
        '/needs': ['Bedarfe und Vereinbarungen', 'Needs and agreed steps'],
        '/offers': ['Angebote des Bündnisses', "The alliance's offers"],
        '/offers/new': ['Neues Angebot', 'New offer'],
        '/gibt-es-nicht': ['Seite nicht gefunden', 'Page not found'],
      };
      const seen: Record<string, string> = {};
      for (const route of Object.keys(routes)) seen[`de ${route}`] = await titleOf(page, route);
      await useEnglish(page);
      for (const route of Object.keys(routes)) seen[`en ${route}`] = await titleOf(page, route);
      expect(seen).toEqual(
        Object.fromEntries(
          Object.entries(routes).flatMap(([route, [de, en]]) => [
            [`de ${route}`, `${de} – Standortbesuch`],
            [`en ${route}`, `${en} – Site visit`],
          ]),
        ),
      );
      // Distinct: no two routes share a title.
      expect(new Set(Object.values(seen)).size).toBe(Object.keys(seen).length);

      // The visit's title follows its date as it is edited.
      await page.goto(`${app.server.url}/visits/${visitId}`);
      await page.getByText('Visit details').click();
      await page.getByLabel('Date', { exact: true }).fill('2026-06-02');
      await page.waitForFunction(
        (t) => document.title === t,
        `Visit: ${SITE}, 2 June 2026 – Site visit`,
        { timeout: 5_000 },
      );
      await page.getByLabel('Date', { exact: true }).fill('2026-06-01');
      await page.waitForFunction(
        (t) => document.title === t,
        `Visit: ${SITE}, 1 June 2026 – Site visit`,
      );
    } finally {
      await context.close();
    }
    // Signed out, and a route the account may not use.
    const out = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
    try {
      const page = await out.newPage();
      await page.goto(app.server.url);
      await page.getByRole('button', { name: 'Anmelden', exact: true }).waitFor();
      expect(await page.title()).toBe('Anmelden – Standortbesuch');
      await useEnglish(page);
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      expect(await page.title()).toBe('Sign in – Site visit');
      await page.evaluate(() => localStorage.setItem('sb-lang', 'de'));
      await page.reload();
      await signIn(page, app.server, await createAccount(app.server, { role: 'member' }));
      await page.goto(`${app.server.url}/users`);
      await page.getByTestId('not-allowed').waitFor();
      expect(await page.title()).toBe('Nicht erlaubt – Standortbesuch');
    } finally {
      await out.close();
    }
  });

  it('saving, going offline, getting back and a failing sync are said by live regions there from the start; the focus stays in the text', async () => {
    const { context, page } = await signedIn(app.browser, PHONE);
    const errors = watchErrors(page);
    try {
      // The regions are in the page before anything is said (a region inserted with its text is
      // often not read).
      await page.reload();
      await page.locator('main h1').first().waitFor();
      const regions = await page.evaluate(() =>
        [...document.querySelectorAll('.sr-only [role=status], .sr-only [role=alert]')].map(
          (el) => `${el.getAttribute('role')}:${el.textContent}`,
        ),
      );
      expect(regions).toEqual(['status:', 'alert:']);
      await until('synced', async () =>
        /^Synchronisiert um/.test((await page.getByTestId('sync-text').textContent()) ?? '')
          ? true
          : null,
      );
      const said = await recordAnnouncements(page);

      const text = page.locator('fieldset.obs textarea').first();
      await text.click();
      await text.press('End');
      await text.pressSequentially(' und frisch gestrichen', { delay: 40 });
      const focused = () =>
        page.evaluate(
          () => document.activeElement === document.querySelector('fieldset.obs textarea'),
        );
      await until('saving said', async () =>
        (await said()).some((s) => s.text === 'Auf diesem Gerät gespeichert') ? true : null,
      );
      // Once for the whole sentence typed, not per keystroke, and never "saving"; nor again for
      // the next words a moment later, nor the sending and synced of each save.
      await text.pressSequentially(' (Mai)', { delay: 40 });
      await page.waitForTimeout(3_000);
      expect((await said()).map((s) => s.text)).toEqual(['Auf diesem Gerät gespeichert']);
      expect(await focused()).toBe(true);

      await context.setOffline(true);
      await until('offline said', async () =>
        (await said()).some((s) => s.region === 'status' && /^Offline – /.test(s.text))
          ? true
          : null,
      );
      expect(await focused()).toBe(true);
      await context.setOffline(false);
      await until(
        'back online said',
        async () =>
          (await said()).some((s) => s.region === 'status' && /^Synchronisiert um/.test(s.text))
            ? true
            : null,
        20_000,
      );

      // The server fails: an alert, and the focus still in the text.
      await page.route('**/api/v1/sync', (r) => r.fulfill({ status: 500, body: '{}' }));
      await text.pressSequentially('!', { delay: 40 });
      await until(
        'error said',
        async () =>
          (await said()).some((s) => s.region === 'alert' && /^Fehler/.test(s.text)) ? true : null,
        20_000,
      );
      expect(await focused()).toBe(true);
      await page.unroute('**/api/v1/sync');
      console.log('announced:', JSON.stringify(await said()));
      expect(errors.filter((e) => !/Failed to load resource|500/.test(e))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('at 320 px in English no route scrolls sideways, with a conflict to show, nor with the photo viewer or the print view open', async () => {
    const { siteId, visitId } = await ready();
    // The sync page and the visit page with a conflict to show.
    await seedConflict(app.server.url, app.server.dataDir, seeded!);
    const { context, page } = await signedIn(app.browser, { width: 320, height: 640 });
    try {
      await useEnglish(page);
      const problems: string[] = [];
      const check = async (what: string, fullPage = true) => {
        await page.evaluate(() => {
          for (const d of document.querySelectorAll('main details'))
            (d as HTMLDetailsElement).open = true;
          for (const el of document.querySelectorAll<HTMLElement>('main *'))
            if (getComputedStyle(el).contentVisibility === 'auto')
              el.style.contentVisibility = 'visible';
        });
        await page.waitForTimeout(100);
        const s = await sideways(page);
        if (s.by > 0) problems.push(`${what}: ${s.by} px too wide (${s.what.join(', ')})`);
        await page.screenshot({
          path: `${SHOTS}/a11y-320-en${what.replace(/[/: ]/g, '_')}.png`,
          fullPage,
        });
      };
      for (const route of everyRoute({ siteId, visitId })) {
        await page.goto(`${app.server.url}${route}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForTimeout(300);
        await check(route.replace(/[0-9a-f-]{36}/, 'id'));
      }
      // Dialogs open on the visit page: the photo viewer and the print view.
      await page.goto(`${app.server.url}/visits/${visitId}`);
      await page.locator('.photo-thumb img').first().waitFor({ timeout: 30_000 });
      await page.locator('.photo-thumb').first().click();
      await page.getByRole('dialog').waitFor();
      await check('/visits/id photo viewer', false);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Print view', exact: true }).click();
      await page
        .getByRole('dialog', { name: 'Print view of the report' })
        .waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      await check('/visits/id print view', false);
      // The report inside the print view fits its frame too.
      const report = page.frames().find((f) => f !== page.mainFrame())!;
      await report.locator('h1').first().waitFor();
      const inside = await report.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      if (inside > 0) problems.push(`print view report: ${inside} px too wide`);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('Ctrl+P prints the content only: on the visit page the whole of a long observation and the closed visit details, on every page no navigation', async () => {
    const { context, page } = await signedIn(app.browser, { width: 1280, height: 800 });
    const dir = mkdtempSync(join(tmpdir(), 'a11y-print-'));
    try {
      const long = Array.from(
        { length: 40 },
        (_, i) =>
          `Satz ${i + 1}: Am Quartiersplatz fehlen schattige Sitzplätze, die Beleuchtung des Durchgangs zur Schule ist defekt.`,
      ).join(' ');
      const text = page.locator('fieldset.obs textarea').nth(1);
      await text.fill(`${long} ENDE-DER-BEOBACHTUNG`);
      await until('saved', async () =>
        (await page.locator('.save-status').getAttribute('data-state')) === 'saved' ? true : null,
      );
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: `${SHOTS}/a11y-print-visit.png`, fullPage: true });
      const { pdf, text: printed, file } = await printPage(page, dir, 'visit');
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        '1',
        '-l',
        '8',
        file,
        `${SHOTS}/a11y-print-page`,
      ]);
      const squeeze = (s: string) => s.replace(/\s+/g, '');
      const problems: string[] = [];
      if (!squeeze(printed).includes(squeeze(`${long} ENDE-DER-BEOBACHTUNG`)))
        problems.push('the long observation is not printed whole');
      // The closed "Besuchsdaten" print their content too.
      if (!printed.includes('Stand der Maßnahmen im Quartier ansehen'))
        problems.push('the closed visit details are not printed');
      for (const f of furniture(printed)) problems.push(`visit page printed ${f}`);
      console.log(`printed visit page: ${pdf.length} bytes, ${printed.length} characters of text`);
      // Any other page prints its content without the app around it as well.
      const { siteId } = await ready();
      for (const [route, heading] of [
        ['/visits', 'Besuche'],
        [`/sites/${siteId}`, MUNICIPALITY],
        ['/sync', 'Konflikte und Ablehnungen'],
        ['/settings', 'Einstellungen'],
      ] as const) {
        await page.emulateMedia({ media: 'screen' });
        await page.goto(`${app.server.url}${route}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForTimeout(500);
        await page.emulateMedia({ media: 'print' });
        const { text: other } = await printPage(page, dir, 'other');
        if (!other.includes(heading)) problems.push(`${route}: heading not printed`);
        for (const f of furniture(other)) problems.push(`${route} printed ${f}`);
      }
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await context.close();
    }
  });
});
