// A saved sponsorship form sends only what it changed (as an offer's does): two people editing
// different fields of one sponsorship both keep their change, with no conflict between them.
import { afterEach, describe, expect, it } from 'vitest';
import { createSite } from '../../../src/client/db/mutators';
import { addSponsorship, updateSponsorship } from '../../../src/client/db/sponsorship-mutators';
import { closeOpened, harnessDevice, harnessServer } from '../../support/client-engine';
import { sponsorshipInput } from '../../support/rows';

afterEach(closeOpened);

describe('saving a sponsorship form', () => {
  it("sends only the changed fields, so another person's change of another field stays", async () => {
    const h = await harnessServer();
    const coordinator = await h.user('coordinator');
    const a = await harnessDevice(h, coordinator.token);
    const site = await createSite(a.db, { municipality: 'Marburg', quarter: 'Richtsberg' });
    const s = await addSponsorship(a.db, site.id, sponsorshipInput());
    expect((await a.engine.syncNow()).status).toBe('ok');
    const member = await h.user('member');
    const b = await harnessDevice(h, member.token);
    expect((await b.engine.syncNow()).status).toBe('ok');

    await updateSponsorship(a.db, s.id, sponsorshipInput({ note: 'Treffen monatlich' }));
    expect((await a.engine.syncNow()).status).toBe('ok');
    // B saves its form (all fields) with only the project changed, not having seen A's note.
    await updateSponsorship(b.db, s.id, sponsorshipInput({ project: 'Stadtteilgarten' }));
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
      sponsorshipInput({ project: 'Stadtteilgarten', note: 'Treffen monatlich' }),
    );
    expect(await b.db.outbox.count()).toBe(before);
    a.engine.stop();
    b.engine.stop();
  });
});
