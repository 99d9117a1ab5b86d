// The review loop with two people in real Chromium on one real server (docs/architecture.md
// §Review): a member submits a visit; the coordinator comments on one observation and returns
// it; the member, offline, sees the returned state and the comment at the observation, fixes the
// text, resubmits once online; the coordinator approves; the member's page is then read-only and
// the server refuses a write to the approved visit, which the member sees on the sync page.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { PHONE, waitForServiceWorker, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { SYNCED } from './support/capture';
import { type Account, createAccount, signIn } from '../support/accounts';
import { makeHttpDevice } from '../support/devices';
import { observationFields, siteFields, visitFields } from '../support/rows';

const app = serveBuiltApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const c of contexts) await c.close();
});

async function person(account: Account) {
  const ctx = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  contexts.push(ctx);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  // Submitting, returning and approving ask first.
  page.on('dialog', (d) => void d.accept());
  await signIn(page, app.server, account);
  await waitForServiceWorker(page);
  return { ctx, page, errors };
}

async function syncNow(p: Page) {
  const indicator = p.getByTestId('sync-state');
  await indicator.click();
  await p.getByRole('button', { name: 'Jetzt synchronisieren' }).click();
  await expect.poll(() => indicator.textContent(), { timeout: 20_000 }).toMatch(SYNCED);
  await indicator.click();
}

const state = (p: Page) => p.locator('.review-panel .status').textContent();
const action = (p: Page, name: string) =>
  p.getByRole('group', { name: 'Prüfung' }).getByRole('button', { name, exact: true });
/** Controls a person could type or choose in, outside the report menu. */
const editable = (p: Page) =>
  p
    .locator(
      'article.visit-page :is(textarea, select, input:not([type=hidden]):not([type=file])):not(.report-menu *)',
    )
    .evaluateAll((els) =>
      els
        .map(
          (e) =>
            `${e.tagName.toLowerCase()}[${e.getAttribute('type') ?? ''}] in ${e.closest('section')?.className ?? ''} ${e.closest('section')?.getAttribute('aria-label') ?? ''}`,
        )
        .join(' | '),
    );

