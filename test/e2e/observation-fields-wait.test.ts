// A long visit's observation cards far below the screen hold no form controls: their fields wait
// as boxes drawn like the controls (app/components/dormant.tsx) until the card comes near the
// screen or a box takes the focus. Real Chromium at phone size: the boxes are the controls' size
// (nothing moves when a card wakes), a card that scrolls near wakes, Tab onto a box hands the
// focus to the control made in its place and what is typed there is saved, and no card goes back.
// A far card whose record has an open conflict is made with its controls, so its mark shows.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { watchErrors } from './support/browser';
import { servePersistentApp } from './support/built-app';
import {
  addObservation,
  armSaveWatch,
  createSite,
  createVisit,
  savedOnDevice,
  until,
} from './support/capture';
import { createAccount, seedAccounts, signIn } from '../support/accounts';
import { makeHttpDevice } from '../support/devices';
import { observationFields, siteFields, visitFields } from '../support/rows';

const app = servePersistentApp('sb-fields-wait-');
const CARDS = 8;

type CardState = { controls: number; boxes: number; fieldHeights: number[] };

/** Per observation card: its form controls, its waiting boxes, and its fields' heights. */
const cardStates = (page: Page) =>
  page.locator('.obs').evaluateAll((cards) =>
    cards.map((card) => ({
      controls: card.querySelectorAll('.field textarea, .field input, .field select').length,
      boxes: card.querySelectorAll('.dormant-box, .select-box[tabindex]').length,
      // Measuring lays the card out even where content-visibility skips it.
      fieldHeights: [...card.querySelectorAll('.field')].map(
        (f) => Math.round(f.getBoundingClientRect().height * 10) / 10,
      ),
    })),
  ) as Promise<CardState[]>;

it('far cards wait as boxes of the controls’ size; scrolling near or Tab wakes them, and typing there is saved', async () => {
  const { server, browser: context } = app;
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.url);
  await signIn(page, server);
  await createSite(page, 'Offenbach am Main', 'Nordend');
  const visitPath = await createVisit(page);
  for (let i = 1; i <= CARDS; i++)
    await addObservation(page, `Beobachtung ${i}: Der Platz wird nachmittags stark genutzt.`);

  // Opened again at the top: the last cards are far below and wait.
  await page.goto(server.url + visitPath);
  await page.waitForSelector('main article[aria-busy="false"]');
  await until('every card rendered', async () => (await page.locator('.obs').count()) === CARDS);
  await page.evaluate(() => window.scrollTo(0, 0));
  // The first frame's three cards get their controls in the first idle moment, near or not:
  // a short visit has nothing waiting (the third is two screens down here).
  await until('the first cards awake', async () =>
    (await cardStates(page)).slice(0, 3).every((c) => c.controls === 5 && c.boxes === 0),
  );
  const before = await cardStates(page);
  const last = before[CARDS - 1]!;
  expect(last).toMatchObject({ controls: 0, boxes: 5 });
  // The waiting card shows its text where the text area will be.
  await expect
    .poll(() => page.locator('.obs').last().locator('.dormant-text').textContent())
    .toBe(`Beobachtung ${CARDS}: Der Platz wird nachmittags stark genutzt.`);

  // Scrolled near, it wakes: five controls, each field exactly as high as its box was.
  await page.locator('.obs').last().scrollIntoViewIfNeeded();
  await until('the last card awake', async () => (await cardStates(page))[CARDS - 1]!.boxes === 0);
  const woken = (await cardStates(page))[CARDS - 1]!;
  expect(woken.controls).toBe(5);
  expect(woken.fieldHeights).toEqual(last.fieldHeights);

  // Back at the top, the woken card stays a card of controls.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  expect((await cardStates(page))[CARDS - 1]!.controls).toBe(5);

  // Opened again; Tab from the page onto a far card's text box: its text area takes the focus.
  await page.goto(server.url + visitPath);
  await page.waitForSelector('main article[aria-busy="false"]');
  await until('every card rendered', async () => (await page.locator('.obs').count()) === CARDS);
  await page.evaluate(() => window.scrollTo(0, 0));
  const far = page.locator('.obs').nth(CARDS - 2);
  await until('a far card waits', async () => (await cardStates(page))[CARDS - 2]!.boxes === 5);
  await far.locator('.dormant-text').focus();
  const focused = far.locator('textarea:focus');
  await focused.waitFor({ timeout: 10_000 });
  await armSaveWatch(page);
  await page.keyboard.press('End');
  await page.keyboard.type(' Abends dunkel.');
  await page.getByRole('heading', { level: 1 }).click(); // blur: the field saves
  await savedOnDevice(page);
  await page.reload();
  await page.waitForSelector('main article[aria-busy="false"]');
  await page
    .locator('.obs')
    .nth(CARDS - 2)
    .scrollIntoViewIfNeeded();
  await expect
    .poll(() =>
      page
        .locator('.obs')
        .nth(CARDS - 2)
        .locator('textarea')
        .inputValue(),
    )
    .toBe(`Beobachtung ${CARDS - 1}: Der Platz wird nachmittags stark genutzt. Abends dunkel.`);
  expect(errors).toEqual([]);
});

it('a far card with an open conflict has its controls and its mark without being scrolled to', async () => {
  const { server, browser: context } = app;
  const [one, two] = await seedAccounts(server.dataDir, [
    { role: 'coordinator' },
    { role: 'coordinator' },
  ]);
  const d1 = makeHttpDevice(() => server.url, one!.token);
  const d2 = makeHttpDevice(() => server.url, two!.token);
  const site = { ...siteFields(), municipality: 'Marburg', quarter: 'Richtsberg' };
  const visit = { ...visitFields(site.id), date: '2026-06-01' };
  const early = Array.from({ length: 7 }, (_, i) => ({
    ...observationFields(visit.id),
    fieldId: 'housing',
    text: `Früh ${i + 1}`,
  }));
  // Without an action field: the last card of the page.
  const target = { ...observationFields(visit.id), text: 'Spielplatz saniert' };
  d1.enqueue('site', site.id, 'create', site);
  d1.enqueue('visit', visit.id, 'create', visit);
  for (const o of early) d1.enqueue('observation', o.id, 'create', o);
  const created = d1.enqueue('observation', target.id, 'create', target);
  const { acks } = await d1.sync(20, 500);
  const base = acks.find((a) => a.mutation.id === created.id)!.result.serverSeq!;
  await d2.post([d2.mutation('observation', target.id, 'patch', { text: 'Von zwei' }, base)]);
  const res = await d1.post([
    d1.mutation('observation', target.id, 'patch', { text: 'Von eins' }, base),
  ]);
  expect(res.results[0]!.status).toBe('conflict');

  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.url);
  await signIn(page, server, await createAccount(server, { role: 'coordinator' }));
  await page.goto(`${server.url}/visits/${visit.id}`);
  await page.waitForSelector('main article[aria-busy="false"]');
  await until('every card rendered', async () => (await page.locator('.obs').count()) === 8);
  await page.evaluate(() => window.scrollTo(0, 0));
  const last = page.locator('.obs').last();
  await last.getByTestId('conflict-mark').waitFor({ state: 'attached', timeout: 30_000 });
  const states = await cardStates(page);
  expect(states[6]).toMatchObject({ controls: 0, boxes: 5 }); // a far card without one waits
  expect(states[7]).toMatchObject({ controls: 5, boxes: 0 });
  expect(errors).toEqual([]);
  await page.close();
});
