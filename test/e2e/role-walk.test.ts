// Each role's walk through every screen, in real Chromium on a 390 × 844 phone against the real
// server: a coordinator, an alliance member and the Quartiersmanagement of site A each sign in
// on a fresh browser context, open every route of src/client/app/routes.tsx, note the actions
// offered there (elements marked data-action), perform each one that changes data, let the
// app sync, and then prove that the server refused nothing (no rejection on the device, no
// 403/404 from /api) and that what the shared policy (src/shared/policy.ts) denies the role was
// not offered at all (a QM sees no "+ Neuer Standort", a member gets no users page).
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { User } from '../../src/shared/auth';
import {
  canCreate,
  canEditSite,
  canEditTemplates,
  canManageUsers,
  canSeeActivity,
  canSeeOverview,
  defaultPerspective,
  mayDeleteVisit,
} from '../../src/shared/policy';
import { readAppDb } from './support/app-db';
import { PHONE, watchErrors } from './support/browser';
import { serveBuiltApp } from './support/built-app';
import { FIELD, addObservation, addPhotos, drawJpeg, until } from './support/capture';
import { type Account, createAccount, seedAccounts, signIn } from '../support/accounts';
import { makeHttpDevice } from '../support/devices';
import { siteFields, visitFields } from '../support/rows';

const app = serveBuiltApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const c of contexts) await c.close();
});

type Who = 'coordinator' | 'member' | 'qm';
/** Two sites made by a setup account, each with a visit nobody of the walk created. */
const seeded = {
  a: siteFields(),
  b: siteFields(),
  visitA: '',
  visitB: '',
  /** The account that created the seeded sites and visits. */
  creator: '',
};
seeded.a.municipality = 'Ahausen';
seeded.b.municipality = 'Bedorf';
const accounts = {} as Record<Who, { account: Account; user: User }>;

