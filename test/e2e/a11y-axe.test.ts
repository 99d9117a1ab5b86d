// axe-core (WCAG 2.0/2.1/2.2, levels A and AA; nothing excluded, no rule off) on every route of
// routes.tsx in real Chromium against the built app and the real server, with realistic data
// (support/realistic-seed.ts) plus a conflict and a refused change on the sync page: at 390×844
// and 1280×800, in German and English, for the coordinator on every route and for a member and a
// Quartiersmanagement account on the visit page and the "not allowed" page, with the photo
// viewer, the print view (and the report document in its frame), the prepare panel, the
// accounts page's invite and role-change panels and the install hint open. Every violation fails the test with its rule, place and markup.
import Database from 'better-sqlite3';
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dataPaths } from '../../src/server/config';
import { type Account, createAccount, signIn } from '../support/accounts';
import { axeViolations, describeViolations } from './support/axe';
import { watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { until } from './support/capture';
import {
  type Seeded,
  seedConflict,
  seedRealistic,
  everyRoute,
  openSeededVisit,
} from './support/realistic-seed';

const app = serveBuiltApp();
const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;
const LANGS = ['de', 'en'] as const;
type Lang = (typeof LANGS)[number];

let seeded: Promise<Seeded> | undefined;
const ready = () =>
  (seeded ??= seedRealistic(app.server.url, app.server.dataDir).then(async (s) => {
    await seedConflict(app.server.url, app.server.dataDir, s);
    return s;
  }));

/** Chromium offers installation with this event; headless, the test sends it (the hint shows). */
const offerInstall = (page: Page) =>
  page.evaluate(() =>
    window.dispatchEvent(
      Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
        prompt: async () => {},
        userChoice: Promise.resolve({ outcome: 'dismissed' }),
      }),
    ),
  );

/**
 * Waits until the page shows its heading and no DOM change happened for 300 ms (at most 8 s:
 * returns what still changed then, to name it in a failure).
 */
async function settled(page: Page): Promise<string | null> {
  await page.locator('main h1, h1').first().waitFor({ timeout: 30_000 });
  return page.evaluate(
    () =>
      new Promise<string | null>((done) => {
        let last = '';
        let timer = setTimeout(() => finish(null), 300);
        const cap = setTimeout(() => finish(last), 8_000);
        const mo = new MutationObserver((records) => {
          const r = records.at(-1)!;
          last = `${r.type} ${(r.target as Element).outerHTML?.slice(0, 120) ?? r.target.nodeName}`;
          clearTimeout(timer);
          timer = setTimeout(() => finish(null), 300);
        });
        function finish(still: string | null) {
          clearTimeout(cap);
          clearTimeout(timer);
          mo.disconnect();
          done(still);
        }
        mo.observe(document.body, { subtree: true, childList: true, attributes: true });
      }),
  );
}

/** Runs axe on what the page shows now; returns readable lines, one per violating node. */
async function check(
  page: Page | Frame,
  where: string,
  counts: Map<string, number>,
): Promise<string[]> {
  const t0 = Date.now();
  const violations = await axeViolations(page);
  runs.n++;
  runs.ms += Date.now() - t0;
  if (process.env.AXE_TRACE)
    process.stderr.write(`${new Date().toISOString()} ${where} ${Date.now() - t0} ms\n`);
  for (const v of violations) counts.set(v.id, (counts.get(v.id) ?? 0) + v.nodes.length);
  return describeViolations(where, violations);
}
const runs = { n: 0, ms: 0 };

/** Opens every disclosure and lays out every card, then waits a moment. */
async function unfold(page: Page) {
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    // Cards off screen skip rendering (content-visibility: auto) until scrolled to; axe measures
    // sizes, overlaps and colours, so everything is laid out as it is when someone gets there.
    for (const el of document.querySelectorAll<HTMLElement>('main *'))
      if (getComputedStyle(el).contentVisibility === 'auto') el.style.contentVisibility = 'visible';
  });
  await page.waitForTimeout(100);
}

/** Opens `route` with every disclosure open and the install hint shown, then checks it. */
async function checkRoute(page: Page, route: string, where: string, counts: Map<string, number>) {
  if (page.url().startsWith(app.server.url)) {
    // Within the app, as its own links go (no reload: the install hint stays shown).
    await page.evaluate((to) => {
      for (const h of document.querySelectorAll('h1')) h.dataset['left'] = '';
      history.pushState(null, '', to);
      dispatchEvent(new PopStateEvent('popstate'));
    }, route);
    await page.locator('main h1:not([data-left])').first().waitFor({ timeout: 30_000 });
  } else {
    await page.goto(`${app.server.url}${route}`);
    await settled(page);
    await offerInstall(page);
  }
  const still = await settled(page);
  if (still) throw new Error(`${where}: the page kept changing: ${still}`);
  await unfold(page);
  return check(page, where, counts);
}

