// The print view's report document, measured in real Chromium against the built app: a realistic
// visit (observations in all ten fields, participants, a checklist, a follow-up, a conflict,
// photos with and without caption) opened in the print view at phone size in German and in
// English. axe-core (WCAG 2.0/2.1/2.2 A and AA) finds nothing in the frame's document; the
// headings start at one h1 and skip no level; the language, title, main landmark, lists and the
// images' alternative texts are as the report's language says; print media keeps headings with
// what follows and figures whole.
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ACTION_FIELDS } from '../../src/shared/domain/action-fields';
import { createAccount, signIn } from '../support/accounts';
import { makeHttpDevice, uploadPhoto } from '../support/devices';
import { fakeJpeg, sha256 } from '../support/jpeg';
import { photoFields } from '../support/rows';
import { readAppDb } from './support/app-db';
import { axeViolations, describeViolations } from './support/axe';
import { watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { until } from './support/capture';
import { type Seeded, seedConflict, seedRealistic } from './support/realistic-seed';

const app = serveBuiltApp();
const LANGS = [
  {
    lang: 'de',
    tag: 'de-DE',
    option: 'Deutsch',
    photo: 'Foto',
    noField: 'ohne Handlungsfeld',
    participants: 'Teilnehmende',
  },
  {
    lang: 'en',
    tag: 'en-GB',
    option: 'English',
    photo: 'Photo',
    noField: 'no action field',
    participants: 'Participants',
  },
] as const;

/** Two photos without a caption (one of the first observation's field, one of the visit), so the
 * report has to describe them by field and time. */
async function addUncaptionedPhotos(s: Seeded): Promise<void> {
  const d = makeHttpDevice(() => app.server.url, s.token);
  for (const [i, observationId] of [s.observation.id, null].entries()) {
    const full = fakeJpeg(1000, 750, 1500, 0x60 + i);
    const thumb = fakeJpeg(200, 150, 200, 0x70 + i);
    for (const bytes of [full, thumb])
      await uploadPhoto(app.server.url, s.token, bytes, sha256(bytes));
    const p = {
      ...photoFields(s.visitId, sha256(full)),
      observationId,
      thumbSha256: sha256(thumb),
      width: 1000,
      height: 750,
      bytes: full.length,
      order: 10 + i,
    };
    d.enqueue('photo', p.id, 'create', p);
  }
  const { acks } = await d.sync(10);
  expect(acks.map((a) => a.result.status)).toEqual(['applied', 'applied']);
}

/** Opens the print view in `option`'s language and returns its frame, its document loaded. */
async function openPrintView(page: Page, option: string): Promise<Frame> {
  await page
    .getByRole('combobox', { name: 'Sprache des Berichts' })
    .selectOption({ label: option });
  await page.getByRole('button', { name: 'Druckansicht', exact: true }).click();
  const iframe = await page.waitForSelector('iframe[title="Druckansicht des Berichts"]', {
    timeout: 60_000,
  });
  // The frame is sandboxed without allow-scripts, where no script can run, not even a test's
  // (Playwright's evaluate waits forever). Loaded again with scripts allowed, the same document
  // in the same frame, size and stylesheet can be measured; nothing in it runs by itself.
  expect(await iframe.getAttribute('sandbox')).toBe('allow-same-origin allow-modals');
  await iframe.evaluate((f) => {
    const el = f as HTMLIFrameElement;
    el.sandbox.add('allow-scripts');
    el.srcdoc = el.srcdoc; // eslint-disable-line no-self-assign -- reloads with the new flags
  });
  const frame = (await iframe.contentFrame())!;
  await frame.waitForSelector('main h1');
  // Every image loaded (the photos come as blob: URLs).
  await frame.waitForFunction(() => [...document.images].every((img) => img.complete));
  return frame;
}

/** What the document says about itself, read in the frame. */
function structure(frame: Frame, participantsHeading: string) {
  return frame.evaluate(
    (participantsHeading) => ({
      lang: document.documentElement.lang,
      title: document.title,
      mains: document.querySelectorAll('main').length,
      /** Nothing outside the landmarks: main, then the footer (contentinfo). */
      body: [...document.body.children].map((el) => el.tagName),
      headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => ({
        level: Number(h.tagName[1]),
        text: h.textContent ?? '',
      })),
      alts: [...document.images].map((img) => img.getAttribute('alt')),
      listItemsOutsideLists: [...document.querySelectorAll('li')].filter(
        (li) => !li.parentElement?.matches('ul, ol'),
      ).length,
      participants: [
        ...([...document.querySelectorAll('h2')]
          .find((h) => h.textContent === participantsHeading)
          ?.nextElementSibling?.querySelectorAll(':scope > li') ?? []),
      ].map((li) => li.textContent),
      conflicts: document.querySelectorAll('h2 + ul > li.note').length,
      /** Reflow: how far the document scrolls sideways in the phone-wide frame. */
      sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    }),
    participantsHeading,
  );
}