beforeAll(async () => {
  const [setup] = await seedAccounts(app.server.dataDir, [{ role: 'coordinator' }]);
  const device = makeHttpDevice(() => app.server.url, setup!.token);
  seeded.creator = setup!.id;
  const visitA = visitFields(seeded.a.id);
  const visitB = visitFields(seeded.b.id);
  seeded.visitA = visitA.id;
  seeded.visitB = visitB.id;
  device.enqueue('site', seeded.a.id, 'create', seeded.a);
  device.enqueue('site', seeded.b.id, 'create', seeded.b);
  device.enqueue('visit', visitA.id, 'create', visitA);
  device.enqueue('visit', visitB.id, 'create', visitB);
  const { acks } = await device.sync();
  expect(acks.map((a) => a.result.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
  const specs: [Who, User['role'], string | null][] = [
    ['coordinator', 'coordinator', null],
    ['member', 'member', null],
    ['qm', 'quartiersmanagement', seeded.a.id],
  ];
  for (const [who, role, siteId] of specs) {
    const account = await createAccount(app.server, {
      name: `Walk ${who}`,
      role,
      ...(siteId ? { siteId } : {}),
    });
    // The policy's view of this person (the id is not needed by any rule asked below).
    const user: User = {
      id: `walk-${who}`,
      email: account.email,
      name: account.name,
      role,
      siteId,
      disabled: false,
    };
    accounts[who] = { account, user };
  }
});

/** Every route of the app, with the ids of real seeded records for its parameters. */
function routeTable(): Record<string, (ids: { site: string; visit: string }) => string> {
  return {
    '/': () => '/',
    '/visits': () => '/visits',
    '/visits/new': () => '/visits/new',
    '/visits/:id': (ids) => `/visits/${ids.visit}`,
    '/sites': () => '/sites',
    '/sites/new': () => '/sites/new',
    '/sites/:id': (ids) => `/sites/${ids.site}`,
    '/sites/:id/edit': (ids) => `/sites/${ids.site}/edit`,
    '/settings': () => '/settings',
    '/sync': () => '/sync',
    '/account': () => '/account',
    '/users': () => '/users',
    '/overview': () => '/overview',
    '/activity': () => '/activity',
    '/templates': () => '/templates',
    '/templates/:id': () => '/templates/prep',
    '/needs': () => '/needs',
    '/offers': () => '/offers',
    '/offers/new': () => '/offers/new',
    '/offers/:id': () => '/offers/no-such-offer',
    '*404': () => '/no-such-page',
  };
}

it('walks the same routes as routes.tsx declares', () => {
  const declared = [
    ...readFileSync('src/client/app/routes.tsx', 'utf8').matchAll(/path: '([^']+)'/g),
  ].map((m) => m[1]);
  expect(Object.keys(routeTable()).sort()).toEqual(declared.sort());
});

type Seen = { actions: string[]; notAllowed: boolean; text: string };

/**
 * The offered actions that create or change records outside the visit page, by their marker
 * and, so that an unmarked one is found too, by the words on them (as sources of a RegExp).
 */
const ACTIONS: Record<string, string> = {
  'site.create': '^\\+ Neuer Standort$',
  'site.edit': '^Standort bearbeiten$',
  'visit.create': '^\\+ Neuer Besuch',
  'visit.delete': '^Besuch löschen$',
  'template.create': '^Vorlage anlegen$',
};

/** The visible element offering `action` (by its marker, else by its words). */
const offered = (page: Page, action: string) =>
  page
    .locator(`[data-action="${action}"]`)
    .or(page.locator('a, button').filter({ hasText: new RegExp(ACTIONS[action]!) }))
    .first();

/**
 * Navigates inside the app (no reload) and waits until the new page replaced the previous one
 * (the router keeps showing the old page while the new one loads), finished loading and is no
 * longer busy building its parts.
 */
async function open(page: Page, path: string): Promise<Seen> {
  const from = await page.evaluate((p) => {
    const was = location.pathname;
    for (const el of Array.from(document.querySelectorAll('main > *')))
      el.setAttribute('data-walk-old', '');
    history.pushState(null, '', p);
    dispatchEvent(new PopStateEvent('popstate'));
    return was;
  }, path);
  await until(`${path} rendered`, () =>
    page.evaluate((was) => {
      const main = document.querySelector('main')!;
      const children = Array.from(main.children);
      const replaced =
        location.pathname === was ||
        (children.length > 0 && children.every((c) => !c.hasAttribute('data-walk-old')));
      const text = main.innerText.trim();
      // A page still building its parts says so (the visit page, until its body and the
      // parts after the first paint are in: before that its actions are not all offered yet).
      const building = main.querySelector('[aria-busy="true"]') !== null;
      return replaced && text.length > 0 && !text.includes('Lädt …') && !building;
    }, from),
  );
  return page.locator('main').evaluate(
    (el, actions) => ({
      actions: [
        ...new Set(
          Array.from(document.querySelectorAll<HTMLElement>('[data-action], a, button'))
            .filter((e) => e.offsetParent !== null)
            .map(
              (e) =>
                e.dataset['action'] ??
                Object.keys(actions).find((a) =>
                  new RegExp(actions[a]!).test(e.textContent?.trim() ?? ''),
                ),
            )
            .filter((a): a is string => !!a),
        ),
      ],
      notAllowed: !!el.querySelector('[data-testid="not-allowed"]'),
      text: el.textContent ?? '',
    }),
    ACTIONS,
  );
}

/** Leaves the focused field (autosave on blur) and waits until the write is saved on the device. */
async function blurAndSave(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).click();
  await page.locator('.save-status[data-state="saved"]').first().waitFor({ timeout: 15_000 });
}

/**
 * Waits until the app synced everything (the outbox empty, photo bytes on the server), then
 * checks that the server refused none of it: no rejection on the device, none in the list.
 */
async function synced(page: Page, who: Who): Promise<void> {
  await until(
    `${who}'s changes synced`,
    () =>
      readAppDb(page, async ({ all }) => {
        const outbox = await all('outbox');
        const blobs = await all<{ state: string }>('blobState');
        return (
          outbox.length === 0 && blobs.every((b) => b.state !== 'local' && b.state !== 'uploading')
        );
      }),
    45_000,
  );
  const rejections = await readAppDb(page, ({ all }) => all('rejections'));
  expect(rejections, `${who}: the server refused changes`).toEqual([]);
  const sync = await open(page, '/sync');
  expect(sync.text, `${who}: the rejection list`).toMatch(/Keine abgelehnten Änderungen/);
}

/** What the walk did as one role: the routes' offered actions and the refusals seen. */
type Walk = { seen: Map<string, Seen>; apiRefusals: string[]; errors: string[] };

