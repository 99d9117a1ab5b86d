// Every list of the visit and site pages is a live query that sees an item the moment it is
// written on this device, with no network and no reload: a participant, an observation, a
// follow-up, a photo, a visit at its site (docs/architecture.md §Write path).
// liveQuery needs a global indexedDB to observe changes in node.
import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addFollowUp,
  addObservation,
  addParticipant,
  createSite,
  createVisit,
} from '../../../src/client/db/mutators';
import { addPhoto, setBlobMode } from '../../../src/client/db/photos';
import {
  followUpsOf,
  observationsOf,
  openFollowUpsOfSite,
  participantsByVisit,
  participantsOf,
  photosOfVisit,
  visitsOfSite,
} from '../../../src/client/db/queries';
import type { AppDb } from '../../../src/client/db/schema';
import { closeOpened, engineDevice, photoFile } from '../../support/client-engine';

afterEach(closeOpened);

/** Subscribes to `query` and resolves with the first answer that satisfies `ok` (or throws after 1 s). */
function nextAnswer<T>(query: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error('the live list did not update within 1 s'));
    }, 1_000);
    const sub = liveQuery(query).subscribe({
      next: (v) => {
        if (!ok(v)) return;
        clearTimeout(timer);
        sub.unsubscribe();
        resolve(v);
      },
      error: reject,
    });
  });
}

/** Starts watching `query` now, writes, and returns what the list showed after the write. */
async function afterWrite<T>(
  query: () => Promise<T>,
  write: () => Promise<unknown>,
  changed: (v: T) => boolean,
): Promise<T> {
  const first = await nextAnswer(query, () => true);
  expect(changed(first)).toBe(false); // the item is not there before it is written
  const next = nextAnswer(query, changed);
  await write();
  return next;
}

describe('lists on the visit and site pages show an item added offline at once', () => {
  async function offlineVisit() {
    // A device whose every request fails: nothing here may depend on the network.
    const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const { db, engine } = engineDevice({ token: 't', fetch: offline });
    await engine.syncNow();
    setBlobMode(db, 'buffer');
    const site = await createSite(db, { municipality: 'Hanau', quarter: 'Lamboy' });
    const visit = await createVisit(db, { siteId: site.id, date: '2026-06-01' });
    return { db, site, visit };
  }

  it('a participant: the visit’s list and the visit list’s search data', async () => {
    const { db, visit } = await offlineVisit();
    const shown = await afterWrite(
      () => participantsOf(db, visit.id),
      () => addParticipant(db, visit.id, { name: 'Erika Muster' }),
      (rows) => rows.some((p) => p.name === 'Erika Muster'),
    );
    expect(shown.map((p) => p.name)).toEqual(['Erika Muster']);
    // The second person appears too (the list was not only right the first time).
    const two = await afterWrite(
      () => participantsOf(db, visit.id),
      () => addParticipant(db, visit.id, { name: 'Max Mustermann' }),
      (rows) => rows.length === 2,
    );
    expect(two.map((p) => p.name)).toEqual(['Erika Muster', 'Max Mustermann']);
    const byVisit = await nextAnswer(
      () => participantsByVisit(db),
      (m) => (m.get(visit.id)?.length ?? 0) === 2,
    );
    expect(byVisit.get(visit.id)?.map((p) => p.name)).toContain('Max Mustermann');
  });

  it('an observation, a follow-up (visit and site briefing) and a photo', async () => {
    const { db, site, visit } = await offlineVisit();
    await afterWrite(
      () => observationsOf(db, visit.id),
      () => addObservation(db, { visitId: visit.id, fieldId: 'housing', text: 'Hof' }),
      (rows) => rows.length === 1,
    );
    await afterWrite(
      () => followUpsOf(db, visit.id),
      () => addFollowUp(db, { visitId: visit.id, description: 'Spielplatz prüfen' }),
      (rows) => rows.length === 1,
    );
    await nextAnswer(
      () => openFollowUpsOfSite(db, site.id),
      (rows) => rows.length === 1,
    );
    await afterWrite(
      () => photosOfVisit(db, visit.id),
      () =>
        addPhoto(
          db,
          { visitId: visit.id, observationId: null },
          photoFile(300, 2_000),
          photoFile(30, 500),
        ),
      (groups) => (groups['']?.length ?? 0) === 1,
    );
  });

  it('a second visit at the site', async () => {
    const { db, site } = await offlineVisit();
    await afterWrite(
      () => visitsOfSite(db, site.id),
      () => createVisit(db as AppDb, { siteId: site.id, date: '2026-07-01' }),
      (rows) => rows.length === 2,
    );
  });
});
