// Capturing through the real screens, shared by the chaos, crash and security runs: a site, a
// visit, observations and gallery photos, plus the sync button. No vitest here, so the long
// scripts in test/reliability can use it under plain tsx.
import { readFileSync } from 'node:fs';
import type { Download, Locator, Page } from 'playwright-core';

export const FIELD = 'Wohnen und Wohnumfeld';

/** Polls `fn` until it returns a truthy value; throws with `what` after `timeoutMs`. */
export async function until<T>(what: string, fn: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function createSite(
  page: Page,
  municipality: string,
  quarter: string,
): Promise<string> {
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Standorte' })
    .click();
  await page.getByRole('link', { name: 'Neuer Standort' }).click();
  await page.getByRole('textbox', { name: 'Kommune' }).fill(municipality);
  await page.getByRole('textbox', { name: 'Quartier' }).fill(quarter);
  await page.getByRole('button', { name: 'Standort anlegen' }).click();
  await page.getByRole('heading', { level: 1, name: `${municipality} – ${quarter}` }).waitFor();
  return new URL(page.url()).pathname;
}

/** From a site page: a new visit there; returns the visit's path. */
export async function createVisit(page: Page, date = '2026-06-01'): Promise<string> {
  await page.getByRole('link', { name: 'Neuer Besuch an diesem Standort' }).click();
  await page.getByLabel('Datum').fill(date);
  await page.getByRole('button', { name: 'Besuch anlegen' }).click();
  await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

type SaveWatch = { __sawSaving?: boolean };

/** From now on, notes whether the page's save status goes through "saving" (a write started). */
export async function armSaveWatch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as SaveWatch;
    w.__sawSaving = false;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.save-status'))) {
      new MutationObserver(() => {
        if (el.dataset['state'] === 'saving') w.__sawSaving = true;
      }).observe(el, { attributes: true, attributeFilter: ['data-state'] });
    }
  });
}

/**
 * Waits until the save status says "Auf diesem Gerät gespeichert" after a write that started
 * since `armSaveWatch` (not an older save's message), checked in the page every 20 ms.
 */
export async function savedOnDevice(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      (window as unknown as SaveWatch).__sawSaving === true &&
      Array.from(document.querySelectorAll<HTMLElement>('.save-status')).some(
        (el) =>
          el.dataset['state'] === 'saved' &&
          el.textContent?.includes('Auf diesem Gerät gespeichert'),
      ),
    undefined,
    { timeout: 15_000, polling: 20 },
  );
}

/**
 * The observation "Text" box in `region` (an action field's section), the section scrolled into
 * view first: a card far down the page waits with its fields as boxes until it comes near the
 * screen (app/components/dormant.tsx), as it does for a person scrolling there.
 */
export async function observationTextIn(region: Locator): Promise<Locator> {
  await region.scrollIntoViewIfNeeded();
  return region.getByRole('textbox', { name: 'Text' }).first();
}

/**
 * Adds an observation in the housing field and types `text`; waits until it is saved on the
 * device. The new card takes the focus (autofocus), which finds it even while the list is
 * still loading from IndexedDB.
 */
export async function addObservation(page: Page, text: string): Promise<void> {
  const region = page.getByRole('region', { name: FIELD, exact: true });
  await page.getByRole('button', { name: `Beobachtung hinzufügen: ${FIELD}` }).click();
  const fresh = region.locator('textarea:focus');
  await fresh.waitFor({ timeout: 15_000 });
  await armSaveWatch(page);
  await fresh.fill(text);
  await page.getByRole('heading', { level: 1 }).click(); // blur: the field saves
  await until(
    'observation listed',
    async () =>
      await region
        .getByRole('textbox', { name: 'Text' })
        .evaluateAll((els, t) => els.some((e) => (e as HTMLTextAreaElement).value === t), text),
  );
  await savedOnDevice(page);
}

/** A JPEG drawn in the page (a phone photo stand-in); `seed` varies the picture. */
export async function drawJpeg(page: Page, seed: number, w = 800, h = 600): Promise<Buffer> {
  const b64 = await page.evaluate(
    async ([seed, w, h]) => {
      const c = new OffscreenCanvas(w!, h!);
      const g = c.getContext('2d')!;
      g.fillStyle = `hsl(${(seed! * 47) % 360} 60% 40%)`;
      g.fillRect(0, 0, w!, h!);
      for (let i = 0; i < 200; i++) {
        g.fillStyle = `hsl(${(i * 31 + seed! * 7) % 360} 70% 60% / 0.4)`;
        g.fillRect((i * 7919 + seed!) % w!, (i * 104729) % h!, 50, 30);
      }
      const bytes = new Uint8Array(
        await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.85 })).arrayBuffer(),
      );
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000)
        s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    },
    [seed, w, h],
  );
  return Buffer.from(b64, 'base64');
}

/**
 * Adds `files` from the gallery to one photo strip (the visit's unless `strip` names another, e.g.
 * a card's); waits until all are listed.
 */
export async function addPhotos(
  page: Page,
  files: { name: string; buffer: Buffer }[],
  strip: Locator = page.getByRole('region', { name: 'Fotos zum Besuch' }),
): Promise<void> {
  const items = strip.getByRole('listitem');
  const before = await items.count();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    strip.getByRole('button', { name: 'Aus Galerie wählen' }).click(),
  ]);
  await chooser.setFiles(
    files.map((f) => ({ name: f.name, mimeType: 'image/jpeg', buffer: f.buffer })),
  );
  await until('photos listed', async () => (await items.count()) === before + files.length, 60_000);
}

/** Clicks the export button named `button` and returns the bytes of the file it downloads. */
export async function download(page: Page, button: string): Promise<Uint8Array> {
  const [dl] = (await Promise.all([
    page.waitForEvent('download', { timeout: 90_000 }),
    page.getByRole('button', { name: button, exact: true }).click(),
  ])) as [Download, unknown];
  return new Uint8Array(readFileSync(await dl.path()));
}

export const syncIndicator = (page: Page) => page.getByTestId('sync-state');
/** The header's text when everything is synced: symbol and time ("✓Synchronisiert um 10:14"). */
export const SYNCED = /^✓Synchronisiert um \d\d:\d\d/;
/** The same, with nothing else in the header (no conflict or rejection mark). */
export const SYNCED_ONLY = /^✓Synchronisiert um \d\d:\d\d$/;

/** Opens the sync panel, presses "Jetzt synchronisieren" and closes the panel again; true when "Synchronisiert um …" followed within `timeoutMs`. */
export async function pressSyncNow(page: Page, timeoutMs = 30_000): Promise<boolean> {
  const panelButton = page.getByRole('button', { name: 'Jetzt synchronisieren' });
  if (!(await panelButton.isVisible())) await syncIndicator(page).click();
  await until('sync button enabled', () => panelButton.isEnabled(), timeoutMs);
  await panelButton.click();
  const ok = await until(
    'Synchronisiert um …',
    async () => SYNCED.test((await syncIndicator(page).textContent()) ?? ''),
    timeoutMs,
  ).then(
    () => true,
    () => false,
  );
  if (await panelButton.isVisible()) await syncIndicator(page).click(); // close the panel: it covers the page
  return ok;
}