/** The dialogs and panels of the visit page, each checked while open. */
async function checkVisitDialogs(
  page: Page,
  visitId: string,
  where: string,
  counts: Map<string, number>,
): Promise<string[]> {
  const problems: string[] = [];
  await page.goto(`${app.server.url}/visits/${visitId}`);
  await settled(page);
  await unfold(page);
  // The photo viewer, on the visit's own photo.
  await page.locator('button.photo-thumb').last().click();
  await page.locator('.photo-viewer').waitFor();
  await page.locator('.photo-viewer img').waitFor();
  problems.push(...(await check(page, `${where} photo viewer`, counts)));
  await page.keyboard.press('Escape');
  await page.locator('.photo-viewer').waitFor({ state: 'detached' });
  // The prepare panel after preparing (its outcome shown).
  await page.locator('.prepare-offline button').first().click();
  await page.locator('.prepare-offline [role="status"], .prepare-offline p').last().waitFor();
  await page.waitForTimeout(500);
  problems.push(...(await check(page, `${where} prepared`, counts)));
  // The print view, and the report document inside its frame.
  await page.locator('.report-menu button', { hasText: /Druckansicht|Print view/ }).click();
  const dialog = page.locator('.report-print');
  await dialog.waitFor({ timeout: 30_000 });
  problems.push(...(await check(page, `${where} print view`, counts)));
  await page.frameLocator('.report-print iframe').locator('h1').first().waitFor();
  // The frame runs no scripts (its sandbox), so axe cannot run inside it: its document is
  // checked as a page of its own (its photos, blob URLs of the app page, do not load there).
  const html = await page.locator('.report-print iframe').getAttribute('srcdoc');
  const report = await page.context().newPage();
  try {
    await report.setContent(html ?? '', { waitUntil: 'load' });
    problems.push(...(await check(report, `${where} report document`, counts)));
  } finally {
    await report.close();
  }
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  return problems;
}

/** The accounts page with its panels open: an invite code shown, a role change to confirm. */
async function checkUserPanels(
  page: Page,
  where: string,
  counts: Map<string, number>,
): Promise<string[]> {
  const problems: string[] = [];
  const invite = page.getByRole('button', { name: /^(Einladung anzeigen|Show invite) / });
  if ((await invite.count()) > 0) {
    await invite.first().click();
    await page.getByTestId('invite-code').first().waitFor();
  }
  // A member's card: change the role, then the confirmation (cancelled, nothing changes).
  const card = page.locator('li[data-status="active"]').last();
  await card
    .getByRole('button', { name: /^(Rolle oder Standort ändern:|Change role or site of) / })
    .click();
  problems.push(...(await check(page, `${where} change panel`, counts)));
  const role = card.getByRole('combobox').first();
  const other = await role.evaluate(
    (sel: HTMLSelectElement) => [...sel.options].find((o) => !o.selected && !o.disabled)?.value,
  );
  if (other) await role.selectOption(other);
  await card.getByRole('button', { name: /^(Weiter|Next)$/ }).click();
  await card.getByTestId('binding-confirm').waitFor();
  problems.push(...(await check(page, `${where} confirmation`, counts)));
  await card.getByRole('button', { name: /^(Abbrechen|Cancel)$/ }).click();
  return problems;
}

async function setLang(page: Page, lang: Lang) {
  await page.evaluate((l) => localStorage.setItem('sb-lang', l), lang);
}

/**
 * A change this device made that the server refuses: while offline the coordinator adds a site;
 * before it is sent the account becomes a member (who may not create sites), then coordinator
 * again once the refusal is on the device.
 */
