// The coordinators' overview as a heat map in real Chromium at phone size: two sites' visits,
// ratings and needs written through the real sync API, then the map shows coverage, switches to
// the outside view and the open needs, the table behind it has the same numbers, the recurring
// need links into the needs list. Screenshots: /tmp/overview-heat-*.png.
import { afterAll, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { FIELDS_BY_THEME } from '../../src/shared/domain/action-fields';
import { fieldRatingId } from '../../src/shared/domain/schemas';
import { PHONE, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { until } from './support/capture';
import { RELIABILITY_PASSWORD, seedAccounts, signIn } from '../support/accounts';
import { makeHttpDevice } from '../support/devices';
import { followUpFields, observationFields, siteFields, visitFields } from '../support/rows';

const app = serveBuiltApp();
let close: (() => Promise<void>) | undefined;
afterAll(async () => close?.());

const col = (id: string) => FIELDS_BY_THEME.findIndex((f) => f.id === id);

async function seed(dataDir: string) {
  const [coord] = await seedAccounts(dataDir, [{ role: 'coordinator' }]);
  const d = makeHttpDevice(() => app.server.url, coord!.token);
  const a = { ...siteFields(), municipality: 'Offenbach', quarter: 'Nordend' };
  const b = {
    ...siteFields(),
    municipality: 'Fulda',
    quarter: 'Aschenberg',
    phase: 'implementation' as const,
  };
  // Kassel's only visit is planned, years ahead: not visited yet.
  const c = { ...siteFields(), municipality: 'Kassel', quarter: 'Nordstadt' };
  for (const s of [a, b, c]) d.enqueue('site', s.id, 'create', s);
  const v1 = { ...visitFields(a.id), date: '2026-03-10' };
  const v2 = { ...visitFields(a.id), date: '2026-07-02' };
  const v3 = { ...visitFields(b.id), date: '2026-09-01', phase: 'implementation' as const };
  const v4 = { ...visitFields(c.id), date: '2099-03-01', status: 'planned' };
  for (const v of [v1, v2, v3, v4]) d.enqueue('visit', v.id, 'create', v);
  for (const v of [v1, v2]) {
    const o = { ...observationFields(v.id), fieldId: 'mobility' };
    d.enqueue('observation', o.id, 'create', o);
  }
  const rate = (
    visitId: string,
    perspective: 'outside' | 'local',
    fieldId: string,
    rating: number,
  ) => {
    const id = fieldRatingId(visitId, perspective, fieldId);
    d.enqueue('fieldRating', id, 'create', { id, visitId, fieldId, perspective, rating, note: '' });
  };
  rate(v1.id, 'outside', 'mobility', 2);
  rate(v2.id, 'outside', 'mobility', 4);
  rate(v3.id, 'local', 'housing', 5);
  for (const [v, s] of [
    [v1, a],
    [v3, b],
  ] as const) {
    const n = {
      ...followUpFields(v.id, s.id, uuidv7()),
      fieldId: 'participation',
      dueDate: '2026-01-01',
    };
    d.enqueue('followUp', n.id, 'create', n);
  }
  while (d.outbox.length > 0) {
    const { acks } = await d.sync(50);
    const refused = acks.filter((x) => x.result.status === 'rejected');
    if (refused.length) throw new Error(`seed refused: ${JSON.stringify(refused[0]!.result)}`);
  }
  return coord!;
}

it('a coordinator reads the heat map on a phone: coverage, outside view, open needs, the table behind it', async () => {
  const coord = await seed(app.server.dataDir);
  const ctx = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  close = () => ctx.close();
  const p = await ctx.newPage();
  const errors = watchErrors(p);
  await signIn(p, app.server, {
    email: coord.email,
    password: RELIABILITY_PASSWORD,
    name: 'Gerät 0',
    role: 'coordinator',
  });
  await p.goto(`${app.server.url}/overview`);
  const map = p.getByRole('img', { name: /^Abdeckung: 3 Standorte × 10 Handlungsfelder/ });
  await until(
    'seeded sites pulled',
    async () => {
      // isVisible does not wait: give the page time to pull and render before loading it again.
      await p.goto(`${app.server.url}/overview`);
      return map.waitFor({ timeout: 8_000 }).then(
        () => true,
        () => false,
      );
    },
    60_000,
  );

  // The table behind the picture, row by site, a column per field.
  await p.getByText('Als Tabelle').click();
  const table = p.locator('.heat-table table');
  const cell = (site: string, field: string) =>
    table
      .locator('tbody tr', { has: p.getByRole('rowheader', { name: new RegExp(site) }) })
      .locator('td')
      .nth(col(field))
      .locator('strong');
  expect(await cell('Offenbach', 'mobility').textContent()).toBe('2');
  expect(await cell('Offenbach', 'housing').textContent()).toBe('0');
  expect(await cell('Fulda', 'mobility').textContent()).toBe('0');
  // A planned visit is no visit yet: '–' (not visited), not 0, and the site's line says why.
  expect(await cell('Kassel', 'mobility').textContent()).toBe('–');
  expect(await table.getByRole('rowheader', { name: /Kassel/ }).textContent()).toContain(
    '0 Besuche · 1 geplant',
  );
  await p.screenshot({ path: '/tmp/overview-heat-coverage.png', fullPage: true });

  await p.getByRole('radio', { name: 'Außensicht' }).check();
  await p
    .getByRole('img', {
      name: /^Außensicht: .*höchster Wert 4 \(Offenbach – Nordend, Nachhaltige Mobilität\)/,
    })
    .waitFor();
  expect(await cell('Offenbach', 'mobility').textContent()).toBe('4');
  expect(await cell('Fulda', 'housing').textContent()).toBe('–');

  await p.getByRole('radio', { name: 'Offene Bedarfe' }).check();
  expect(await cell('Fulda', 'participation').textContent()).toBe('1');
  await expect
    .poll(() => p.locator('.heat-cells .heat-mark').allTextContents())
    .toEqual(['!1', '!1']);
  const link = p.getByRole('link', { name: 'Diese Bedarfe in der Bedarfsliste' });
  expect(await link.getAttribute('href')).toBe(
    '/needs?field=participation&offer=consultation&kind=need',
  );
  await p.locator('.heat-scroll').screenshot({ path: '/tmp/overview-heat-grid.png' });
  // The grid scrolls sideways inside its box; the page itself does not.
  const scrolled = await p.locator('.heat-scroll').evaluate((el) => {
    el.scrollBy(200, 0);
    return el.scrollLeft;
  });
  expect(scrolled).toBeGreaterThan(0);
  expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    PHONE.width,
  );
  await p.getByRole('img', { name: /^Offene Bedarfe/ }).scrollIntoViewIfNeeded();
  await p.screenshot({ path: '/tmp/overview-heat-needs.png' });
  // 320 px wide: still only the grid's box scrolls sideways.
  await p.setViewportSize({ width: 320, height: 700 });
  const box = await p
    .locator('.heat-scroll')
    .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(box.scroll).toBeGreaterThan(box.client);
  expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await p.screenshot({ path: '/tmp/overview-heat-320.png', fullPage: true });
  await p.setViewportSize({ width: 1280, height: 900 });
  await p.getByRole('img', { name: /^Offene Bedarfe/ }).scrollIntoViewIfNeeded();
  await p.screenshot({ path: '/tmp/overview-heat-desktop.png' });

  // A filter chosen from the keyboard keeps its control, the focus and the map in place while the
  // overview of the new filter is built (the page never gives way to a loading line).
  await p.evaluate(() => {
    const g = globalThis as { __pageGaveWay?: boolean };
    new MutationObserver(() => {
      if (!document.querySelector('main .overview-page')) g.__pageGaveWay = true;
    }).observe(document.querySelector('main')!, { childList: true, subtree: true });
  });
  const phase = p.getByRole('combobox', { name: 'Phase des Besuchs' });
  await phase.focus();
  await phase.selectOption({ label: 'Umsetzung' });
  await p.locator('.overview-page[aria-busy="false"] > .meta', { hasText: 'Umsetzung' }).waitFor();
  await p.getByRole('img', { name: /^Offene Bedarfe/ }).waitFor();
  expect(await phase.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await p.evaluate(() => (globalThis as { __pageGaveWay?: boolean }).__pageGaveWay)).toBe(
    undefined,
  );
  expect(errors).toEqual([]);
});
