// Each role's day, end to end, through the screens only, in real Chromium against the real server
// process on the built app: the coordinator (desk, 1280×800) sets up two sites, invites a member
// and a Quartiersmanagement account bound to one site, and plans a visit; the member (phone,
// 390×844, persistent profile) redeems the invite, captures the whole visit offline (checklist,
// the ten action fields with ratings, photos, a follow-up, a participant), relaunches the browser
// offline, finds everything and syncs; the Quartiersmanagement (a second phone) adds the local
// view at its one site; member and coordinator change the same text and the coordinator keeps
// the member's value by name; the coordinator on a new device exports the PDF (with the photos
// and the authors) and the CSV data; the member's phone reads the briefing offline and sees the
// previous findings on a new visit. The steps run in order and share the day's state.
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTION_FIELDS } from '../../src/shared/domain/action-fields';
import { strictCsv } from '../client/reports/strict-csv';
import { pdfText } from '../client/reports/helpers';
import { signIn } from '../support/accounts';
import { PHONE } from './support/browser';
import {
  addPhotos,
  armSaveWatch,
  download,
  drawJpeg,
  observationTextIn,
  savedOnDevice,
  until,
} from './support/capture';
import {
  ADMIN,
  DESK,
  type Person,
  device,
  imagesShown,
  installed,
  inviteOnUsersPage,
  nav,
  noSideways,
  observe,
  pdfImages,
  phone,
  redeemInvite,
  serveJourney,
  syncedHere,
} from './support/journey';

const day = serveJourney();
const SITE = 'Kassel – Nordstadt';
const OTHER_SITE = 'Kassel – Wesertor';
const MEMBER = { name: 'Mia Mitglied', email: 'mia@journey.example.org', pw: 'mias-passwort-1' };
const QM = { name: 'Quentin Quartier', email: 'qm@journey.example.org', pw: 'qms-passwort-12' };
const HOUSING = 'Wohnen und Wohnumfeld';
const PARTICIPATION = ACTION_FIELDS.find((f) => f.id === 'participation')!.de;
const CHECK_DONE = [
  'Termin mit Kommune und Quartiersmanagement abgestimmt',
  'Ziele des Besuchs formuliert',
];
const CHECK_NA = 'Route durch das Quartier geplant';
const CHECK_NOTE = 'Route kommt vom Quartiersmanagement';
const HOUSING_TEXT = 'Hofsanierung begonnen, Bänke fehlen';
const MEMBER_EDIT = 'Hofsanierung begonnen, Bänke bestellt';
const DESK_EDIT = 'Hofsanierung begonnen, Bänke fehlen noch immer';
const FOLLOW_UP = 'Beratung zum Mieterbeirat';
const GUEST = 'Gerda Gast';
const QM_TEXT = 'Bewohnerrat trifft sich monatlich, junge Leute fehlen';

/** What the steps hand on to each other. */
const s: {
  coordinator?: Person;
  member?: Person;
  qm?: Person;
  memberCode?: string;
  qmCode?: string;
  visitPath?: string;
} = {};
const need = <T>(v: T | undefined, what: string): T => {
  if (v === undefined) throw new Error(`an earlier step did not leave ${what}`);
  return v;
};
afterAll(async () => {
  for (const p of [s.coordinator, s.qm, s.member]) await p?.ctx.close().catch(() => {});
});

let shot = 0;
/** The phone's or desk's screen as a person sees it, with `at` (if given) in the middle of it. */
async function screenshot(page: Page, name: string, at?: Locator): Promise<void> {
  await at?.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  // Cards off screen are painted only once near (content-visibility): let two frames pass.
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
  await page.screenshot({
    path: join(day.shots, `${String(++shot).padStart(2, '0')}-${name}.png`),
  });
}

const fieldRegion = (page: Page, field: string) =>
  page.getByRole('region', { name: field, exact: true });

/** Opens the day's visit from the visit list (as a person finds it). */
async function openVisit(page: Page): Promise<void> {
  await nav(page, 'Besuche');
  await page
    .getByRole('link', { name: new RegExp(SITE) })
    .first()
    .click();
  await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { level: 1, name: SITE }).waitFor();
}

