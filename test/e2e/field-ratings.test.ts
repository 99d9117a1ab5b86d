// The action fields' ratings in real Chromium at phone size (docs/domain.md §Ratings): a
// Quartiersmanagement finds the self-assessment at the top of its planned visit and rates two
// fields; a member, offline, gives the outside view and syncs; both visit pages mark the field
// whose views lie two steps apart, and the print view shows both views side by side with the
// divergence in words. Screenshots: /tmp/field-ratings-*.png.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { PHONE, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { pressSyncNow, until } from './support/capture';
import { type Account, createAccount, signIn } from '../support/accounts';
import { makeHttpDevice } from '../support/devices';
import { siteFields, visitFields } from '../support/rows';

const app = serveBuiltApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const c of contexts) await c.close();
});

async function tokenOf(who: Account): Promise<string> {
  const res = await fetch(`${app.server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  return ((await res.json()) as { token: string }).token;
}

async function person(a: Account) {
  const ctx = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  contexts.push(ctx);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await signIn(page, app.server, a);
  return { ctx, page, errors };
}

const field = (p: Page, id: string) => p.locator(`#rating-${id}`);
/** Chooses step `n` of `view` ('Innensicht' | 'Außensicht') for the field. */
const rate = (p: Page, id: string, view: string, n: number) =>
  field(p, id)
    .getByRole('group', { name: new RegExp(`^${view}`) })
    .getByRole('radio', { name: new RegExp(`^Stufe ${n}:`) })
    .check();
const shot = (p: Page, name: string) =>
  p.screenshot({ path: `/tmp/field-ratings-${name}.png`, fullPage: false });

it('QM self-assessment before the visit, member outside view offline, divergence marked on the page and in the report', async () => {
  const coordinator = await createAccount(app.server, { role: 'coordinator' });
  const device = makeHttpDevice(() => app.server.url, await tokenOf(coordinator));
  const site = siteFields();
  const visit = { ...visitFields(site.id), status: 'planned' };
  device.enqueue('site', site.id, 'create', site);
  device.enqueue('visit', visit.id, 'create', visit);
  expect((await device.sync()).acks.map((a) => a.result.status)).toEqual(['applied', 'applied']);
  const qmAccount = await createAccount(app.server, {
    role: 'quartiersmanagement',
    siteId: site.id,
  });
  const [qm, member] = await Promise.all([
    person(qmAccount),
    person(await createAccount(app.server, { role: 'member' })),
  ]);

  // The Quartiersmanagement: the self-assessment is the first section of its planned visit.
  await qm.page.goto(`${app.server.url}/visits/${visit.id}`);
  const top = qm.page.getByRole('region', { name: 'Selbsteinschätzung' });
  await top.waitFor();
  await rate(qm.page, 'housing', 'Innensicht', 1);
  await rate(qm.page, 'climate', 'Innensicht', 4);
  await field(qm.page, 'housing').getByLabel('Begründung').fill('Leerstand wächst');
  // Only its own view is a control; the outside view is text.
  await expect(field(qm.page, 'housing').getByRole('radio').count()).resolves.toBe(6);
  await top.getByText('Was bedeuten die Stufen?').waitFor(); // the legend, where rating is asked
  await qm.page.getByRole('heading', { level: 1 }).click(); // blur: the note saves
  expect(await pressSyncNow(qm.page)).toBe(true);
  await shot(qm.page, 'qm');
  await field(qm.page, 'housing').scrollIntoViewIfNeeded();
  await shot(qm.page, 'qm-housing');

  // The member: the visit pulled, then offline the outside view, then online and synced.
  await member.page.goto(`${app.server.url}/visits/${visit.id}`);
  const section = member.page.getByRole('region', { name: 'Einschätzung der Handlungsfelder' });
  await section.waitFor();
  await until('self-assessment pulled', async () =>
    ((await field(member.page, 'housing').textContent()) ?? '').includes('1 – Kaum Ansätze'),
  );
  await member.ctx.setOffline(true);
  await rate(member.page, 'housing', 'Außensicht', 3);
  await rate(member.page, 'climate', 'Außensicht', 5);
  const mark = field(member.page, 'housing').getByText('Abweichung: 2 Stufen');
  await mark.waitFor();
  await expect(
    field(member.page, 'climate')
      .getByText(/Abweichung/)
      .count(),
  ).resolves.toBe(0);
  await member.ctx.setOffline(false);
  expect(await pressSyncNow(member.page)).toBe(true);
  await field(member.page, 'housing').scrollIntoViewIfNeeded();
  await shot(member.page, 'member');

  // The Quartiersmanagement's page marks it too once it synced.
  expect(await pressSyncNow(qm.page)).toBe(true);
  await field(qm.page, 'housing')
    .getByText('Abweichung: 2 Stufen (Innensicht 1, Außensicht 3)')
    .waitFor();

  // The print view: both views side by side, the divergence in words, the legend once.
  await member.page.getByRole('button', { name: 'Druckansicht' }).click();
  const frame = member.page.frameLocator('iframe[title="Druckansicht des Berichts"]');
  await frame.getByRole('heading', { name: 'Einschätzung der Handlungsfelder' }).waitFor();
  const report = ((await frame.locator('section.ratings').textContent()) ?? '').replace(
    /\s+/g,
    ' ',
  );
  expect(report).toContain(
    'Wohnen und Wohnumfeld ⚠ Abweichung: 2 Stufen Innensicht (Quartiersmanagement)1 – Kaum Ansätze' +
      'Begründung: Leerstand wächst Außensicht (Besuchende)3 – Im Aufbau',
  );
  expect(report).toContain(
    'Innensicht (Quartiersmanagement)4 – Gut entwickelt Außensicht (Besuchende)5 – Verstetigt',
  );
  expect(report.split('Stufe 5: Verstetigt und beispielhaft')).toHaveLength(2);
  // The member's device was offline for a while: its failed requests are expected.
  const offlineNoise = /Failed to load resource|Failed to fetch|ERR_INTERNET_DISCONNECTED/;
  expect([...qm.errors, ...member.errors].filter((e) => !offlineNoise.test(e))).toEqual([]);
});
