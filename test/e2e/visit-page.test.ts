// The visit page with 200 observations in real Chromium against the built app: it reads the
// visit's photos once (not once per observation card), shows every card — the first ones with
// the page, the rest in idle chunks — and hands each card its own photos.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ACTION_FIELDS } from '../../src/shared/domain/action-fields';
import { readAppDb } from './support/app-db';
import { followLink, watchErrors } from './support/browser';
import { servePersistentApp } from './support/built-app';
import { createSite } from './support/capture';
import { signIn } from '../support/accounts';
import { seedVisits } from '../bench/support/seed-visits';

const OBSERVATIONS = 200;
const app = servePersistentApp('sb-visit-page-');

/**
 * Counts, in the page, the reads of the photos store by visit (`__photoReads`: requests on its
 * 'visitId' index), which is how a visit's photos are queried. Installed before any app script.
 */
const COUNT_PHOTO_READS = `(() => {
  const g = globalThis;
  g.__photoReads = 0;
  for (const m of ['get', 'getAll', 'getAllKeys', 'openCursor', 'openKeyCursor', 'count']) {
    const f = IDBIndex.prototype[m];
    IDBIndex.prototype[m] = function (...args) {
      if (this.objectStore.name === 'photos' && this.name === 'visitId') g.__photoReads++;
      return f.apply(this, args);
    };
  }
})();`;

/** Photo rows (no image bytes: the strips show them as missing) for the first observation and the visit. */
function seedPhotos(page: Page, visitId: string, observationId: string) {
  return readAppDb(
    page,
    async ({ db }, { visitId, observationId }) => {
      const t = db.transaction('photos', 'readwrite');
      const now = new Date().toISOString();
      const targets = [observationId, observationId, observationId, null];
      targets.forEach((obs, i) =>
        t.objectStore('photos').put({
          id: `seed-photo-${i}`,
          visitId,
          observationId: obs,
          sha256: `${String(i).padStart(2, '0')}`.repeat(32),
          thumbSha256: `${String(i + 10).padStart(2, '0')}`.repeat(32),
          mime: 'image/jpeg',
          width: 1600,
          height: 1200,
          bytes: 1000,
          order: i,
          caption: `Foto ${i}`,
          takenAt: null,
          lat: null,
          lng: null,
          createdAt: now,
          _v: 0,
          _deleted: 0,
        }),
      );
      await new Promise<void>((ok, fail) => {
        t.oncomplete = () => ok();
        t.onerror = () => fail(t.error);
      });
    },
    { visitId, observationId },
  );
}

