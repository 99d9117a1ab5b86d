// The briefing offline on a 390 px phone, in real Chromium against the real server: two visits
// at a site are seeded through the server by a coordinator (with a photo whose bytes the server
// holds); a member's device syncs once online, then offline opens the site for the first time
// and reads per action field the last visits' findings, their ratings with who recorded them,
// the photo thumbnail, the open follow-ups and what changed since the previous visit; a new
// visit started offline shows the previous findings collapsed above each field.
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readAppDb } from './support/app-db';
import { waitForServiceWorker, watchErrors } from './support/browser';
import { servePersistentApp } from './support/built-app';
import { imagesShown, noSideways } from './support/journey';
import { type Account, createAccount, signIn } from '../support/accounts';
import { makeHttpDevice, uploadPhoto } from '../support/devices';
import { fieldRatingId } from '../../src/shared/domain/schemas';
import {
  followUpFields,
  observationFields,
  photoFields,
  siteFields,
  visitFields,
} from '../support/rows';
import type { RunningServer } from '../support/server-process';

const app = servePersistentApp('sb-briefing-');
const HOUSING = 'Wohnen und Wohnumfeld';
const CLIMATE =
  'Klimaschutz, Klimafolgenanpassung, grün-blaue Infrastruktur und Umweltgerechtigkeit';

/** A JPEG of `w`×`h` drawn in the page (green with a light square): real bytes a browser decodes. */
async function jpegFromPage(page: Page, w: number, h: number): Promise<Buffer> {
  const b64 = await page.evaluate(
    async ([w, h]) => {
      const canvas = new OffscreenCanvas(w!, h!);
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#2e7d32';
      g.fillRect(0, 0, w!, h!);
      g.fillStyle = '#e8f5e9';
      g.fillRect(w! / 4, h! / 4, w! / 2, h! / 2);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      return btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
    },
    [w, h],
  );
  return Buffer.from(b64, 'base64');
}

async function tokenOf(server: RunningServer, who: Account): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** Two past visits at one site, recorded by `who` through the sync API; the site and the thumbnail. */
async function seedTwoVisits(
  server: RunningServer,
  who: Account,
  page: Page,
): Promise<{ siteId: string; thumbSha256: string }> {
  const token = await tokenOf(server, who);
  const device = makeHttpDevice(() => server.url, token);
  const site = {
    ...siteFields(),
    municipality: 'Hanau',
    quarter: 'Lamboy',
    phase: 'implementation',
  };
  const earlier = { ...visitFields(site.id), date: '2025-10-01', status: 'done' };
  const previous = { ...visitFields(site.id), date: '2026-05-04', status: 'done' };
  const finding = (visitId: string, fields: object) => ({
    ...observationFields(visitId),
    ...fields,
  });
  const yards = finding(previous.id, {
    fieldId: 'housing',
    kind: 'strength',
    rating: 4,
    text: 'Hofsanierung begonnen, Mieter loben die neuen Bänke',
  });
  const image = await jpegFromPage(page, 1200, 900);
  const thumb = await jpegFromPage(page, 320, 240);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const photo = {
    ...photoFields(previous.id, sha(image)),
    observationId: yards.id,
    thumbSha256: sha(thumb),
    width: 1200,
    height: 900,
    bytes: image.length,
    caption: 'Innenhof Lamboystraße',
  };
  const records: [string, { id: string; [k: string]: unknown }][] = [
    ['site', site],
    ['visit', earlier],
    ['visit', previous],
    [
      'observation',
      finding(earlier.id, {
        fieldId: 'housing',
        kind: 'challenge',
        rating: 2,
        text: 'Hinterhöfe ungepflegt',
      }),
    ],
    ['observation', yards],
    [
      'observation',
      finding(previous.id, {
        fieldId: 'climate',
        kind: 'recommendation',
        rating: 3,
        text: 'Schattenplätze am Marktplatz schaffen',
      }),
    ],
    ['photo', photo],
    // The visitors' outside view of housing at both visits: what "since the previous visit" compares.
    ...(['earlier', 'previous'] as const).map(
      (which, i): [string, { id: string; [k: string]: unknown }] => {
        const visitId = (which === 'earlier' ? earlier : previous).id;
        return [
          'fieldRating',
          {
            id: fieldRatingId(visitId, 'outside', 'housing'),
            visitId,
            fieldId: 'housing',
            perspective: 'outside',
            rating: i === 0 ? 2 : 4,
            note: '',
          },
        ];
      },
    ),
    [
      'followUp',
      {
        ...followUpFields(previous.id, site.id),
        fieldId: 'housing',
        description: 'Beratung zum Mieterbeirat',
        dueDate: '2027-01-31',
      },
    ],
  ];
  for (const [entity, fields] of records)
    device.enqueue(entity as never, fields.id, 'create', fields);
  const { acks } = await device.sync(50);
  expect(acks.map((a) => a.result.status)).toEqual(records.map(() => 'applied'));
  expect(await uploadPhoto(server.url, token, image, sha(image))).toBe(true);
  expect(await uploadPhoto(server.url, token, thumb, sha(thumb))).toBe(true);
  return { siteId: site.id, thumbSha256: photo.thumbSha256 };
}