async function refusedChange(page: Page, who: Account) {
  const setRole = (role: string) => {
    const raw = new Database(dataPaths({ DATA_DIR: app.server.dataDir }).dbFile);
    raw.prepare('UPDATE users SET role = ? WHERE email = ?').run(role, who.email);
    raw.close();
  };
  await page.goto(`${app.server.url}/sites/new`);
  await settled(page);
  await page.context().setOffline(true);
  await page.getByLabel('Kommune').fill('Offenbach am Main');
  await page.getByLabel('Quartier').fill('Nordend');
  await page.getByRole('button', { name: 'Standort anlegen' }).click();
  await page.waitForURL(/\/sites\/[0-9a-f-]{36}$/);
  setRole('member');
  await page.context().setOffline(false);
  await page.goto(`${app.server.url}/sync`);
  await page.getByTestId('rejection').first().waitFor({ timeout: 30_000 });
  setRole('coordinator');
  await page.reload();
  await until(
    'coordinator again',
    async () => {
      await page.goto(`${app.server.url}/users`);
      await settled(page);
      return (await page.getByTestId('not-allowed').count()) === 0;
    },
    60_000,
  );
}

describe('axe-core, WCAG 2.2 A/AA: no violations', () => {
  it('the coordinator: every route, both sizes, both languages, with dialogs open', async () => {
    const started = Date.now();
    const { siteId, visitId } = await ready();
    const context = await app.browser.newContext({ viewport: SIZES[0], locale: 'de-DE' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const counts = new Map<string, number>();
    const problems: string[] = [];
    try {
      // The sign-in page first, in both languages at both sizes.
      await page.goto(app.server.url);
      for (const lang of LANGS)
        for (const size of SIZES) {
          await setLang(page, lang);
          await page.setViewportSize(size);
          await page.reload();
          await page.locator('input[type="password"]').waitFor();
          problems.push(...(await check(page, `sign-in ${lang} ${size.width}`, counts)));
        }
      await setLang(page, 'de');
      await page.reload();
      const me = await createAccount(app.server, { name: 'Koordination' });
      await signIn(page, app.server, me);
      await openSeededVisit(page, app.server.url, visitId);
      const t1 = Date.now();
      await refusedChange(page, me);
      if (process.env.AXE_TRACE)
        process.stderr.write(`refused change made in ${Date.now() - t1} ms\n`);
      await page.goto(`${app.server.url}/sync`);
      await page.getByTestId('conflict').first().waitFor({ timeout: 30_000 });

      const routes = everyRoute({ siteId, visitId });
      for (const lang of LANGS)
        for (const size of SIZES) {
          await setLang(page, lang);
          await page.setViewportSize(size);
          await page.goto('about:blank');
          for (const route of routes) {
            const where = `${route.replace(/[0-9a-f-]{36}/, ':id')} ${lang} ${size.width}`;
            problems.push(...(await checkRoute(page, route, where, counts)));
          }
          problems.push(
            ...(await checkVisitDialogs(
              page,
              visitId,
              `/visits/:id ${lang} ${size.width}`,
              counts,
            )),
          );
          await page.goto(`${app.server.url}/users`);
          await settled(page);
          problems.push(...(await checkUserPanels(page, `/users ${lang} ${size.width}`, counts)));
        }
      console.log(
        `axe: ${runs.n} runs (${Math.round(runs.ms / 1000)} s in axe) in ${Math.round((Date.now() - started) / 1000)} s; nodes by rule:`,
        Object.fromEntries(counts),
      );
      expect(problems).toEqual([]);
      expect(errors.filter((e) => !/Failed to load resource|404|net::/.test(e))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 600_000);

  for (const role of ['member', 'quartiersmanagement'] as const)
    it(`a ${role} account: the visit page and the "not allowed" page, both sizes and languages`, async () => {
      const { siteId, visitId } = await ready();
      const context = await app.browser.newContext({ viewport: SIZES[0], locale: 'de-DE' });
      const page = await context.newPage();
      const counts = new Map<string, number>();
      const problems: string[] = [];
      try {
        const who = await createAccount(app.server, {
          role,
          name: role === 'member' ? 'Mitglied' : 'Quartiersmanagement',
          ...(role === 'quartiersmanagement' ? { siteId } : {}),
        });
        await signIn(page, app.server, who);
        await openSeededVisit(page, app.server.url, visitId);
        for (const lang of LANGS)
          for (const size of SIZES) {
            await setLang(page, lang);
            await page.setViewportSize(size);
            await page.goto('about:blank');
            for (const route of [`/visits/${visitId}`, '/users'])
              problems.push(
                ...(await checkRoute(
                  page,
                  route,
                  `${role} ${route.replace(/[0-9a-f-]{36}/, ':id')} ${lang} ${size.width}`,
                  counts,
                )),
              );
          }
        console.log(`axe (${role}): nodes by rule:`, Object.fromEntries(counts));
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
});
