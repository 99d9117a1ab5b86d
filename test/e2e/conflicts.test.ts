// Conflicts and refused changes as people meet them, in real Chromium on the built app and the
// real server: B saves a field while A is typing in it — A's text stays, the field is marked
// with both names, B's device learns of it untouched, a third person sees a neutral card, and A
// keeps B's value by name. A Quartiersmanagement account whose site was changed while it worked
// offline finds its visit and the 30-odd changes below it as ONE group and discards them at once.
import Database from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { dataPaths } from '../../src/server/config';
import { createAccount, seedAccounts, signIn } from '../support/accounts';
import { makeHttpDevice } from '../support/devices';
import { observationFields, siteFields, visitFields } from '../support/rows';
import { PHONE, waitForServiceWorker, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';

const FIELD = 'Wohnen und Wohnumfeld';
const app = serveBuiltApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const c of contexts) await c.close();
});

async function person(
  name: string,
  role: 'coordinator' | 'member' | 'quartiersmanagement' = 'member',
  siteId?: string,
) {
  const ctx = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  contexts.push(ctx);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  const account = await createAccount(app.server, { name, role, ...(siteId ? { siteId } : {}) });
  await signIn(page, app.server, account);
  await waitForServiceWorker(page);
  return { ctx, page, errors, account };
}

const text = (p: Page) =>
  p.getByRole('region', { name: FIELD, exact: true }).getByRole('textbox', { name: 'Text' });

/** A site with a visit and one observation, written by a coordinator's device over HTTP. */
async function seed() {
  const [coord] = await seedAccounts(app.server.dataDir, [{ role: 'coordinator' }]);
  const d = makeHttpDevice(() => app.server.url, coord!.token);
  const site = { ...siteFields(), municipality: 'Marburg', quarter: 'Richtsberg' };
  const other = { ...siteFields(), municipality: 'Gießen', quarter: 'Nordstadt' };
  const visit = { ...visitFields(site.id), date: '2026-06-01' };
  const obs = { ...observationFields(visit.id), fieldId: 'housing', text: 'Spielplatz saniert' };
  d.enqueue('site', site.id, 'create', site);
  d.enqueue('site', other.id, 'create', other);
  d.enqueue('visit', visit.id, 'create', visit);
  d.enqueue('observation', obs.id, 'create', obs);
  await d.sync();
  /** The observation's text as the server holds it now. */
  const serverText = async () => {
    const res = await d.post([], 500);
    const row = res.changes.filter((c) => c.entityId === obs.id).at(-1)?.row;
    d.cursor = null;
    return (row as { text?: string } | undefined)?.text;
  };
  d.cursor = null;
  return { site, other, visit, obs, serverText };
}