async function walk(who: Who): Promise<Walk> {
  const { account, user } = accounts[who];
  const ctx = await app.browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  contexts.push(ctx);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  const apiRefusals: string[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/') && [403, 404].includes(r.status()))
      apiRefusals.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  await signIn(page, app.server, account);
  // The seeded records are on the device before the walk (the first sync pulled them).
  const home = who === 'qm' ? seeded.a : seeded.b;
  const homeVisit = who === 'qm' ? seeded.visitA : seeded.visitB;
  await until('seeded records pulled', () =>
    readAppDb(page, async ({ get }, id) => !!(await get('visits', id)), homeVisit),
  );

  const seen = new Map<string, Seen>();
  for (const [route, path] of Object.entries(routeTable()))
    seen.set(route, await open(page, path({ site: home.id, visit: homeVisit })));

  // ── perform every offered action that changes data ─────────────────────────────────────
  let siteId = home.id;
  if (seen.get('/sites')!.actions.includes('site.create')) {
    await open(page, '/sites');
    await offered(page, 'site.create').click();
    await page.getByRole('textbox', { name: 'Kommune' }).fill(`Neustadt ${who}`);
    await page.getByRole('textbox', { name: 'Quartier' }).fill('Mitte');
    await page.getByRole('button', { name: 'Standort anlegen' }).click();
    await page.waitForURL(/\/sites\/[0-9a-f-]{36}$/);
    siteId = new URL(page.url()).pathname.split('/').pop()!;
  }
  if (seen.get('/templates')!.actions.includes('template.create')) {
    await open(page, '/templates');
    await page.getByLabel('Titel (Deutsch)').fill(`Vorlage von ${who}`);
    await offered(page, 'template.create').click();
    await page.getByLabel('Neuer Punkt (Deutsch)').fill('Erster Punkt');
    await page.getByRole('button', { name: '+ Punkt hinzufügen' }).click();
    await page.getByRole('group', { name: 'Punkt 1' }).waitFor();
  }
  const siteActions = (await open(page, `/sites/${siteId}`)).actions;
  if (siteActions.includes('site.edit')) {
    await offered(page, 'site.edit').click();
    await page.getByRole('textbox', { name: 'Notizen' }).fill(`Notiz von ${who}`);
    await blurAndSave(page);
    await open(page, `/sites/${siteId}`);
  }
  // A new visit at the site the role works at, through the site page's "+ Neuer Besuch".
  expect(siteActions, `${who} may start a visit at ${siteId}`).toContain('visit.create');
  await offered(page, 'visit.create').click();
  await page.getByLabel('Datum').fill('2026-06-01');
  await page.getByRole('button', { name: 'Besuch anlegen' }).click();
  await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/);

  // On the visit: status, an observation (in the role's perspective), a follow-up, a
  // participant, a checklist item, a photo, then a deleted and restored follow-up.
  await page
    .getByRole('group', { name: 'Prüfung' })
    .getByRole('button', { name: 'Besuch beginnen' })
    .click();
  await page.locator('.review-panel .status').filter({ hasText: 'Läuft' }).waitFor();
  await addObservation(page, `Beobachtung von ${who}`);
  const perspective = page
    .getByRole('region', { name: FIELD, exact: true })
    .getByLabel('Perspektive')
    .first();
  expect(await perspective.inputValue()).toBe(defaultPerspective(user.role));
  await page.locator('#fu-new').fill(`Vereinbarung von ${who}`);
  await page.getByRole('button', { name: '+ Punkt hinzufügen' }).click();
  await page.getByRole('textbox', { name: 'Beschreibung' }).first().waitFor();
  await page.getByText('Besuchsdaten').click();
  await page.getByLabel('Name', { exact: true }).last().fill(`Gast von ${who}`);
  await page.getByRole('button', { name: '+ Person hinzufügen' }).click();
  await page.getByRole('group', { name: 'Teilnehmende Person 1' }).waitFor();
  const checklist = page.locator('details.checklist').first();
  await checklist.locator(':scope > summary').click();
  await checklist.locator('label.seg[data-value="done"]').first().click();
  await addPhotos(page, [{ name: `${who}.jpg`, buffer: await drawJpeg(page, who.length) }]);
  await page.getByRole('button', { name: 'Punkt 1 löschen' }).click();
  await page.getByRole('button', { name: 'Wiederherstellen' }).click();
  await page.getByRole('textbox', { name: 'Beschreibung' }).first().waitFor();

  const visitPath = new URL(page.url()).pathname;
  await synced(page, who);

  // The visit this person created is theirs to delete (policy: own visits, or any for the
  // coordinating office); deleting it is synced and refused by nobody either.
  const own = await open(page, visitPath);
  expect(own.actions, `${who} may delete the visit they created`).toContain('visit.delete');
  page.once('dialog', (d) => void d.accept());
  await offered(page, 'visit.delete').click();
  await page.waitForURL(/\/visits$/);
  await synced(page, who);
  await ctx.close();
  return { seen, apiRefusals, errors };
}