it('shows the last visits’ findings, ratings with authors, photos and changes offline, and the previous findings on a new visit', async () => {
  const { server, browser: context } = app;
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width: 390, height: 844 });
  const errors = watchErrors(page);
  await page.goto(server.url);
  const coordinator = await createAccount(server, { name: 'Anna Albers', role: 'coordinator' });
  const member = await createAccount(server, { name: 'Ben Berger', role: 'member' });
  const { siteId, thumbSha256 } = await seedTwoVisits(server, coordinator, page);

  // Online once: sign in and let the app sync; the thumbnails follow in the background.
  await signIn(page, server, member);
  await waitForServiceWorker(page);
  await expect
    .poll(() => readAppDb(page, ({ get }, sha) => get('blobs', sha).then(Boolean), thumbSha256), {
      timeout: 30_000,
    })
    .toBe(true);

  // Offline from here on, and the site never opened before: everything comes from this device.
  await context.setOffline(true);
  await page.goto(`${server.url}/sites/${siteId}`);
  const briefing = page.getByRole('region', { name: 'Briefing für den nächsten Besuch' });
  const housing = briefing.getByRole('region', { name: HOUSING, exact: true });
  await housing.getByText('Hofsanierung begonnen', { exact: false }).waitFor({ timeout: 30_000 });

  // The last two visits that looked at housing, newest first, each with its date.
  const visits = housing.getByRole('group');
  await expect(visits.count()).resolves.toBe(2);
  await expect(visits.nth(0).textContent()).resolves.toContain('4. Mai 2026');
  await expect(visits.nth(1).textContent()).resolves.toContain('1. Okt. 2025');
  const latest = visits.nth(0).getByRole('listitem').filter({ hasText: 'Hofsanierung' });
  const text = (await latest.textContent()) ?? '';
  expect(text).toContain('Stärke');
  expect(text).toContain('4 / 5');
  expect(text).toContain('Erfasst von Anna Albers');
  await expect(visits.nth(1).textContent()).resolves.toMatch(
    /Herausforderung[\s\S]*2 \/ 5[\s\S]*Hinterhöfe ungepflegt[\s\S]*Erfasst von Anna Albers/,
  );
  // The photo's thumbnail, offline.
  await expect.poll(() => imagesShown(latest), { timeout: 10_000 }).toBe(true);
  await expect(latest.getByRole('button', { name: /Foto 1 von 1/ }).count()).resolves.toBe(1);
  // The open follow-up of that field.
  await expect(housing.textContent()).resolves.toContain('Beratung zum Mieterbeirat');

  // What changed between the last two visits.
  const since = briefing.getByRole('region', { name: 'Seit dem vorigen Besuch' });
  const sinceText = (await since.textContent()) ?? '';
  expect(sinceText).toMatch(/Wohnen und Wohnumfeld \(Außensicht\): 2 → 4/);
  expect(sinceText).toContain('Beratung zum Mieterbeirat'); // agreed at the latest visit
  expect(sinceText).toContain(CLIMATE); // newly covered
  // A field nobody looked at yet is named, not left blank.
  await expect(briefing.textContent()).resolves.toContain('Nachhaltige Mobilität');
  expect(await noSideways(page)).toBe(true);
  await page.screenshot({ path: '/tmp/briefing-site-390.png', fullPage: true });

  // A new visit, offline: each field shows the previous findings, collapsed.
  await page.getByRole('link', { name: 'Neuer Besuch an diesem Standort' }).click();
  await page.getByRole('button', { name: 'Besuch anlegen' }).click();
  await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
  const field = page.locator('#field-housing');
  const before = field.locator('details.previous-findings');
  await before.waitFor({ state: 'attached' });
  await expect(before.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(false);
  await expect(before.locator('summary').textContent()).resolves.toMatch(
    /Voriger Besuch.*4\. Mai 2026/,
  );
  await expect(
    before.getByText('Hofsanierung begonnen', { exact: false }).isVisible(),
  ).resolves.toBe(false);
  // Collapsed, the findings are not rendered yet (the page holds such a section per field).
  await expect(before.locator('li.finding').count()).resolves.toBe(0);
  await before.locator('summary').click();
  await expect(
    before.getByText('Hofsanierung begonnen', { exact: false }).isVisible(),
  ).resolves.toBe(true);
  await expect(before.textContent()).resolves.toContain('Erfasst von Anna Albers');
  await expect.poll(() => imagesShown(before), { timeout: 10_000 }).toBe(true);
  // Printing opens every section: the findings of the sections still closed are rendered then.
  const climate = page.locator('#field-climate details.previous-findings');
  await expect(climate.locator('li.finding').count()).resolves.toBe(0);
  await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
  await expect(climate.locator('li.finding').count()).resolves.toBeGreaterThan(0);
  // Fields the previous visit did not cover show nothing of it.
  await expect(page.locator('#field-mobility details.previous-findings').count()).resolves.toBe(0);
  expect(await noSideways(page)).toBe(true);
  await field.screenshot({ path: '/tmp/briefing-visit-field-390.png' });

  await context.setOffline(false);
  expect(
    errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e)),
  ).toEqual([]);
});
