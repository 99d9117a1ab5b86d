// The alliance's offers in real Chromium at phone size: a member registers an offer from the
// settings page's link, a need on a visit (seeded over HTTP by the coordination) lists it as its
// match, the member links it and marks it agreed, and the offer's page lists the need with that
// state; on the site's page the member records a sponsorship. Screenshots: /tmp/offers-*.png.
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { createAccount, seedAccounts, signIn } from '../support/accounts';
import { makeHttpDevice } from '../support/devices';
import { followUpFields, siteFields, visitFields } from '../support/rows';
import { axeViolations, describeViolations } from './support/axe';
import { PHONE, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';

const app = serveBuiltApp();
let close: (() => Promise<void>) | null = null;
afterAll(() => close?.());

/** axe's WCAG A/AA violations of the whole page whose nodes lie inside `selector`, in words. */
async function violationsWithin(p: Page, selector: string): Promise<string[]> {
  const own = [];
  for (const v of await axeViolations(p)) {
    const nodes = [];
    for (const n of v.nodes)
      if (
        await p
          .locator(n.target)
          .first()
          .evaluate((el, s) => !!el.closest(s), selector)
      )
        nodes.push(n);
    if (nodes.length > 0) own.push({ ...v, nodes });
  }
  return describeViolations(selector, own);
}

const shot = (p: Page, name: string) =>
  p.screenshot({ path: `/tmp/offers-${name}.png`, fullPage: true });

it('a member registers an offer, links it to a matching need, follows it up and records a sponsorship', async () => {
  const [coord] = await seedAccounts(app.server.dataDir, [{ role: 'coordinator' }]);
  const d = makeHttpDevice(() => app.server.url, coord!.token);
  const site = { ...siteFields(), municipality: 'Fulda', quarter: 'Aschenberg' };
  const visit = { ...visitFields(site.id), date: '2026-06-10', status: 'in-progress' };
  const need = {
    ...followUpFields(visit.id, site.id),
    description: 'Hitzeschutz für Ältere',
    fieldId: 'climate',
    offerType: 'consultation',
  };
  d.enqueue('site', site.id, 'create', site);
  d.enqueue('visit', visit.id, 'create', visit);
  d.enqueue('followUp', need.id, 'create', need);
  await d.sync();

  const ctx = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  close = () => ctx.close();
  const p = await ctx.newPage();
  const errors = watchErrors(p);
  await signIn(p, app.server, await createAccount(app.server, { role: 'member' }));

  // The catalogue from the settings page, then a new offer.
  await p
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Einstellungen' })
    .click();
  await p.getByRole('link', { name: 'Angebote des Bündnisses' }).click();
  await p.getByRole('heading', { level: 1, name: 'Angebote des Bündnisses' }).waitFor();
  await p.getByRole('link', { name: '+ Neues Angebot' }).click();
  await p.getByRole('textbox', { name: 'Titel' }).fill('Klimaberatung für Quartiere');
  await p.getByRole('checkbox', { name: /^Klimaschutz/ }).check();
  await p
    .getByRole('textbox', { name: 'Organisation', exact: true })
    .first()
    .fill('Energieagentur');
  await p.getByRole('textbox', { name: 'E-Mail' }).fill('klima@example.org');
  await shot(p, 'new');
  await p.getByRole('button', { name: 'Angebot anlegen' }).click();
  await p.getByRole('heading', { level: 1, name: 'Klimaberatung für Quartiere' }).waitFor();
  const offerPath = new URL(p.url()).pathname;

  // The need on the visit page lists it as its match; link it and mark it agreed.
  await p.goto(`${app.server.url}/visits/${visit.id}`);
  const box = p.locator(`[data-need-offer="${need.id}"]`);
  await box.getByRole('button', { name: 'Verknüpfen: Klimaberatung für Quartiere' }).click();
  // The pressed button is gone: focus moves to the linked offer, not to the page's start.
  await expect
    .poll(() => p.evaluate(() => document.activeElement?.textContent))
    .toBe('Angebot des Bündnisses');
  await box.getByRole('combobox', { name: 'Stand der Verknüpfung' }).selectOption('agreed');
  await box.getByRole('textbox', { name: 'Was daraus wurde' }).fill('Termin am 3. Juli');
  await box.getByRole('textbox', { name: 'Was daraus wurde' }).blur();
  await expect
    .poll(() => box.getByRole('combobox', { name: 'Stand der Verknüpfung' }).inputValue())
    .toBe('agreed');
  await p.locator(`#fu-${need.id}`).screenshot({ path: '/tmp/offers-need.png' });

  // The offer's page lists the need with its state and note.
  await p.goto(`${app.server.url}${offerPath}`);
  const linked = p.locator(`[data-follow-up="${need.id}"]`);
  await linked.getByRole('link', { name: 'Fulda – Aschenberg' }).waitFor();
  await expect
    .poll(() => linked.getByRole('textbox', { name: 'Was daraus wurde' }).inputValue())
    .toBe('Termin am 3. Juli');
  expect(await linked.getByRole('combobox', { name: 'Stand der Verknüpfung' }).inputValue()).toBe(
    'agreed',
  );
  await shot(p, 'offer');
  // The owner's page with its folded edit form open meets WCAG A/AA (axe).
  await p.getByText('Angebot bearbeiten').click();
  expect(describeViolations('offer page', await axeViolations(p))).toEqual([]);

  // The site's sponsorships: the member records one, running since today.
  await linked.getByRole('link', { name: 'Fulda – Aschenberg' }).click();
  const sponsorships = p.getByRole('region', { name: 'Patenschaften' });
  await sponsorships.getByRole('button', { name: '+ Patenschaft hinzufügen' }).click();
  await sponsorships
    .getByRole('textbox', { name: 'Projekt (leer: ganzer Standort)' })
    .fill('Stadtteilgarten');
  await sponsorships.getByRole('textbox', { name: 'Name' }).fill('R. Pate');
  await sponsorships.getByRole('textbox', { name: 'Organisation' }).fill('Energieagentur');
  await sponsorships.getByRole('button', { name: 'Patenschaft speichern' }).click();
  await expect // the closed form hands focus back to its button
    .poll(() => p.evaluate(() => document.activeElement?.textContent))
    .toBe('+ Patenschaft hinzufügen');
  const card = sponsorships.locator('.sp-card');
  await expect
    .poll(() => card.textContent())
    .toMatch(/Stadtteilgarten läuft.*R\. Pate \(Energieagentur\)/);
  await sponsorships.screenshot({ path: '/tmp/offers-sponsorships.png' });
  await sponsorships
    .getByRole('button', { name: 'Patenschaft bearbeiten: Stadtteilgarten' })
    .click();
  expect(await violationsWithin(p, '.site-sponsorships')).toEqual([]);
  // Deleting asks first. Cancelled: the sponsorship stays, focus on its button; confirmed: it is
  // gone and focus lands on the section's heading.
  await sponsorships.getByRole('button', { name: 'Abbrechen' }).click();
  const del = sponsorships.getByRole('button', { name: 'Patenschaft löschen: Stadtteilgarten' });
  const asked: string[] = [];
  p.once('dialog', (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await del.click();
  await expect
    .poll(() => asked)
    .toEqual(['Patenschaft „Stadtteilgarten“ (R. Pate (Energieagentur)) löschen?']);
  expect(await card.count()).toBe(1);
  expect(await p.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
    'Patenschaft löschen: Stadtteilgarten',
  );
  p.once('dialog', (dialog) => void dialog.accept());
  await del.click();
  await expect.poll(() => card.count()).toBe(0);
  await expect
    .poll(() => p.evaluate(() => document.activeElement?.textContent))
    .toBe('Patenschaften');

  // The catalogue: the member's own offer with its one open link.
  await p.goto(`${app.server.url}/offers`);
  await expect
    .poll(() => p.getByRole('region', { name: 'Meine Angebote' }).textContent())
    .toContain('1 offene Verknüpfung');
  await shot(p, 'list');
  expect(errors).toEqual([]);
}, 30_000);
