// Realistic data for every route, written through the real sync API by a coordinator's device:
// a site with a long contact e-mail and municipality, a visit with ten observations with long
// texts, a follow-up, two participants, a checklist and two photos with captions. Used by the
// phone layout and the accessibility runs, which look at every route as people fill it.
import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { ACTION_FIELDS } from '../../../src/shared/domain/action-fields';
import { seedAccounts } from '../../support/accounts';
import { makeHttpDevice, uploadPhoto } from '../../support/devices';
import { fakeJpeg, sha256 } from '../../support/jpeg';
import {
  checklistFields,
  followUpFields,
  observationFields,
  photoFields,
  siteFields,
  visitFields,
} from '../../support/rows';
import { until } from './capture';

export const MUNICIPALITY = 'Frankfurt am Main-Höchst-Unterliederbach-Sindlingen';
export const EMAIL =
  'quartiersmanagement.unterliederbach-sossenheim@caritas-frankfurt-am-main.example.org';

export type Seeded = {
  siteId: string;
  visitId: string;
  /** The coordinator's token and the first observation as the server stored it (for later edits). */
  token: string;
  observation: { id: string; version: number };
};

/** Pushes the device's whole outbox; throws on the first refused change. Returns every ack. */
async function pushAll(d: ReturnType<typeof makeHttpDevice>) {
  const all = [];
  while (d.outbox.length > 0) {
    const { acks } = await d.sync(50);
    const refused = acks.filter((a) => a.result.status === 'rejected');
    if (refused.length) throw new Error(`seed refused: ${JSON.stringify(refused[0]!.result)}`);
    all.push(...acks);
  }
  return all;
}

/** A site, a visit and its records, written by a coordinator's device through the real sync API. */
export async function seedRealistic(serverUrl: string, dataDir: string): Promise<Seeded> {
  const [coord] = await seedAccounts(dataDir, [{ role: 'coordinator' }]);
  const d = makeHttpDevice(() => serverUrl, coord!.token);
  const site = {
    ...siteFields(),
    municipality: MUNICIPALITY,
    quarter: 'Unterliederbach-Ost und Sossenheim-West (Sozialer Zusammenhalt)',
    contact: {
      name: 'Dr. Maximiliane Müller-Lüdenscheidt',
      organisation: 'Caritasverband Frankfurt am Main e. V., Quartiersmanagement',
      email: EMAIL,
      phone: '+49 69 1234567890',
    },
    notes:
      'https://www.frankfurt.de/sozialer-zusammenhalt/unterliederbach-sossenheim/isek-2024-fortschreibung.pdf',
  };
  d.enqueue('site', site.id, 'create', site);
  const visit = {
    ...visitFields(site.id),
    date: '2026-06-01',
    goals: 'Stand der Maßnahmen im Quartier ansehen',
    route: 'Treffpunkt Stadtteilbüro → Spielplatz → Bürgerhaus',
  };
  d.enqueue('visit', visit.id, 'create', visit);
  for (const [i, item] of ['prep-date', 'prep-participants', 'prep-goals'].entries())
    d.enqueue('checklistItem', `${visit.id}~${item}`, 'create', {
      ...checklistFields(visit.id, item),
      order: i,
      state: i === 0 ? 'done' : i === 1 ? 'na' : 'open',
    });
  for (const [i, name] of ['Erika Mustermann', 'Prof. Dr. Hans-Joachim Weißenbörn'].entries()) {
    const id = uuidv7();
    d.enqueue('participant', id, 'create', {
      id,
      visitId: visit.id,
      name,
      organisation: 'Amt für Wohnungswesen und Stadterneuerung',
      role: 'Sachgebietsleitung',
      order: i,
      createdAt: new Date().toISOString(),
    });
  }
  const kinds = ['challenge', 'recommendation', 'question', 'strength', 'potential'] as const;
  let firstObservation = '';
  for (const [i, f] of ACTION_FIELDS.entries()) {
    const o = {
      ...observationFields(visit.id),
      fieldId: f.id,
      kind: kinds[i % kinds.length]!,
      perspective: i % 2 ? 'local' : 'outside',
      rating: (i % 5) + 1,
      text: `${f.de}: Die Aufenthaltsqualität am Platz ist eingeschränkt, siehe https://example.org/quartier/${'sehr-langer-pfad-'.repeat(3)}${i}`,
      place: 'Kreuzung Königsteiner Straße / Gotenstraße',
    };
    firstObservation ||= o.id;
    d.enqueue('observation', o.id, 'create', o);
  }
  const followUp = followUpFields(visit.id, site.id);
  d.enqueue('followUp', followUp.id, 'create', {
    ...followUp,
    fieldId: ACTION_FIELDS[0]!.id,
    description: 'Beratung zur Verstetigung des Quartiersmanagements nach Programmende anbieten',
    owner: EMAIL,
    dueDate: '2027-01-31',
  });
  for (const [i, obs] of [firstObservation, null].entries()) {
    const full = fakeJpeg(1200, 900, 2000, 0x40 + i);
    const thumb = fakeJpeg(240, 180, 200, 0x50 + i);
    for (const bytes of [full, thumb])
      await uploadPhoto(serverUrl, coord!.token, bytes, sha256(bytes));
    const p = {
      ...photoFields(visit.id, sha256(full)),
      observationId: obs,
      thumbSha256: sha256(thumb),
      width: 1200,
      height: 900,
      bytes: full.length,
      order: i,
      caption:
        'Blick von der Fußgängerbrücke auf den neu gestalteten Quartiersplatz mit Spielgeräten',
    };
    d.enqueue('photo', p.id, 'create', p);
  }
  const acks = await pushAll(d);
  const created = acks.find((a) => a.mutation.entityId === firstObservation)!;
  return {
    siteId: site.id,
    visitId: visit.id,
    token: coord!.token,
    observation: { id: firstObservation, version: created.result.serverSeq! },
  };
}