describe('the print view report document', () => {
  it('has no axe violations, one h1, headings in order and described images, in German and English', async () => {
    const seeded = await seedRealistic(app.server.url, app.server.dataDir);
    await seedConflict(app.server.url, app.server.dataDir, seeded);
    await addUncaptionedPhotos(seeded);
    const context = await app.browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'de-DE',
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(app.server.url);
      await signIn(page, app.server, await createAccount(app.server, { name: 'Koordination' }));
      await page.goto(`${app.server.url}/visits/${seeded.visitId}`);
      await until('seeded visit and its four photos pulled', async () => {
        const obs = await page.locator('fieldset.obs').count();
        const photos = await readAppDb(page, ({ all }) => all('photos').then((r) => r.length));
        return obs === ACTION_FIELDS.length && photos === 4;
      });

      for (const l of LANGS) {
        const frame = await openPrintView(page, l.option);
        const s = await structure(frame, l.participants);
        expect(s.lang).toBe(l.tag);
        expect(s.title).toMatch(l.lang === 'de' ? /^Besuchsbericht / : /^Visit report /);
        expect(s.mains).toBe(1);
        expect(s.body).toEqual(['MAIN', 'FOOTER']);
        expect(s.headings.filter((h) => h.level === 1)).toHaveLength(1);
        expect(s.headings[0]!.level).toBe(1);
        const jumps = s.headings.filter((h, i) => i > 0 && h.level > s.headings[i - 1]!.level + 1);
        expect(jumps).toEqual([]);
        for (const f of ACTION_FIELDS)
          expect(s.headings).toContainEqual({ level: 3, text: f[l.lang] });
        expect(s.sideways).toBe(0);
        expect(s.listItemsOutsideLists).toBe(0);
        expect(s.participants).toHaveLength(2);
        expect(s.conflicts).toBe(1);

        // Four images, each described: the two captioned by their caption, the others by field and time.
        expect(s.alts).toHaveLength(4);
        const caption =
          'Blick von der Fußgängerbrücke auf den neu gestalteten Quartiersplatz mit Spielgeräten';
        expect(s.alts.filter((a) => a === caption)).toHaveLength(2);
        const bare = s.alts.filter((a) => a !== caption);
        expect(bare).toHaveLength(2);
        expect(bare).toContainEqual(
          expect.stringMatching(
            new RegExp(`^${l.photo}: ${ACTION_FIELDS[0]![l.lang]}, .*\\d{2}:\\d{2}$`),
          ),
        );
        expect(bare).toContainEqual(
          expect.stringMatching(new RegExp(`^${l.photo}: ${l.noField}, .*\\d{2}:\\d{2}$`)),
        );

        const violations = await axeViolations(frame);
        expect(describeViolations(`print view (${l.lang})`, violations)).toEqual([]);

        await page.screenshot({ path: `/tmp/a5/print-view-${l.lang}.png` });
        // Printed: headings stay with what follows, photos and observations are not cut.
        await page.emulateMedia({ media: 'print' });
        const print = await frame.evaluate(() => {
          const style = (sel: string) => getComputedStyle(document.querySelector(sel)!);
          return {
            h2: style('h2').breakAfter,
            h3: style('h3').breakAfter,
            afterH3: style('h3 + *').breakBefore,
            figure: style('figure').breakInside,
            obs: style('.obs').breakInside,
          };
        });
        await page.emulateMedia({ media: 'screen' });
        expect(print).toEqual({
          h2: 'avoid',
          h3: 'avoid',
          afterH3: 'avoid',
          figure: 'avoid',
          obs: 'avoid',
        });
        await page
          .getByRole('dialog', { name: 'Druckansicht des Berichts' })
          .getByRole('button', { name: 'Schließen' })
          .click();
        await page
          .locator('iframe[title="Druckansicht des Berichts"]')
          .waitFor({ state: 'detached' });
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