it('typing is never replaced; the conflict is marked with both names and resolved by name', async () => {
  const { visit, serverText } = await seed();
  const a = await person('Anna Koordination', 'coordinator');
  const b = await person('Ben Mitglied');
  for (const p of [a.page, b.page]) {
    await p.goto(`${app.server.url}/visits/${visit.id}`);
    await expect.poll(() => text(p).inputValue(), { timeout: 20_000 }).toBe('Spielplatz saniert');
  }

  // A types (offline, so B's save reaches the server first) and keeps the cursor in the field.
  await a.ctx.setOffline(true);
  await text(a.page).click();
  await text(a.page).press('End');
  await a.page.keyboard.type(', Bänke fehlen');
  const typed = 'Spielplatz saniert, Bänke fehlen';
  await text(b.page).fill('Spielplatz saniert, gut besucht');
  await text(b.page).blur();
  // B's change goes out on its own (the write triggers a sync); A comes back online and sends.
  await expect.poll(serverText, { timeout: 20_000 }).toBe('Spielplatz saniert, gut besucht');
  await a.ctx.setOffline(false);
  const sentAt = Date.now();

  // A's text stays in the focused field; the field says who changed it and links to resolving.
  const markA = a.page.getByTestId('conflict-mark');
  await markA.waitFor({ timeout: 30_000 });
  expect(await text(a.page).inputValue()).toBe(typed);
  await expect(text(a.page).evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  expect(await markA.textContent()).toContain('In der Zwischenzeit von Ben Mitglied geändert');
  await a.page.getByTestId('visit-conflicts').waitFor();
  await a.page
    .getByRole('region', { name: FIELD, exact: true })
    .screenshot({ path: '/tmp/h5-conflict-marked-a.png' });
  await a.page.getByTestId('visit-conflicts').screenshot({ path: '/tmp/h5-visit-conflicts.png' });

  // B's device learns of it on its own, without a reload or a tap.
  const markB = b.page.getByTestId('conflict-mark');
  await markB.waitFor({ timeout: 30_000 });
  const learnedMs = Date.now() - sentAt;
  expect(await markB.textContent()).toContain('Anna Koordination');
  console.log(`B saw the conflict ${learnedMs} ms after A came back online`);
  expect(learnedMs).toBeLessThan(20_000);

  // A third person, party to nothing, reads both names and no "mine".
  const c = await person('Carla Dritte');
  await c.page.goto(`${app.server.url}/sync`);
  const onC = c.page.getByTestId('conflict');
  await onC.waitFor({ timeout: 30_000 });
  expect(await onC.getByTestId('conflict-parties').textContent()).toBe(
    'Konflikt zwischen Ben Mitglied und Anna Koordination',
  );
  expect(await onC.getByRole('button', { name: 'Wert von Ben Mitglied behalten' }).count()).toBe(1);
  expect(
    await onC.getByRole('button', { name: 'Wert von Anna Koordination behalten' }).count(),
  ).toBe(1);
  expect(await onC.textContent()).not.toMatch(/Mein Wert|Ihr Wert|Meine behalten|Ihre behalten/);

  // A follows the mark, reads what and who, and keeps B's value.
  await markA.getByRole('link', { name: 'Konflikt lösen' }).click();
  const onA = a.page.getByTestId('conflict');
  await onA.waitFor();
  const title = await onA.getByRole('heading', { level: 3 }).textContent();
  expect(title).toContain('Beobachtung „Spielplatz saniert');
  expect(title).toContain(FIELD);
  expect(title).toContain('Marburg – Richtsberg');
  expect(title).toContain('Feld „Text“');
  expect(await onA.getByTestId('conflict-parties').textContent()).toBe('Konflikt mit Ben Mitglied');
  expect(await onA.getByTestId('conflict-mine').textContent()).toBe(typed);
  await onA.screenshot({ path: '/tmp/h5-conflict-card-a.png' });
  await onA.getByRole('button', { name: 'Wert von Ben Mitglied behalten' }).click();
  await expect.poll(() => onA.count(), { timeout: 10_000 }).toBe(0);
  for (const p of [a.page, b.page]) {
    await p.goto(`${app.server.url}/visits/${visit.id}`);
    await expect
      .poll(() => text(p).inputValue(), { timeout: 30_000 })
      .toBe('Spielplatz saniert, gut besucht');
    await expect.poll(() => p.getByTestId('conflict-mark').count(), { timeout: 30_000 }).toBe(0);
  }
  for (const x of [a, b, c]) expect(x.errors.filter((m) => !m.includes('net::'))).toEqual([]);
});

it('a visit refused with its children is one group, discarded at once', async () => {
  const { site, other } = await seed();
  const q = await person('Quentin Quartier', 'quartiersmanagement', site.id);
  await q.page.goto(`${app.server.url}/sites/${site.id}`);
  await q.page
    .getByRole('link', { name: 'Neuer Besuch an diesem Standort' })
    .waitFor({ timeout: 20_000 });
  // Offline, the account plans a visit; meanwhile the coordination binds it to another site.
  await q.ctx.setOffline(true);
  await q.page.getByRole('link', { name: 'Neuer Besuch an diesem Standort' }).click();
  await q.page.getByLabel('Datum').fill('2026-07-01');
  await q.page.getByRole('button', { name: 'Besuch anlegen' }).click();
  await q.page.waitForURL(/\/visits\/[0-9a-f-]{36}/, { timeout: 10_000 });
  const raw = new Database(dataPaths({ DATA_DIR: app.server.dataDir }).dbFile);
  raw.prepare('UPDATE users SET site_id = ? WHERE email = ?').run(other.id, q.account.email);
  raw.close();
  await q.ctx.setOffline(false);

  await q.page.goto(`${app.server.url}/sync`);
  const group = q.page.getByTestId('rejection');
  await group.first().waitFor({ timeout: 30_000 });
  await expect.poll(() => group.count(), { timeout: 10_000 }).toBe(1);
  const headline = (await group.getByRole('heading', { level: 3 }).textContent()) ?? '';
  expect(headline).toMatch(
    /^Besuch am 1\. Juli 2026.* wurde abgelehnt: .+ — \d+ abhängige Änderungen$/,
  );
  expect(Number(/— (\d+) abhängige/.exec(headline)![1])).toBeGreaterThanOrEqual(20);
  // No resend where the server would refuse again; the page stays short.
  expect(await group.getByRole('button', { name: 'Alle erneut senden' }).count()).toBe(0);
  const height = await q.page.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThan(2_500);
  await q.page.screenshot({ path: '/tmp/h5-rejection-group.png', fullPage: true });

  q.page.once('dialog', (d) => void d.accept());
  await group.getByRole('button', { name: 'Alle verwerfen' }).click();
  await q.page.getByText('Keine abgelehnten Änderungen.').waitFor({ timeout: 10_000 });
  expect(q.errors.filter((m) => !m.includes('net::'))).toEqual([]);
});
