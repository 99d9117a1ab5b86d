// "Verlauf" in real Chromium at phone size against the built app (docs/architecture.md §History):
// an observation two people changed at once shows its create, the change that won and the
// conflict in words with both names; "Diesen Wert wiederherstellen" on the value that did not
// win writes it back as a normal change; the page never scrolls sideways.
import { expect, it } from 'vitest';
import { signIn } from '../support/accounts';
import { PHONE, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { until } from './support/capture';
import { openSeededVisit, seedConflict, seedRealistic } from './support/realistic-seed';

const app = serveBuiltApp();

it('shows who changed an observation when, the conflict in words, and restores the value that did not win', async () => {
  const s = await seedRealistic(app.server.url, app.server.dataDir);
  await seedConflict(app.server.url, app.server.dataDir, s);
  const context = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(app.server.url);
  await signIn(page, app.server);
  await openSeededVisit(page, app.server.url, s.visitId);

  const card = page.locator(`#obs-${s.observation.id}`);
  const navigations: string[] = [];
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations.push(f.url());
  });
  await card.locator('details.record-history > summary').click();
  const list = card.locator('.history-list');
  // On a timeout, say what the card showed instead (still loading, an error, closed again).
  await list.waitFor({ timeout: 20_000 }).catch(async (e: unknown) => {
    const open = await card.locator('details.record-history').getAttribute('open');
    const said = await card.locator('details.record-history').innerText();
    throw new Error(
      `no history list: open=${open !== null}, shown: ${JSON.stringify(said)}, ` +
        `navigations since the click: ${JSON.stringify(navigations)} (${String(e)})`,
    );
  });
  const items = list.locator('li.history-item');
  const texts = await items.allInnerTexts();
  expect(texts[0]).toContain('hat den Eintrag angelegt');
  expect(texts.find((t) => t.includes('hat geändert'))).toContain(
    'Spielplatz saniert, gut besucht',
  );
  const conflict = items.filter({ hasText: 'hat gleichzeitig geändert' });
  await expect.poll(() => conflict.innerText()).toContain('Spielplatz saniert, Bänke fehlen');
  // The value standing now is not offered again; the one that did not win is.
  const standing = items.filter({ hasText: 'hat geändert' });
  expect(await standing.getByRole('button', { name: /Diesen Wert wiederherstellen/ }).count()).toBe(
    0,
  );
  await conflict.getByRole('button', { name: /Diesen Wert wiederherstellen/ }).click();
  const text = card.locator('textarea').first();
  await until(
    'restored text in the form',
    async () => (await text.inputValue()) === 'Spielplatz saniert, Bänke fehlen',
  );
  await expect
    .poll(() => card.locator('.record-history [role="status"]').last().innerText())
    .toContain('Wiederhergestellt');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    PHONE.width,
  );
  expect(errors).toEqual([]);
  await context.close();
});