/** Logs in over the API and returns a token (the member's second device, an old phone). */
async function token(a: Account): Promise<string> {
  const res = await fetch(`${app.server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: a.email, password: a.password }),
  });
  return ((await res.json()) as { token: string }).token;
}

it('submit → comment and return → fixed offline → resubmit → approve → read-only, forced write refused', async () => {
  const coordAccount = await createAccount(app.server, {
    name: 'Klara Koordination',
    role: 'coordinator',
  });
  const memberAccount = await createAccount(app.server, { name: 'Mia Mitglied', role: 'member' });
  // The coordinator's office set up the site; the member started the visit with one finding.
  const office = makeHttpDevice(() => app.server.url, await token(coordAccount));
  const site = { ...siteFields(), municipality: 'Marburg', quarter: 'Richtsberg' };
  office.enqueue('site', site.id, 'create', site);
  await office.sync();
  const phone = makeHttpDevice(() => app.server.url, await token(memberAccount));
  const visit = { ...visitFields(site.id), status: 'in-progress' as const };
  const obs = { ...observationFields(visit.id), fieldId: 'housing', text: 'Spielplatz saniert' };
  phone.enqueue('visit', visit.id, 'create', visit);
  phone.enqueue('observation', obs.id, 'create', obs);
  const seeded = await phone.sync();
  expect(seeded.acks.map((a) => a.result.status)).toEqual(['applied', 'applied']);
  const visitUrl = `${app.server.url}/visits/${visit.id}`;
  const obsBox = (p: Page) => p.locator(`#obs-${obs.id}`);

  const member = await person(memberAccount);
  const coord = await person(coordAccount);

  // The member submits: the page becomes read-only and says why.
  await syncNow(member.page);
  await member.page.goto(visitUrl);
  await action(member.page, 'Einreichen').click();
  await expect.poll(() => state(member.page)).toBe('Eingereicht');
  await expect.poll(() => editable(member.page)).toBe('');
  await expect(member.page.locator('.review-lock').textContent()).resolves.toContain(
    'Einreichung zurückziehen',
  );
  await syncNow(member.page);

  // The coordinator comments on the observation and returns the visit.
  await syncNow(coord.page);
  await coord.page.goto(visitUrl);
  await expect.poll(() => state(coord.page)).toBe('Eingereicht');
  await obsBox(coord.page).getByRole('button', { name: 'Kommentieren: Beobachtung 1' }).click();
  await obsBox(coord.page)
    .getByRole('textbox', { name: 'Kommentar zu: Beobachtung 1' })
    .fill('Bitte ergänzen, wie viele Bänke fehlen.');
  await obsBox(coord.page).getByRole('button', { name: 'Kommentar hinzufügen' }).click();
  // Returned once the comment is on the page (before, "Zurückgeben" first asks for one).
  await obsBox(coord.page).getByText('Bitte ergänzen, wie viele Bänke fehlen.').waitFor();
  await action(coord.page, 'Zurückgeben').click();
  await expect.poll(() => state(coord.page)).toBe('Zurückgegeben');
  await syncNow(coord.page);

  // The member pulls, goes offline and still sees the return and the comment where it applies.
  await syncNow(member.page);
  await member.ctx.setOffline(true);
  await member.page.goto(visitUrl);
  await expect.poll(() => state(member.page)).toBe('Zurückgegeben');
  await expect(member.page.locator('.review-by').textContent()).resolves.toContain(
    'Zurückgegeben von Klara Koordination am',
  );
  await expect
    .poll(() => obsBox(member.page).textContent())
    .toContain('Bitte ergänzen, wie viele Bänke fehlen.');
  const text = obsBox(member.page).getByRole('textbox', { name: 'Text' });
  await text.fill('Spielplatz saniert, drei Bänke fehlen');
  await expect
    .poll(() => member.page.locator('.save-status').textContent(), { timeout: 10_000 })
    .toContain('Auf diesem Gerät gespeichert');
  await member.ctx.setOffline(false);
  await action(member.page, 'Erneut einreichen').click();
  await expect.poll(() => state(member.page)).toBe('Eingereicht');
  await syncNow(member.page);

  // The coordinator sees the fix and approves.
  await syncNow(coord.page);
  await expect
    .poll(() => obsBox(coord.page).getByRole('textbox', { name: 'Text' }).inputValue())
    .toBe('Spielplatz saniert, drei Bänke fehlen');
  await action(coord.page, 'Freigeben').click();
  await expect.poll(() => state(coord.page)).toBe('Freigegeben');
  await syncNow(coord.page);

  // The member's page shows who approved, offers no field and no move.
  await syncNow(member.page);
  await expect.poll(() => state(member.page)).toBe('Freigegeben');
  await expect(member.page.locator('.review-by').textContent()).resolves.toContain(
    'Freigegeben von Klara Koordination am',
  );
  await expect.poll(() => editable(member.page)).toBe('');
  await expect(member.page.getByRole('group', { name: 'Prüfung' }).count()).resolves.toBe(0);
  await expect(obsBox(member.page).textContent()).resolves.toContain(
    'Spielplatz saniert, drei Bänke fehlen',
  );

  // An old phone of the member still sends an edit: refused, and the member reads why.
  phone.enqueue('observation', obs.id, 'patch', { text: 'nachträglich geändert' });
  const forced = await phone.sync();
  expect(forced.acks.map((a) => a.result.error?.code)).toEqual(['visit_approved']);
  await syncNow(member.page);
  await member.page.goto(`${app.server.url}/sync`);
  await expect
    .poll(() => member.page.locator('main').textContent())
    .toContain('Der Besuch ist freigegeben; nur die Koordination ändert ihn noch.');

  const own = (e: string[]) => e.filter((m) => !m.startsWith('Failed to load resource: net::'));
  expect(own(member.errors)).toEqual([]);
  expect(own(coord.errors)).toEqual([]);
});