/** What the policy says each walked route must (or must not) offer to `user`. */
function expectOffered(who: Who, w: Walk) {
  const { user } = accounts[who];
  const at = (route: string) => w.seen.get(route)!;
  const home = who === 'qm' ? seeded.a.id : seeded.b.id;
  expect(at('/sites').actions.includes('site.create'), `${who} /sites`).toBe(canEditSite(user));
  expect(at('/sites/:id').actions.includes('site.edit'), `${who} /sites/:id`).toBe(
    canEditSite(user),
  );
  expect(at('/sites/:id').actions.includes('visit.create')).toBe(
    canCreate(user, 'visit', { siteId: home }),
  );
  // The visit page was read whole (its last part, the report menu, is in the snapshot), so a
  // missing "Besuch löschen" means not offered rather than not rendered yet.
  expect(at('/visits/:id').text, `${who} /visits/:id read whole`).toMatch(/Bericht exportieren/);
  expect(
    at('/visits/:id').actions.includes('visit.delete'),
    `${who} delete a visit not theirs`,
  ).toBe(mayDeleteVisit(user, { siteId: home, createdBy: seeded.creator }));
  expect(at('/sites/new').notAllowed, `${who} /sites/new`).toBe(!canEditSite(user));
  expect(at('/sites/:id/edit').notAllowed, `${who} /sites/:id/edit`).toBe(!canEditSite(user));
  expect(at('/users').notAllowed, `${who} /users`).toBe(!canManageUsers(user));
  expect(at('/overview').notAllowed, `${who} /overview`).toBe(!canSeeOverview(user));
  expect(at('/activity').notAllowed, `${who} /activity`).toBe(!canSeeActivity(user));
  expect(at('/templates').actions.includes('template.create'), `${who} /templates`).toBe(
    canEditTemplates(user),
  );
  expect(at('/templates/:id').notAllowed, `${who} /templates/:id`).toBe(!canEditTemplates(user));
  for (const route of ['/visits', '/visits/:id', '/sync', '/account', '/settings'])
    expect(at(route).notAllowed, `${who} ${route}`).toBe(false);
  expect(w.apiRefusals, `${who}: /api answered 403/404`).toEqual([]);
  expect(w.errors, `${who}: errors in the page`).toEqual([]);
}

it('a coordinator is offered everything, and the server applies all of it', async () => {
  const w = await walk('coordinator');
  expectOffered('coordinator', w);
  expect(w.seen.get('/sites')!.actions).toContain('site.create');
  expect(w.seen.get('/users')!.text).toMatch(/Konto anlegen/);
}, 90_000);

it('a member starts visits anywhere but sees no site editing, no users, no overview', async () => {
  const w = await walk('member');
  expectOffered('member', w);
  expect(w.seen.get('/sites')!.text).not.toMatch(/Neuer Standort/);
  expect(w.seen.get('/users')!.text).toMatch(/Nicht erlaubt/);
  expect(w.seen.get('/users')!.text).not.toMatch(/Konto anlegen/);
}, 90_000);

it('the Quartiersmanagement of site A works at its site only, in the local view', async () => {
  const w = await walk('qm');
  expectOffered('qm', w);
  const sites = w.seen.get('/sites')!.text;
  expect(sites).not.toMatch(/Neuer Standort/);
  expect(sites).toMatch(/Ahausen/);
  expect(sites).not.toMatch(/Bedorf/);
  expect(w.seen.get('/visits/new')!.text).not.toMatch(/Bedorf/);
}, 90_000);