it('reads the photos of a visit with 200 observations once and shows every card, the first ones at once', async () => {
  const { server, browser: context } = app;
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = watchErrors(page);
  await page.addInitScript(COUNT_PHOTO_READS);
  await page.goto(server.url);
  await signIn(page, server);
  const siteId = (await createSite(page, 'Prüfstadt', 'Süd')).split('/').pop()!;
  const [visitId] = await seedVisits(page, {
    siteId,
    from: 0,
    to: 1,
    perVisit: OBSERVATIONS,
    fields: ACTION_FIELDS.map((f) => f.id),
  });
  await seedPhotos(page, visitId!, 'bench-obs-0-0');

  // A client-side route change to the visit; record how many cards each DOM change left.
  const before = await page.evaluate(
    () => (globalThis as { __photoReads?: number }).__photoReads ?? 0,
  );
  await page.evaluate((href) => {
    const g = globalThis as {
      __cardCounts?: number[];
      __inFirstFrame?: number;
      __ratingsInFirstFrame?: boolean;
      __titleInFirstFrame?: string;
    };
    g.__cardCounts = [];
    const cards = () => document.querySelectorAll('fieldset.obs').length;
    // Frames counted from the click: in which one the page's header and the first cards came.
    const f = globalThis as { __frame?: number; __headFrame?: number; __cardsFrame?: number };
    f.__frame = 0;
    const tick = () => {
      f.__frame!++;
      if (f.__cardsFrame === undefined) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new MutationObserver(() => {
      if (f.__headFrame === undefined && document.querySelector('.visit-head h1'))
        f.__headFrame = f.__frame;
      if (f.__cardsFrame === undefined && cards() > 0) f.__cardsFrame = f.__frame;
      g.__cardCounts!.push(cards());
      // The frame after the first cards arrived: no later chunk may have come before it.
      if (cards() > 0 && g.__inFirstFrame === undefined) {
        g.__inFirstFrame = -1;
        requestAnimationFrame(() => {
          g.__inFirstFrame = cards();
          g.__ratingsInFirstFrame =
            !!document.getElementById('ratings') || !!document.getElementById('photos-h');
          g.__titleInFirstFrame = document.querySelector('.visit-head h1')?.textContent ?? '';
        });
      }
    }).observe(document.body, { childList: true, subtree: true });
    const a = Object.assign(document.createElement('a'), { href, textContent: 'go' });
    document.body.append(a);
    a.click();
  }, `/visits/${visitId}`);
  await page.waitForFunction(
    (n) => document.querySelectorAll('fieldset.obs').length === n,
    OBSERVATIONS,
    { timeout: 30_000 },
  );
  await page.waitForTimeout(500); // let any late query run

  // One photo query for the whole page, not one per card.
  const photoReads =
    (await page.evaluate(() => (globalThis as { __photoReads?: number }).__photoReads ?? 0)) -
    before;
  expect(photoReads).toBe(1);

  // Every observation is there (the last seeded one too), and the first frame did not hold them all.
  // A card far down shows its text in a box until it comes near the screen (dormant.tsx).
  const texts = await page.$$eval('fieldset.obs :is(textarea, .dormant-text)', (ts) =>
    ts.map(
      (t) => (t instanceof HTMLTextAreaElement ? t.value : (t.textContent ?? '')).split(':')[0],
    ),
  );
  expect(new Set(texts)).toEqual(
    new Set(Array.from({ length: OBSERVATIONS }, (_, i) => `Beobachtung ${i}`)),
  );
  const counts = await page.evaluate(
    () => (globalThis as { __cardCounts?: number[] }).__cardCounts ?? [],
  );
  const firstShown = counts.find((n) => n > 0)!;
  expect(firstShown).toBeGreaterThan(0);
  expect(firstShown).toBeLessThan(OBSERVATIONS);
  // The first frame with cards draws just the first ones: the idle chunks wait until it is painted.
  const inFirstFrame = await page.evaluate(
    () => (globalThis as { __inFirstFrame?: number }).__inFirstFrame,
  );
  expect(inFirstFrame).toBe(firstShown);
  // The observations come in the task after the frame that painted the page's upper part (one
  // long task with it before).
  const frames = await page.evaluate(() => {
    const f = globalThis as { __headFrame?: number; __cardsFrame?: number };
    return { head: f.__headFrame, cards: f.__cardsFrame };
  });
  expect(frames.head).toBeGreaterThanOrEqual(0);
  expect(frames.cards, 'the cards come a frame after the header').toBeGreaterThan(frames.head!);
  // The site's name is there with the first cards (read with the visit), not a placeholder.
  await expect(
    page.evaluate(() => (globalThis as { __titleInFirstFrame?: string }).__titleInFirstFrame),
  ).resolves.toBe('Prüfstadt – Süd');
  // The ratings, follow-ups and photos below the observations come a frame later, in their
  // place after the findings.
  const ratingsInFirstFrame = await page.evaluate(
    () => (globalThis as { __ratingsInFirstFrame?: boolean }).__ratingsInFirstFrame,
  );
  expect(ratingsInFirstFrame).toBe(false);
  await expect(
    page.evaluate(() => {
      const obs = document.querySelector('section[aria-labelledby="obs-h"]')!;
      const ratings = document.getElementById('ratings')!;
      const photos = document.getElementById('photos-h')!;
      const after = (el: Element) =>
        !!(obs.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
      return (
        after(ratings) &&
        after(photos) &&
        !!(ratings.compareDocumentPosition(photos) & Node.DOCUMENT_POSITION_FOLLOWING)
      );
    }),
  ).resolves.toBe(true);

  // Each strip shows its own group: 3 photos under the first observation, 1 for the visit.
  await expect(page.locator('#obs-bench-obs-0-0 .photo-item').count()).resolves.toBe(3);
  await expect(page.locator('#obs-bench-obs-0-1 .photo-item').count()).resolves.toBe(0);
  await expect(
    page.locator('section[aria-labelledby="photos-h"] .photo-item').count(),
  ).resolves.toBe(1);
  expect(errors.filter((e) => !/404|Failed to load resource/.test(e))).toEqual([]);
});

it('shows the cards without waiting for the photo settings figures, which follow in place', async () => {
  const { server, browser: context } = app;
  const page = context.pages()[0]!;
  // The device's storage estimate answers only when told: the visit's photo settings panel waits
  // for it. Then a client-side route change to the visit seeded above.
  await page.goto(`${server.url}/settings`);
  await page.waitForSelector('main h1');
  await page.evaluate((href) => {
    const g = globalThis as { __answerEstimate?: () => void };
    const real = navigator.storage.estimate.bind(navigator.storage);
    const gate = new Promise<void>((ok) => (g.__answerEstimate = ok));
    navigator.storage.estimate = () => gate.then(real);
    const a = Object.assign(document.createElement('a'), { href, textContent: 'go' });
    document.body.append(a);
    a.click();
  }, '/visits/bench-visit-0000');
  // The page and its first cards are there while the estimate is still open…
  await page.locator('fieldset.obs').first().waitFor({ timeout: 10_000 });
  await page.locator('#photos-h').waitFor({ timeout: 10_000 });
  await expect(page.locator('.photo-usage').count()).resolves.toBe(0);
  // …and the figures follow once it answers.
  await page.evaluate(() => (globalThis as { __answerEstimate?: () => void }).__answerEstimate!());
  await page.locator('.photo-usage').waitFor({ timeout: 10_000 });
  await expect(page.locator('main').getByText('Lädt …').count()).resolves.toBe(0);
});

it('opened with a link to a record, has the parts below the first screen at once (the jump needs them)', async () => {
  const { server, browser: context } = app;
  const page = context.pages()[0]!;
  await page.goto(`${server.url}/settings`);
  await page.waitForSelector('main h1');
  const ratingsWithFirstCards = await page.evaluate(
    (href) =>
      new Promise<boolean>((ok) => {
        const mo = new MutationObserver(() => {
          if (!document.querySelector('fieldset.obs')) return;
          mo.disconnect();
          ok(!!document.getElementById('ratings') && !!document.getElementById('photos-h'));
        });
        mo.observe(document.body, { childList: true, subtree: true });
        const a = Object.assign(document.createElement('a'), { href, textContent: 'go' });
        document.body.append(a);
        a.click();
      }),
    '/visits/bench-visit-0000#observation-bench-obs-0-0',
  );
  expect(ratingsWithFirstCards).toBe(true);
});

/**
 * Records in the page (`__seen`) whether a page heading in main, once there, was ever gone again
 * while the app started.
 */
const WATCH_BLANK = `(() => {
  const g = globalThis;
  g.__seen = {};
  new MutationObserver(() => {
    const heading = document.querySelector('main h1');
    if (heading) g.__seen.page = true;
    else if (g.__seen.page) g.__seen.blank = true;
  }).observe(document, { childList: true, subtree: true });
})();`;

// A page's first render comes a task after the one that asked for it (lazy-or-blank.ts), to split
// the start's long task (lighthouse_visit_tbt_ms measures that). The list's first screen is
// exchanged for the app with the database (app.tsx): there the new layout must bring its page
// along, or main would be empty for a moment.
it('the list’s first screen never goes blank when the app with the database takes over', async () => {
  const { server, browser: context } = app;
  const page = await context.newPage();
  try {
    await page.addInitScript(WATCH_BLANK);
    for (const path of ['/visits', '/visits/bench-visit-0000']) {
      await page.goto(`${server.url}${path}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForTimeout(1500); // past the exchange
      const seen = await page.evaluate(
        () => (globalThis as unknown as { __seen: { page?: boolean; blank?: boolean } }).__seen,
      );
      expect(seen.page).toBe(true);
      expect(seen.blank, `${path} went blank`).toBeUndefined();
    }
  } finally {
    await page.close();
  }
});

// A link followed while the app starts (the moment main is there, before its page rendered, and
// just after, as visit-100k.bench.ts does) is followed: the page shown is the one the address
// names. Holding back the router's outlet in the layout for a task (an earlier way to split the
// start) left the settings page under a visit's address in about 1 of 8 bench runs; these two
// timings did not hit that race, so the bench's route changes stay the wider net.
it('a link tapped while the app starts opens its page', async () => {
  const { server, browser: context } = app;
  const page = await context.newPage();
  try {
    await page.addInitScript(() => {
      const mo = new MutationObserver(() => {
        if (!document.querySelector('main')) return;
        mo.disconnect();
        const a = Object.assign(document.createElement('a'), {
          href: '/visits/bench-visit-0000',
          textContent: 'go',
        });
        document.body.append(a);
        a.click();
      });
      mo.observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${server.url}/settings`);
    await page.waitForURL('**/visits/bench-visit-0000');
    await page.locator('fieldset.obs').first().waitFor({ timeout: 15_000 });
    await expect(page.locator('main h1').first().textContent()).resolves.toBe('Prüfstadt – Süd');
  } finally {
    await page.close();
  }
  const later = await context.newPage();
  try {
    await later.goto(`${server.url}/settings`);
    await later.waitForSelector('main');
    await followLink(later, '/visits/bench-visit-0000');
    await later.locator('fieldset.obs').first().waitFor({ timeout: 15_000 });
    await expect(later.locator('main h1').first().textContent()).resolves.toBe('Prüfstadt – Süd');
  } finally {
    await later.close();
  }
});

it('publishes the coverage strip height for the scroll padding only while the strip is sticky (wide screens)', async () => {
  const { server, browser: context } = app;
  const page = context.pages()[0]!;
  const coverageH = () =>
    page.evaluate(() => document.documentElement.style.getPropertyValue('--coverage-h'));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${server.url}/visits/bench-visit-0000`);
  await page.locator('nav.coverage').waitFor();
  await page.waitForTimeout(200);
  await expect(coverageH()).resolves.toBe('');
  // Wider: the strip sticks below the header and the keyboard's scroll padding counts it.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForFunction(() =>
    /^\d+(\.\d+)?px$/.test(document.documentElement.style.getPropertyValue('--coverage-h')),
  );
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction(
    () => document.documentElement.style.getPropertyValue('--coverage-h') === '',
  );
});
