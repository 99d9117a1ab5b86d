// The needs list across sites in real Chromium at phone size: a coordinator seeds two sites
// with needs through the sync API (one overdue, one on a visit that is already done and so
// locked, one done); a member opens "Bedarfe" from the navigation, sees the open ones overdue
// first, filters by site (the filter lands in the URL), closes a need offline on the locked
// visit, sees it synced once online (the server holds status and closedAt), and exports the
// list as CSV and PDF; the row's link opens the follow-up on its visit with its tracking still
// editable. Screenshots: /tmp/needs-*.png.
import { expect, it } from 'vitest';
import { axeViolations, describeViolations } from './support/axe';
import { PHONE, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { download, pressSyncNow, until } from './support/capture';
import { pdfText } from '../client/reports/helpers';
import { type Account, createAccount, signIn } from '../support/accounts';
import { makeHttpDevice } from '../support/devices';
import { followUpFields, siteFields, visitFields } from '../support/rows';
import type { RunningServer } from '../support/server-process';

const app = serveBuiltApp();

async function deviceOf(server: RunningServer, who: Account) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  const { token } = (await res.json()) as { token: string };
  return makeHttpDevice(() => server.url, token);
}

async function seed(server: RunningServer, who: Account) {
  const device = await deviceOf(server, who);
  const hanau = { ...siteFields(), municipality: 'Hanau', quarter: 'Lamboy' };
  const kassel = { ...siteFields(), municipality: 'Kassel', quarter: 'Nord' };
  const v1 = { ...visitFields(hanau.id), date: '2026-03-10', status: 'planned' };
  const v2 = { ...visitFields(kassel.id), date: '2026-04-02', status: 'done' };
  const overdue = {
    ...followUpFields(v1.id, hanau.id),
    description: 'Beratung Verfügungsfonds',
    owner: 'Frau Ott',
    dueDate: '2026-01-15',
  };
  const locked = {
    ...followUpFields(v2.id, kassel.id),
    description: 'Schulung Beteiligung',
    kind: 'step',
    offerType: 'tutorial',
    dueDate: '2099-05-01',
  };
  const closed = {
    ...followUpFields(v1.id, hanau.id),
    description: 'Längst erledigt',
    status: 'done',
  };
  const records: [string, { id: string }][] = [
    ['site', hanau],
    ['site', kassel],
    ['visit', v1],
    ['visit', v2],
    ['followUp', overdue],
    ['followUp', locked],
    ['followUp', closed],
  ];
  for (const [entity, fields] of records)
    device.enqueue(entity as never, fields.id, 'create', fields);
  const { acks } = await device.sync(50);
  expect(acks.map((a) => a.result.status)).toEqual(records.map(() => 'applied'));
  return { kassel, locked, device };
}