/** The housing observation's text box (the first card of the field). */
/** The housing card's text box, its section scrolled into view (far cards wait until then). */
const housingText = (page: Page) => observationTextIn(fieldRegion(page, HOUSING));

describe.sequential("each role's day", () => {
  it('1. the coordinator sets up the sites, invites a member and the Quartiersmanagement, and plans a visit', async () => {
    const c = (s.coordinator = await device(day.browser, DESK));
    await signIn(c.page, day.server, ADMIN); // the bootstrap coordinator, through the login form
    for (const quarter of ['Nordstadt', 'Wesertor']) {
      await nav(c.page, 'Standorte');
      await c.page.getByRole('link', { name: 'Neuer Standort' }).click();
      await c.page.getByRole('textbox', { name: 'Kommune' }).fill('Kassel');
      await c.page.getByRole('textbox', { name: 'Quartier' }).fill(quarter);
      await c.page.getByRole('combobox', { name: 'Programmphase' }).selectOption('implementation');
      await c.page.getByRole('button', { name: 'Standort anlegen' }).click();
      await c.page.getByRole('heading', { level: 1, name: `Kassel – ${quarter}` }).waitFor();
    }
    await syncedHere(c.page); // the QM's site binding needs the site on the server

    await nav(c.page, 'Einstellungen');
    await c.page.getByRole('link', { name: 'Benutzerverwaltung' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'Benutzer' }).waitFor();
    s.memberCode = await inviteOnUsersPage(c.page, {
      name: MEMBER.name,
      email: MEMBER.email,
      role: 'Bündnismitglied',
    });
    s.qmCode = await inviteOnUsersPage(c.page, {
      name: QM.name,
      email: QM.email,
      role: 'Quartiersmanagement',
      site: SITE,
    });
    expect(s.memberCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(s.qmCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const qmCard = c.page.getByTestId('user-row').filter({ hasText: QM.name });
    await expect(qmCard.getByTestId('account-binding').textContent()).resolves.toBe(
      `Quartiersmanagement · ${SITE}`,
    );
    await screenshot(c.page, 'coordinator-users', qmCard);

    // The visit, planned at the site.
    await nav(c.page, 'Standorte');
    await c.page.getByRole('link', { name: SITE }).click();
    await c.page.getByRole('link', { name: 'Neuer Besuch an diesem Standort' }).click();
    await c.page.getByLabel('Datum').fill('2026-11-24');
    await c.page.getByRole('button', { name: 'Besuch anlegen' }).click();
    await c.page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
    s.visitPath = new URL(c.page.url()).pathname;
    await expect
      .poll(() => c.page.locator('.visit-head .meta').innerText())
      .toContain('24. Nov. 2026');
    await syncedHere(c.page);
    await screenshot(c.page, 'coordinator-visit');
    expect(c.errors()).toEqual([]);
  }, 120_000);

  it('2. the member redeems the invite on a phone, captures the visit offline, relaunches offline and syncs', async () => {
    let m = (s.member = await phone(day.profile));
    await redeemInvite(m.page, day.server.url, need(s.memberCode, 'an invite'), MEMBER.pw);
    await installed(m.page);
    await openVisit(m.page); // the planned visit arrived with the first sync
    await m.ctx.setOffline(true);

    // Checklist: two items done, one not applicable.
    await m.page.getByText('Vorbereitung', { exact: true }).click();
    for (const item of CHECK_DONE)
      await m.page
        .getByRole('group', { name: item })
        .getByRole('radio', { name: 'Erledigt' })
        .check();
    await m.page
      .getByRole('group', { name: CHECK_NA })
      .getByRole('radio', { name: 'Entfällt' })
      .check();
    await m.page.getByRole('textbox', { name: `Notiz: ${CHECK_NA}` }).fill(CHECK_NOTE);
    const prep = m.page.locator('details.checklist').first();
    await expect
      .poll(() => prep.locator('summary .meta').innerText())
      .toMatch(/^2 erledigt · 1 entfällt · \d+ offen$/);

    // An observation in each of the ten action fields, with kind and rating.
    for (const [i, field] of ACTION_FIELDS.entries()) {
      await observe(m.page, field.de, {
        text: field.id === 'housing' ? HOUSING_TEXT : `Mia sieht ${field.id}`,
        kind: i % 2 ? 'Herausforderung' : 'Stärke',
        rating: (i % 5) + 1,
      });
    }
    // Housing: rating 4 and two photos on the card; one photo of the visit as a whole.
    const housingCard = fieldRegion(m.page, HOUSING).locator('fieldset.obs').first();
    await housingCard.getByRole('combobox', { name: 'Bewertung' }).selectOption('4');
    await addPhotos(
      m.page,
      [
        { name: 'hof-1.jpg', buffer: await drawJpeg(m.page, 1, 1200, 900) },
        { name: 'hof-2.jpg', buffer: await drawJpeg(m.page, 2, 1200, 900) },
      ],
      housingCard.getByRole('region', { name: /^Fotos: / }),
    );
    await addPhotos(m.page, [
      { name: 'strasse.jpg', buffer: await drawJpeg(m.page, 3, 1200, 900) },
    ]);
    // Every field is covered (the strip counts them).
    for (const field of ACTION_FIELDS)
      await expect(
        m.page.getByRole('link', { name: `${field.de}: mit Beobachtung (1)` }).count(),
      ).resolves.toBe(1);

    // A follow-up with a due date and its field.
    await m.page.locator('#fu-new').fill(FOLLOW_UP);
    await m.page.getByRole('button', { name: '+ Punkt hinzufügen' }).click();
    const fu = m.page.locator('fieldset.fu').first();
    await fu.waitFor();
    await fu.getByLabel('Fällig am').fill('2027-01-31');
    await fu.getByRole('combobox', { name: 'Handlungsfeld' }).selectOption('housing');

    // A participant, shown at once (offline, no reload).
    await m.page.getByText('Besuchsdaten', { exact: true }).click();
    await armSaveWatch(m.page);
    await m.page.getByLabel('Name', { exact: true }).last().fill(GUEST);
    await m.page.getByRole('button', { name: '+ Person hinzufügen' }).click();
    const guest = m.page.getByRole('group', { name: 'Teilnehmende Person 1' });
    await guest.waitFor({ timeout: 5_000 });
    await expect(guest.getByRole('textbox', { name: 'Name' }).inputValue()).resolves.toBe(GUEST);
    await m.page.getByRole('heading', { level: 1 }).click(); // blur: the last field saves
    await savedOnDevice(m.page);
    await until('header says offline', async () =>
      /Offline/.test((await m.page.getByTestId('sync-state').textContent()) ?? ''),
    );
    expect(await noSideways(m.page)).toBe(true);
    await screenshot(m.page, 'member-offline-capture', housingCard);
    expect(m.errors()).toEqual([]);

    // Close the browser; relaunch, still offline: everything is there.
    await m.ctx.close();
    m = s.member = await phone(day.profile);
    await m.ctx.setOffline(true);
    await m.page.goto(day.server.url);
    await openVisit(m.page);
    for (const field of ACTION_FIELDS) {
      const text = await observationTextIn(fieldRegion(m.page, field.de));
      await expect
        .poll(() => text.inputValue(), { timeout: 15_000 })
        .toBe(field.id === 'housing' ? HOUSING_TEXT : `Mia sieht ${field.id}`);
    }
    await expect(
      fieldRegion(m.page, HOUSING).getByRole('combobox', { name: 'Bewertung' }).inputValue(),
    ).resolves.toBe('4');
    await m.page.getByText('Vorbereitung', { exact: true }).click();
    for (const item of CHECK_DONE)
      await expect(
        m.page
          .getByRole('group', { name: item })
          .getByRole('radio', { name: 'Erledigt' })
          .isChecked(),
      ).resolves.toBe(true);
    await expect(
      m.page
        .getByRole('group', { name: CHECK_NA })
        .getByRole('radio', { name: 'Entfällt' })
        .isChecked(),
    ).resolves.toBe(true);
    await expect(
      m.page.getByRole('textbox', { name: `Notiz: ${CHECK_NA}` }).inputValue(),
    ).resolves.toBe(CHECK_NOTE);
    await expect(
      m.page.locator('fieldset.fu').first().getByLabel('Beschreibung').inputValue(),
    ).resolves.toBe(FOLLOW_UP);
    await expect(
      m.page.locator('fieldset.fu').first().getByLabel('Fällig am').inputValue(),
    ).resolves.toBe('2027-01-31');
    const photosOnCard = fieldRegion(m.page, HOUSING)
      .getByRole('region', { name: /^Fotos: / })
      .first();
    await expect.poll(() => imagesShown(photosOnCard)).toBe(true);
    await expect(photosOnCard.getByRole('listitem').count()).resolves.toBe(2);
    await m.page.getByText('Besuchsdaten', { exact: true }).click();
    await expect(
      m.page
        .getByRole('group', { name: 'Teilnehmende Person 1' })
        .getByRole('textbox', { name: 'Name' })
        .inputValue(),
    ).resolves.toBe(GUEST);

    // Online: the header ends on "Synchronisiert um …" with nothing left to send.
    await m.ctx.setOffline(false);
    const state = await syncedHere(m.page);
    expect(state).toMatch(/^✓Synchronisiert um \d\d:\d\d$/);
    await screenshot(m.page, 'member-synced');
    expect(m.errors()).toEqual([]);
  }, 240_000);

  it('3. the Quartiersmanagement adds the local view, at its one site, without site creation', async () => {
    const q = (s.qm = await device(day.browser, PHONE));
    await redeemInvite(q.page, day.server.url, need(s.qmCode, 'an invite'), QM.pw);
    await nav(q.page, 'Standorte');
    await q.page.getByRole('link', { name: SITE }).waitFor({ timeout: 30_000 });
    await expect(q.page.getByRole('link', { name: OTHER_SITE }).count()).resolves.toBe(0);
    await expect(q.page.getByText('Neuer Standort').count()).resolves.toBe(0);
    expect(await noSideways(q.page)).toBe(true);
    await screenshot(q.page, 'qm-sites');

    await openVisit(q.page);
    // The member's findings are there; the QM's own note starts in the local view.
    await expect
      .poll(async () => (await housingText(q.page)).inputValue(), { timeout: 30_000 })
      .toBe(HOUSING_TEXT);
    const card = await observe(q.page, PARTICIPATION, {
      text: QM_TEXT,
      kind: 'Herausforderung',
      rating: 2,
    });
    await expect(card.getByRole('combobox', { name: 'Perspektive' }).inputValue()).resolves.toBe(
      'local',
    );
    await expect(card.getByText('Innensicht (vor Ort)').first().isVisible()).resolves.toBe(true);
    await q.page.getByRole('heading', { level: 1 }).click();
    await syncedHere(q.page);
    await screenshot(q.page, 'qm-local-view', card);
    expect(q.errors()).toEqual([]);
  }, 120_000);

  it('4. member and coordinator change the same text; the coordinator keeps the member’s value by name', async () => {
    const c = need(s.coordinator, 'the coordinator');
    const m = need(s.member, 'the member');
    await syncedHere(c.page);
    await openVisit(c.page);
    await expect
      .poll(async () => (await housingText(c.page)).inputValue(), { timeout: 30_000 })
      .toBe(HOUSING_TEXT);

    // The coordinator edits at the desk while the network is away; the member's edit lands first.
    await c.ctx.setOffline(true);
    await armSaveWatch(c.page);
    await (await housingText(c.page)).fill(DESK_EDIT);
    await c.page.getByRole('heading', { level: 1 }).click();
    await savedOnDevice(c.page);
    await expect.poll(async () => (await housingText(m.page)).inputValue()).toBe(HOUSING_TEXT);
    await (await housingText(m.page)).fill(MEMBER_EDIT);
    await m.page.getByRole('heading', { level: 1 }).click();
    await syncedHere(m.page);
    await c.ctx.setOffline(false);

    // The coordinator's card is marked under the field, naming the member.
    const markC = c.page.getByTestId('conflict-mark');
    await markC.first().waitFor({ timeout: 45_000 });
    await expect(markC.first().textContent()).resolves.toContain(MEMBER.name);
    await screenshot(c.page, 'coordinator-conflict-mark', markC.first());
    // The member's device learns of it at its next sync, naming the coordinator.
    await syncedHere(m.page);
    const markM = m.page.getByTestId('conflict-mark');
    await markM.first().waitFor({ timeout: 45_000 });
    await expect(markM.first().textContent()).resolves.toContain(ADMIN.name);
    await screenshot(m.page, 'member-conflict-mark', markM.first());

    // The coordinator follows the mark and keeps the member's value.
    await markC.first().getByRole('link', { name: 'Konflikt lösen' }).click();
    const card = c.page.getByTestId('conflict');
    await card.first().waitFor();
    const title = (await card.first().getByRole('heading', { level: 3 }).textContent()) ?? '';
    expect(title).toContain(HOUSING);
    expect(title).toContain(SITE);
    await expect(card.first().getByTestId('conflict-parties').textContent()).resolves.toBe(
      `Konflikt mit ${MEMBER.name}`,
    );
    await screenshot(c.page, 'coordinator-conflict-card');
    await card
      .first()
      .getByRole('button', { name: `Wert von ${MEMBER.name} behalten` })
      .click();
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(0);
    await syncedHere(c.page);

    // Both devices show the kept value, unmarked.
    await syncedHere(m.page);
    for (const p of [c.page, m.page]) {
      await openVisit(p);
      await expect
        .poll(async () => (await housingText(p)).inputValue(), { timeout: 30_000 })
        .toBe(MEMBER_EDIT);
      await expect.poll(() => p.getByTestId('conflict-mark').count(), { timeout: 30_000 }).toBe(0);
    }
    expect(c.errors()).toEqual([]);
    expect(m.errors()).toEqual([]);
  }, 180_000);

  it('5. the coordinator on another device exports the PDF with the photos and authors, and the CSV data', async () => {
    const d = await device(day.browser, DESK);
    try {
      await signIn(d.page, day.server, ADMIN);
      await syncedHere(d.page);
      await openVisit(d.page);
      await expect
        .poll(async () => (await housingText(d.page)).inputValue(), { timeout: 30_000 })
        .toBe(MEMBER_EDIT);

      const pdf = await download(d.page, 'PDF exportieren');
      const images = pdfImages(pdf);
      // The three photos in full (1200×900), loaded by the export itself on this device.
      expect(images.filter((wh) => wh === '1200x900').length).toBeGreaterThanOrEqual(3);
      const text = pdfText(pdf);
      expect(text).not.toContain('noch nicht auf diesem Gerät');
      expect(text).toContain(MEMBER_EDIT);
      expect(text).toContain(QM_TEXT);
      expect(text).toContain(`Erfasst von ${MEMBER.name}`);
      expect(text).toContain(`Erfasst von ${QM.name}`);

      const files = unzipSync(await download(d.page, 'Daten (CSV)'));
      const csv = (name: string) => {
        const bytes = files[name];
        expect(bytes, name).toBeDefined();
        return strictCsv(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''), ';');
      };
      const column = (rows: string[][], header: string) => {
        const i = rows[0]!.indexOf(header);
        expect(i, `${header} in ${rows[0]!.join(';')}`).toBeGreaterThanOrEqual(0);
        return rows.slice(1).map((r) => r[i]);
      };
      const obs = csv('Beobachtungen.csv');
      expect(obs[0]).toEqual(
        expect.arrayContaining(['Handlungsfeld', 'Perspektive', 'Bewertung', 'Erfasst von']),
      );
      expect(obs).toHaveLength(1 + 11);
      const authors = column(obs, 'Erfasst von');
      expect(authors.filter((a) => a === MEMBER.name)).toHaveLength(10);
      expect(authors.filter((a) => a === QM.name)).toHaveLength(1);
      const qmRow = obs.find((r) => r.includes(QM_TEXT))!;
      expect(qmRow).toContain('Innensicht (vor Ort)');
      const housingRow = obs.find((r) => r.includes(MEMBER_EDIT))!;
      expect(housingRow).toContain(HOUSING);
      for (const name of [
        'Fotos.csv',
        'Bedarfe-und-Schritte.csv',
        'Teilnehmende.csv',
        'Checkliste.csv',
      ]) {
        const rows = csv(name);
        expect(rows.length, name).toBeGreaterThan(1);
        if (name !== 'Checkliste.csv')
          expect(new Set(column(rows, 'Erfasst von')), name).toEqual(new Set([MEMBER.name]));
      }
      expect(column(csv('Fotos.csv'), 'Erfasst von')).toHaveLength(3);
      // The checklist came with the coordinator's visit; the member's note names her as its editor.
      const check = csv('Checkliste.csv');
      const na = check.find((r) => r.includes(CHECK_NOTE))!;
      expect(na).toContain('Entfällt');
      expect(na[check[0]!.indexOf('Zuletzt geändert von')]).toBe(MEMBER.name);
      await screenshot(d.page, 'coordinator-second-device');
      expect(d.errors()).toEqual([]);
    } finally {
      await d.ctx.close();
    }
  }, 180_000);

  it('6. the briefing offline: the findings per field with who, thumbnails, and the previous findings on a new visit', async () => {
    const m = need(s.member, 'the member');
    await syncedHere(m.page); // the QM's note comes too
    await m.ctx.setOffline(true);
    await nav(m.page, 'Standorte');
    await m.page.getByRole('link', { name: SITE }).click();
    const briefing = m.page.getByRole('region', { name: 'Briefing für den nächsten Besuch' });
    const housing = briefing.getByRole('region', { name: HOUSING });
    await housing.getByText(MEMBER_EDIT).waitFor({ timeout: 30_000 });
    const finding = housing.getByRole('listitem').filter({ hasText: MEMBER_EDIT });
    const findingText = (await finding.textContent()) ?? '';
    expect(findingText).toContain('Herausforderung'); // housing is the second field: kind by index
    expect(findingText).toContain('Außensicht (Besuchende)');
    expect(findingText).toContain('4 / 5');
    expect(findingText).toContain(`Erfasst von ${MEMBER.name}`);
    await expect.poll(() => imagesShown(finding)).toBe(true);
    await expect(housing.textContent()).resolves.toContain(FOLLOW_UP);
    const participation = briefing.getByRole('region', { name: PARTICIPATION });
    await expect(participation.textContent()).resolves.toContain(QM_TEXT);
    await expect(participation.textContent()).resolves.toContain(`Erfasst von ${QM.name}`);
    expect(await noSideways(m.page)).toBe(true);
    await screenshot(m.page, 'member-briefing-offline', finding);

    // A new visit at the site, still offline: the previous findings, collapsed, per field.
    await m.page.getByRole('link', { name: 'Neuer Besuch an diesem Standort' }).click();
    await m.page.getByRole('button', { name: 'Besuch anlegen' }).click();
    await m.page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
    expect(new URL(m.page.url()).pathname).not.toBe(s.visitPath);
    const before = m.page.locator('#field-housing details.previous-findings');
    await before.waitFor({ state: 'attached', timeout: 15_000 });
    await expect(before.evaluate((el) => (el as HTMLDetailsElement).open)).resolves.toBe(false);
    await expect(before.locator('summary').textContent()).resolves.toMatch(
      /Voriger Besuch.*24\. Nov\. 2026/,
    );
    await before.locator('summary').click();
    await expect(before.getByText(MEMBER_EDIT).isVisible()).resolves.toBe(true);
    await expect(before.textContent()).resolves.toContain(`Erfasst von ${MEMBER.name}`);
    await expect.poll(() => imagesShown(before), { timeout: 10_000 }).toBe(true);
    await expect(m.page.locator('details.previous-findings').count()).resolves.toBe(10);
    expect(await noSideways(m.page)).toBe(true);
    await screenshot(m.page, 'member-new-visit-previous', before);
    await m.ctx.setOffline(false);
    expect(m.errors()).toEqual([]);
    console.log(`journey screenshots: ${day.shots}`);
  }, 120_000);
});
