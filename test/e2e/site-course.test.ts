// A site's course over time on a 390 px phone, in real Chromium against the real server: three
// held visits over three phases and a planned one are seeded through the sync API by a
// coordinator (observations, ratings of both perspectives, advisory needs opened and closed);
// the site page's "Entwicklung" shows the phase runs, covered fields, needs per visit and one
// chart per rated field with its numbers. Screenshot: /tmp/site-course-390.png.
import { expect, it } from 'vitest';
import { PHONE, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { type Account, createAccount, signIn } from '../support/accounts';
import { makeHttpDevice } from '../support/devices';
import { followUpFields, observationFields, siteFields, visitFields } from '../support/rows';
import { fieldRatingId } from '../../src/shared/domain/schemas';
import type { RunningServer } from '../support/server-process';

const app = serveBuiltApp();

async function seed(server: RunningServer, who: Account): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  const { token } = (await res.json()) as { token: string };
  const device = makeHttpDevice(() => server.url, token);
  const site = {
    ...siteFields(),
    municipality: 'Hanau',
    quarter: 'Lamboy',
    phase: 'implementation',
  };
  const visit = (date: string, phase: string, status: string) => ({
    ...visitFields(site.id),
    date,
    phase,
    status,
  });
  const v1 = visit('2024-03-10', 'area-selection', 'done');
  const v2 = visit('2024-10-05', 'isek', 'done');
  const v3 = visit('2025-06-01', 'implementation', 'done');
  const v4 = visit('2026-09-01', 'implementation', 'planned');
  const obs = (visitId: string, fieldId: string) => ({ ...observationFields(visitId), fieldId });
  const rate = (visitId: string, perspective: string, fieldId: string, rating: number) => ({
    id: fieldRatingId(visitId, perspective, fieldId),
    visitId,
    perspective,
    fieldId,
    rating,
    note: '',
  });
  const need = (visitId: string, status: string, closedAt: string | null) => ({
    ...followUpFields(visitId, site.id),
    status,
    closedAt,
  });
  const records: [string, { id: string }][] = [
    ['site', site],
    ...[v1, v2, v3, v4].map((v) => ['visit', v] as [string, { id: string }]),
    ['observation', obs(v1.id, 'housing')],
    ['observation', obs(v2.id, 'participation')],
    ['observation', obs(v2.id, 'climate')],
    ['fieldRating', rate(v1.id, 'outside', 'housing', 2)],
    ['fieldRating', rate(v1.id, 'local', 'housing', 3)],
    ['fieldRating', rate(v2.id, 'outside', 'housing', 3)],
    ['fieldRating', rate(v3.id, 'outside', 'housing', 4)],
    ['fieldRating', rate(v3.id, 'local', 'housing', 3)],
    ['fieldRating', rate(v2.id, 'outside', 'climate', 4)],
    ['followUp', need(v1.id, 'open', null)],
    ['followUp', need(v1.id, 'done', '2024-09-01')],
    ['followUp', need(v2.id, 'dropped', '2025-07-01')],
  ];
  for (const [entity, fields] of records)
    device.enqueue(entity as never, fields.id, 'create', fields);
  const { acks } = await device.sync(50);
  expect(acks.map((a) => a.result.status)).toEqual(records.map(() => 'applied'));
  return site.id;
}

it('shows the course: phase runs, covered fields, needs per visit and a chart per rated field', async () => {
  const coordinator = await createAccount(app.server, { role: 'coordinator' });
  const siteId = await seed(app.server, coordinator);
  const ctx = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await signIn(page, app.server, coordinator);
  await page.goto(`${app.server.url}/sites/${siteId}`);
  const course = page.getByRole('region', { name: 'Entwicklung' });
  await course.locator('.course-visit').nth(3).waitFor({ timeout: 20_000 });

  await expect(course.locator('.course-phase h4').allTextContents()).resolves.toEqual([
    'Gebietsauswahl (1 Besuch)',
    'ISEK-Erarbeitung (1 Besuch)',
    'Umsetzung (2 Besuche)',
  ]);
  const lines = await course.locator('.course-visit').allTextContents();
  expect(lines[0]).toContain('1 von 10 Handlungsfeldern');
  expect(lines[0]).toContain('Beratungsbedarfe: 2 neu · 0 geschlossen · 2 offen');
  expect(lines[1]).toContain('3 von 10 Handlungsfeldern');
  expect(lines[1]).toContain('Beratungsbedarfe: 1 neu · 1 geschlossen · 2 offen');
  expect(lines[2]).toContain('1 von 10 Handlungsfeldern');
  expect(lines[3]).toContain('Geplant, noch nichts erfasst');
  await expect(
    course.getByRole('img', { name: /^Betrachtet: Beteiligung, Wohnen, Klima$/ }).count(),
  ).resolves.toBe(1);
  await expect(course.textContent()).resolves.toContain('Jetzt offen: 1');

  await expect(course.textContent()).resolves.toContain(
    'Der Hintergrund wechselt mit der Programmphase: Gebietsauswahl 03/24 · ISEK-Erarbeitung 10/24 · Umsetzung 06/25–09/26.',
  );
  const charts = course.locator('figure.course-field');
  await expect(charts.locator('figcaption').allTextContents()).resolves.toEqual([
    'Wohnen und Wohnumfeld',
    'Klimaschutz, Klimafolgenanpassung, grün-blaue Infrastruktur und Umweltgerechtigkeit',
  ]);
  const housing = charts.first();
  await expect(housing.getByRole('img').getAttribute('aria-label')).resolves.toBe(
    'Wohnen und Wohnumfeld. Außensicht: 2 am 10.03.2024, 3 am 05.10.2024, 4 am 01.06.2025. Selbsteinschätzung: 3 am 10.03.2024, 3 am 01.06.2025.',
  );
  await expect(housing.locator('circle.dot').count()).resolves.toBe(3);
  await expect(housing.locator('rect.dot').count()).resolves.toBe(2);
  await housing.locator('summary').click();
  await expect(housing.locator('tbody tr').allInnerTexts()).resolves.toEqual([
    '10.03.2024\nGebietsauswahl\n\t2\t3',
    '05.10.2024\nISEK-Erarbeitung\n\t3\t–',
    '01.06.2025\nUmsetzung\n\t4\t3',
  ]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
  await course.screenshot({ path: '/tmp/site-course-390.png' });
  await housing.screenshot({ path: '/tmp/site-course-chart-390.png' });
  expect(errors).toEqual([]);
  await ctx.close();
});
