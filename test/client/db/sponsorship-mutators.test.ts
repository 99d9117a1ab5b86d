// A site's sponsorships on the device (src/client/db/sponsorship-mutators.ts, -queries.ts):
// written with their outbox entries, refused when malformed, listed per site, and their state on
// a given day.
import { afterEach, describe, expect, it } from 'vitest';
import { RecordNotFoundError, ValidationError } from '../../../src/client/db/errors';
import { createSite } from '../../../src/client/db/mutators';
import type { AppDb } from '../../../src/client/db/schema';
import {
  addSponsorship,
  deleteSponsorship,
  updateSponsorship,
} from '../../../src/client/db/sponsorship-mutators';
import { sponsorshipState, sponsorshipsOfSite } from '../../../src/client/db/sponsorship-queries';
import { makeTestDb } from '../../support/fake-db';
import { sponsorshipInput } from '../../support/rows';

let db: AppDb;
afterEach(() => db?.close());

describe('sponsorship mutators', () => {
  it('adds, changes and deletes; lists the site’s own, the latest start first', async () => {
    db = makeTestDb();
    const site = await createSite(db, { municipality: 'Marburg', quarter: 'Richtsberg' });
    const other = await createSite(db, { municipality: 'Wetzlar', quarter: 'Dalheim' });
    const older = await addSponsorship(db, site.id, sponsorshipInput());
    const newer = await addSponsorship(
      db,
      site.id,
      sponsorshipInput({ project: 'Stadtteilgarten', from: '2026-04-01' }),
    );
    await addSponsorship(db, other.id, sponsorshipInput());
    expect((await sponsorshipsOfSite(db, site.id)).map((s) => s.id)).toEqual([newer.id, older.id]);
    expect((await db.outbox.toArray()).filter((e) => e.entity === 'sponsorship')).toHaveLength(3);

    await updateSponsorship(db, older.id, { to: '2026-03-31', note: 'übergeben' });
    await expect(updateSponsorship(db, older.id, { to: '2025-12-31' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await db.sponsorships.get(older.id)).toMatchObject({
      to: '2026-03-31',
      note: 'übergeben',
    });
    await deleteSponsorship(db, older.id);
    expect((await sponsorshipsOfSite(db, site.id)).map((s) => s.id)).toEqual([newer.id]);
  });

  it('refuses no sponsors, a nameless sponsor, a bad date, an unknown site; nothing queued', async () => {
    db = makeTestDb();
    const site = await createSite(db, { municipality: 'Marburg', quarter: 'Richtsberg' });
    const before = await db.outbox.count();
    for (const bad of [
      sponsorshipInput({ sponsors: [] }),
      sponsorshipInput({ sponsors: [{ name: '', organisation: 'x' }] }),
      sponsorshipInput({ from: '1.1.2026' }),
      sponsorshipInput({ from: '2026-05-01', to: '2026-04-30' }),
    ])
      await expect(addSponsorship(db, site.id, bad)).rejects.toBeInstanceOf(ValidationError);
    await expect(addSponsorship(db, 'nowhere', sponsorshipInput())).rejects.toBeInstanceOf(
      RecordNotFoundError,
    );
    expect(await db.outbox.count()).toBe(before);
  });
});

describe('sponsorshipState', () => {
  const s = { from: '2026-03-01', to: '2026-06-30' };
  it('planned before its first day, running through its last day, ended after', () => {
    expect(sponsorshipState(s, '2026-02-28')).toBe('planned');
    expect(sponsorshipState(s, '2026-03-01')).toBe('running');
    expect(sponsorshipState(s, '2026-06-30')).toBe('running');
    expect(sponsorshipState(s, '2026-07-01')).toBe('ended');
    expect(sponsorshipState({ from: '2020-01-01', to: null }, '2030-01-01')).toBe('running');
  });
});
