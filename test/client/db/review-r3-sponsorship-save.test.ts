// A saved sponsorship form sends only what it changed (as an offer's does): two people editing
// different fields of one sponsorship both keep their change, with no conflict between them.
import { afterEach, describe, expect, it } from 'vitest';
import { createSite } from '../../../src/client/db/mutators';
import { addSponsorship, updateSponsorship } from '../../../src/client/db/sponsorship-mutators';
import { closeOpened, harnessDevice, harnessServer } from '../../support/client-engine';

afterEach(closeOpened);

const fields = (over = {}) => ({
  project: '',
  sponsors: [{ name: 'A. Pate', organisation: 'Stiftung' }],
  from: '2026-01-01',
  to: null,
  note: '',
  ...over,
});

describe('saving a sponsorship form', () => {
  it("sends only the changed fields, so another person's change of another field stays", async () => {
    const h = await harnessServer();
    const coordinator = await h.user('coordinator');
    const a = await harnessDevice(h, coordinator.token);
    const site = await createSite(a.db, { municipality: 'Marburg', quarter: 'Richtsberg' });
    const s = await addSponsorship(a.db, site.id, fields());
    expect((await a.engine.syncNow()).status).toBe('ok');
    const member = await h.user('member');
    const b = await harnessDevice(h, member.token);
    expect((await b.engine.syncNow()).status).toBe('ok');

    await updateSponsorship(a.db, s.id, fields({ note: 'Treffen monatlich' }));
    expect((await a.engine.syncNow()).status).toBe('ok');
    // B saves its form (all fields) with only the project changed, not having seen A's note.
    await updateSponsorship(b.db, s.id, fields({ project: 'Stadtteilgarten' }));
    const sent = (await b.db.outbox.orderBy('clientSeq').toArray()).at(-1)!;
    expect(sent.fields).toEqual({ project: 'Stadtteilgarten' });
    expect((await b.engine.syncNow()).status).toBe('ok');
    expect((await a.engine.syncNow()).status).toBe('ok');

    for (const d of [a, b]) {
      expect(await d.db.sponsorships.get(s.id)).toMatchObject({
        project: 'Stadtteilgarten',
        note: 'Treffen monatlich',
      });
      expect(await d.db.conflicts.count()).toBe(0);
    }
    // Saving it unchanged queues nothing.
    const before = await b.db.outbox.count();
    await updateSponsorship(
      b.db,
      s.id,
      fields({ project: 'Stadtteilgarten', note: 'Treffen monatlich' }),
    );
    expect(await b.db.outbox.count()).toBe(before);
    a.engine.stop();
    b.engine.stop();
  });
});