/**
 * A field conflict on the seeded first observation, as two people make it: a member saves the
 * text, then the coordinator's device sends its own text on the same version. Every device that
 * reads the site learns of the conflict with both names.
 */
export async function seedConflict(serverUrl: string, dataDir: string, s: Seeded): Promise<void> {
  const [member] = await seedAccounts(dataDir, [{ role: 'member' }]);
  const m = makeHttpDevice(() => serverUrl, member!.token);
  m.enqueue(
    'observation',
    s.observation.id,
    'patch',
    { text: 'Spielplatz saniert, gut besucht' },
    s.observation.version,
  );
  await pushAll(m);
  const c = makeHttpDevice(() => serverUrl, s.token);
  c.enqueue(
    'observation',
    s.observation.id,
    'patch',
    { text: 'Spielplatz saniert, Bänke fehlen' },
    s.observation.version,
  );
  const {
    acks: [ack],
  } = await c.sync(1);
  if (ack?.result.status !== 'conflict')
    throw new Error(`expected a conflict, got ${JSON.stringify(ack?.result)}`);
}

/** Every route of the app (routes.tsx) for a seeded site and visit, and one that does not exist. */
export function everyRoute({ siteId, visitId }: { siteId: string; visitId: string }): string[] {
  return [
    '/visits',
    '/visits/new',
    `/visits/${visitId}`,
    '/sites',
    '/sites/new',
    `/sites/${siteId}`,
    `/sites/${siteId}/edit`,
    '/settings',
    '/sync',
    '/account',
    '/users',
    '/overview',
    '/activity',
    '/templates',
    '/templates/prep',
    '/needs',
    '/offers',
    '/offers/new',
    '/gibt-es-nicht',
  ];
}

/** Opens the seeded visit on a signed-in page and waits until sync has brought its ten fields. */
export async function openSeededVisit(page: Page, serverUrl: string, visitId: string) {
  await page.goto(`${serverUrl}/visits/${visitId}`);
  await until('seeded visit pulled', () =>
    page
      .locator('fieldset.obs')
      .count()
      .then((n) => n === ACTION_FIELDS.length),
  );
  // The page says when its parts after the first paint are in (aria-busy): a tap before that
  // may land while the page is still being built.
  await until('visit page built', () =>
    page.evaluate(() => document.querySelector('main [aria-busy="true"]') === null),
  );
}