it('lists needs across sites, filters by URL, tracks a locked visit’s need offline and exports CSV', async () => {
  const coordinator = await createAccount(app.server, { role: 'coordinator' });
  const { kassel, locked, device } = await seed(app.server, coordinator);
  const member = await createAccount(app.server, { role: 'member' });
  const ctx = await app.browser.newContext({
    viewport: PHONE,
    locale: 'de-DE',
    acceptDownloads: true,
  });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await signIn(page, app.server, member);
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .last()
    .getByRole('link', { name: 'Bedarfe' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Bedarfe und Vereinbarungen' }).waitFor();
  const rows = page.locator('.needs-list > li');
  await until('both open needs listed', async () => (await rows.count()) === 2, 20_000);
  // Overdue first, marked in words; the done one is not shown by default.
  await expect(rows.first().textContent()).resolves.toContain('überfällig seit 15. Jan. 2026');
  await expect(rows.first().textContent()).resolves.toContain('Hanau – Lamboy');
  await expect(rows.nth(1).textContent()).resolves.toContain('Schulung Beteiligung');
  await expect(page.locator('.needs-list').textContent()).resolves.not.toContain('Längst');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
  await page.screenshot({ path: '/tmp/needs-390.png', fullPage: true });

  // Filter by site: the list and the URL follow.
  await page.locator('.needs-filters > summary').click();
  await page.getByLabel('Standort').selectOption(kassel.id);
  await until('one row', async () => (await rows.count()) === 1);
  expect(new URL(page.url()).searchParams.get('site')).toBe(kassel.id);
  await page.screenshot({ path: '/tmp/needs-filtered-390.png', fullPage: true });
  // The list with its filters open and a row's controls passes axe (WCAG 2.2 AA).
  expect(describeViolations('/needs', await axeViolations(page))).toEqual([]);

  // Offline: the need of the done (locked) visit still has its status control.
  await ctx.setOffline(true);
  await rows.first().getByLabel('Status').selectOption('done');
  await until('closed need leaves the open list', async () => (await rows.count()) === 0);
  await page.getByLabel('Status', { exact: true }).first().selectOption('all');
  await until('shown with every status', async () => (await rows.count()) === 1);
  await expect(rows.first().getByLabel('Status').inputValue()).resolves.toBe('done');
  await ctx.setOffline(false);
  expect(await pressSyncNow(page)).toBe(true);
  const { response } = await device.sync(0);
  const onServer = response.changes.filter((c) => c.entityId === locked.id).at(-1)?.row;
  expect(onServer).toMatchObject({ status: 'done', description: 'Schulung Beteiligung' });
  expect(onServer?.closedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  // CSV of the filtered list: German, ';', the one need with its new status.
  const csv = new TextDecoder().decode(await download(page, 'Liste als CSV'));
  const lines = csv.trim().split(/\r\n/);
  expect(lines[0]).toBe(
    'Standort;Art;Beschreibung;Handlungsfeld;Angebotsart;Zuständig;Fällig am;Status;Überfällig;Abgeschlossen am;Besuchsdatum;Angebot des Bündnisses;Stand der Verknüpfung',
  );
  expect(lines.length).toBe(2);
  expect(lines[1]).toMatch(
    /^Kassel – Nord;Vereinbarter Schritt;Schulung Beteiligung;Ohne Handlungsfeld;Tutorial \/ Schulung;;01\.05\.2099;Erledigt;;\d\d\.\d\d\.\d{4};02\.04\.2026;;$/,
  );
  // The PDF of the same list: title, the filter in words, the need with its kind.
  const pdf = pdfText(await download(page, 'Liste als PDF'));
  expect(pdf).toContain('Bedarfe und Vereinbarungen');
  expect(pdf).toContain('Standort: Kassel – Nord · Status: Alle Status');
  expect(pdf).toContain('Vereinbarter Schritt: Schulung Beteiligung');

  // The row's link lands on the follow-up of its locked visit: its tracking is still offered
  // there, its description is text.
  await rows
    .first()
    .getByRole('link', { name: /aus dem Besuch vom 2\. Apr\. 2026/ })
    .click();
  const card = page.locator(`#fu-${locked.id}`);
  await card.waitFor();
  expect(new URL(page.url()).hash).toBe(`#fu-${locked.id}`);
  await expect(card.getByLabel('Status').isEnabled()).resolves.toBe(true);
  await expect(card.getByLabel('Zuständig').isEditable()).resolves.toBe(true);
  await expect(card.getByLabel('Beschreibung').count()).resolves.toBe(0);
  await expect(card.locator('.read-only-value').first().textContent()).resolves.toBe(
    'Schulung Beteiligung',
  );
  await page.screenshot({ path: '/tmp/needs-visit-390.png' });

  // The sync tried while offline is the one expected network error.
  // Requests the device makes while offline fail on their own (sync through the service worker
  // answers net::ERR_FAILED, the network ERR_INTERNET_DISCONNECTED); anything else counts.
  expect(
    errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e)),
  ).toEqual([]);
  await ctx.close();
});

it('a list left open over midnight marks the need due that day overdue; 320 px wide nothing scrolls sideways', async () => {
  const coordinator = await createAccount(app.server, { role: 'coordinator' });
  const device = await deviceOf(app.server, coordinator);
  const site = { ...siteFields(), municipality: 'Gießen', quarter: 'Nordstadt' };
  const visit = { ...visitFields(site.id), date: '2026-06-02', status: 'in-progress' };
  const dueToday = {
    ...followUpFields(visit.id, site.id),
    description: 'Fällig am Abend des 30. Juni',
    dueDate: '2026-06-30',
  };
  const records: [string, { id: string }][] = [
    ['site', site],
    ['visit', visit],
    ['followUp', dueToday],
  ];
  for (const [entity, fields] of records)
    device.enqueue(entity as never, fields.id, 'create', fields);
  const { acks } = await device.sync(50);
  expect(acks.map((a) => a.result.status)).toEqual(records.map(() => 'applied'));

  const member = await createAccount(app.server, { role: 'member' });
  const ctx = await app.browser.newContext({
    viewport: { width: 320, height: 700 },
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
  });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  // The page's clock: half a minute before midnight of the due day, then running.
  await page.clock.install({ time: new Date('2026-06-30T23:59:30+02:00') });
  await signIn(page, app.server, member);
  await page.goto(`${app.server.url}/needs`);
  const row = page.locator('.needs-list > li', { hasText: 'Fällig am Abend des 30. Juni' });
  await until('the need pulled', async () => (await row.count()) === 1, 30_000);
  expect(await row.textContent()).not.toContain('überfällig');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.screenshot({ path: '/tmp/needs-320.png', fullPage: true });

  // Past midnight, without a reload: the same row is overdue since the due day.
  await page.clock.fastForward(60_000);
  await expect
    .poll(() => row.textContent(), { timeout: 10_000 })
    .toContain('überfällig seit 30. Juni 2026');
  expect(errors).toEqual([]);
  await ctx.close();
});
